package grading

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

func riskRegisterDoc(ids ...string) evidence.Document {
	rows := make([]any, len(ids))
	for i, id := range ids {
		rows[i] = map[string]any{"id": id}
	}
	d := evidence.Document{Kind: "isms.register", ID: "registers/risks.csv", Complete: true, Data: map[string]any{"register": "risk_register", "rows": rows}}
	_ = d.Seal()
	return d
}

func waiverConfig(t *testing.T, waivers string) *config.Config {
	t.Helper()
	c, err := config.Parse("ismscheck.yaml", []byte("version: 1\nwaivers:\n"+waivers))
	require.NoError(t, err)
	return c
}

func TestWaiversAcceptRiskWithoutHidingTheFinding(t *testing.T) {
	cfg := waiverConfig(t, `  - rule: R-1
    resource: "legacy-*"
    justification: legacy service retired in Q1
    approver: CISO
    risk_id: R-017
    expires: 2027-03-31
`)
	findings := []results.Finding{fail("R-1", "legacy-billing", "major", "A.8.30"), fail("R-1", "api", "minor", "A.8.30")}
	out, warnings := applyWaivers(findings, cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), readRiskRegister([]evidence.Document{riskRegisterDoc("R-017")}))
	require.Len(t, out, 2, "a current, traceable waiver adds no finding")
	assert.Empty(t, warnings)
	require.NotNil(t, out[0].Waiver)
	assert.Equal(t, results.Waiver{Justification: "legacy service retired in Q1", Approver: "CISO", RiskID: "R-017", Expires: "2027-03-31"}, *out[0].Waiver)
	assert.Equal(t, results.StatusFail, out[0].Status, "the finding stays, marked as accepted")
	assert.Equal(t, "major", out[0].Grade)
	assert.Nil(t, out[1].Waiver, "the pattern does not cover api")

	r := Grade(Input{Pack: testPack(t), Config: cfg, Findings: findings[:1], AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC),
		Documents: []evidence.Document{riskRegisterDoc("R-017")}})
	for _, c := range r.Controls {
		if c.ID == "A.8.30" {
			assert.Equal(t, results.ControlRiskAccepted, c.Status)
			assert.Contains(t, c.Reason, "covered by risk acceptances")
		}
	}
	assert.Empty(t, r.Readiness.Blocking, "an accepted major does not block readiness")
	assert.Equal(t, 1, r.Readiness.Stage2.RiskAccepted)
}

func TestExpiredOrUntraceableWaiverIsAFinding(t *testing.T) {
	cfg := waiverConfig(t, `  - rule: R-1
    justification: temporary
    approver: CISO
    risk_id: R-099
    expires: 2026-10-31
`)
	findings := []results.Finding{fail("R-1", "api", "minor", "A.8.30")}
	out, _ := applyWaivers(findings, cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), readRiskRegister([]evidence.Document{riskRegisterDoc("R-017")}))
	require.Len(t, out, 3)
	assert.Nil(t, out[0].Waiver, "an expired waiver covers nothing")
	keys := map[string]results.Finding{}
	for _, f := range out[1:] {
		keys[f.Key] = f
		assert.Equal(t, WaiverRuleID, f.RuleID)
		assert.Equal(t, results.StatusFail, f.Status)
		assert.Equal(t, []string{"6.1.3", "8.3"}, f.Controls)
		require.NotNil(t, f.Location)
		assert.Equal(t, results.Location{Path: "ismscheck.yaml", Line: 3}, *f.Location, "points at the waiver in the config")
	}
	assert.Contains(t, keys["expired"].Message, "expired on 2026-10-31")
	assert.Contains(t, keys["unknown-risk"].Message, "R-099, which is not in the risk register (registers/risks.csv)")
	assert.NotEqual(t, keys["expired"].Fingerprint, keys["unknown-risk"].Fingerprint)
}

func TestWaiverMatchingNothingWarns(t *testing.T) {
	cfg := waiverConfig(t, `  - {rule: R-1, resource: gone, justification: j, approver: a, risk_id: R-1, expires: 2027-01-01}
`)
	_, warnings := applyWaivers([]results.Finding{fail("R-1", "api", "minor")}, cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), riskRegister{})
	assert.Equal(t, []string{
		"waiver of R-1: risk R-1 could not be checked, no complete risk register was read",
		`waiver of R-1 for "gone" matches no failing finding: remove it if the risk is gone`,
	}, warnings)
}

func TestWaiverConfigErrorsNameTheLine(t *testing.T) {
	_, err := config.Parse("ismscheck.yaml", []byte("version: 1\nwaivers:\n  - rule: R-1\n    approver: CISO\n    expires: 2027-01-01\n"))
	require.Error(t, err)
	assert.Equal(t, `ismscheck.yaml:3: waiver for "R-1" lacks justification, risk_id`, err.Error())
	_, err = config.Parse("ismscheck.yaml", []byte("version: 1\nwaivers:\n  - {rule: R-1, justification: j, approver: a, risk_id: R-1, expires: 31/01/2027}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ismscheck.yaml:3: waiver for R-1: expires "31/01/2027" is not a date`)
}

func TestUnreadableRiskRegisterJudgesNoWaiver(t *testing.T) {
	broken := riskRegisterDoc("R-017")
	broken.Complete = false
	broken.Errors = []evidence.Error{{File: "registers/risks.csv", Line: 9, Message: "wrong number of fields"}}
	cfg := waiverConfig(t, `  - {rule: R-1, justification: j, approver: a, risk_id: R-099, expires: 2027-01-01}
`)
	out, warnings := applyWaivers([]results.Finding{fail("R-1", "api", "minor")}, cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), readRiskRegister([]evidence.Document{broken}))
	require.Len(t, out, 1, "R-099 may be in the rows that could not be read: no finding about it")
	assert.Contains(t, warnings, "waiver of R-1: risk R-099 could not be checked, no complete risk register was read")
}
