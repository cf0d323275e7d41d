package grading

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/internal/soa"
)

func soaDoc(rows ...map[string]any) evidence.Document {
	list := make([]any, len(rows))
	for i, r := range rows {
		list[i] = r
	}
	d := evidence.Document{Kind: "isms.register", ID: "registers/soa.csv", Complete: true, Data: map[string]any{"register": "soa", "rows": list}}
	_ = d.Seal()
	return d
}

func fail(rule, id, grade string, controls ...string) results.Finding {
	return results.Finding{RuleID: rule, Status: results.StatusFail, Grade: grade, Severity: grade, Controls: controls, Resource: evidence.Ref{Kind: "isms.document", ID: id}}
}

func pass(rule, id string, controls ...string) results.Finding {
	return results.Finding{RuleID: rule, Status: results.StatusPass, Controls: controls, Resource: evidence.Ref{Kind: "isms.document", ID: id}}
}

func testPack(t *testing.T) *engine.Pack {
	t.Helper()
	src := `# METADATA
# title: t
# scope: package
# custom:
#   id: R-1
#   severity: minor
#   controls: ["A.8.30", "7.5.2"]
#   kinds: [isms.document]
#   remediation: fix it
package t.r1

deny contains "x" if false
`
	p, err := engine.Load(context.Background(), engine.Source{Name: "t", FS: fstest.MapFS{"r.rego": {Data: []byte(src)}}})
	require.NoError(t, err)
	return p
}

func TestSoAGating(t *testing.T) {
	applicability := soa.Read([]evidence.Document{soaDoc(
		map[string]any{"control": "A.8.30", "applicable": "no", "justification": "no outsourced development"},
		map[string]any{"control": "A.8.5", "applicable": "Yes"},
		map[string]any{"control": "A.9.1.1", "applicable": "Excluded"}, // 2013 id: A.5.15
	)}, nil)
	require.True(t, applicability.Known)
	assert.True(t, applicability.Excluded("A.8.30"))
	assert.True(t, applicability.Excluded("A.5.15"), "2013 ids are translated")
	assert.Contains(t, applicability.Warnings[0], "A.9.1.1 is an ISO/IEC 27001:2013 id")
	assert.False(t, applicability.Excluded("A.8.5"))

	fs := []results.Finding{
		fail("R-1", "a", "minor", "A.8.30"),
		fail("R-2", "b", "minor", "A.8.5"),
		fail("R-3", "c", "major", "A.8.30", "7.5.2"),
		fail("R-4", "d", "ofi", "A.8.30"),
	}
	gate(fs, applicability)
	assert.Equal(t, "observation", fs[0].Grade)
	assert.Equal(t, []string{"6.1.3", "A.8.30"}, fs[0].Controls)
	assert.Contains(t, fs[0].Grading[0], "excluded in the SoA")
	assert.Equal(t, "minor", fs[1].Grade, "applicable control: unchanged")
	assert.Equal(t, "major", fs[2].Grade, "a clause keeps the finding in force")
	assert.Equal(t, "ofi", fs[3].Grade, "an OFI is not raised to an observation")

	unknown := []results.Finding{fail("R-1", "a", "minor", "A.8.30")}
	gate(unknown, soa.Read(nil, nil))
	assert.Equal(t, "minor", unknown[0].Grade, "no SoA: no gating")
}

func TestEscalation(t *testing.T) {
	esc := config.Escalation{Share: 0.25, MinResources: 4, CriticalResources: []string{"policies/information-security-*.md"}}
	mk := func(failed, total int) []results.Finding {
		var fs []results.Finding
		for i := 0; i < total; i++ {
			id := string(rune('a' + i))
			if i < failed {
				fs = append(fs, fail("R-1", id, "minor"))
			} else {
				fs = append(fs, pass("R-1", id))
			}
		}
		return fs
	}
	widespread := mk(3, 8)
	escalate(widespread, esc)
	assert.Equal(t, "major", widespread[0].Grade)
	assert.Contains(t, widespread[0].Grading[0], "fails on 3 of 8 resources (38%, above 25%)")

	isolated := mk(2, 8)
	escalate(isolated, esc)
	assert.Equal(t, "minor", isolated[0].Grade, "2 of 8 is exactly 25%, not above")

	small := mk(2, 2)
	escalate(small, esc)
	assert.Equal(t, "minor", small[0].Grade, "too few resources to call it systemic")

	critical := []results.Finding{fail("R-1", "policies/information-security-policy.md", "minor")}
	escalate(critical, esc)
	assert.Equal(t, "major", critical[0].Grade)
}

func TestSeverityOverride(t *testing.T) {
	p := testPack(t)
	cfg := config.Defaults(".")
	cfg.Rules.Severity = map[string]string{"R-1": "major"}
	fs := []results.Finding{fail("R-1", "a", "minor"), fail("R-1", "b", "observation")}
	applyOverrides(fs, p, cfg)
	assert.Equal(t, "major", fs[0].Grade)
	assert.Equal(t, "observation", fs[1].Grade, "a grade the rule chose for the case stays")
}

func TestRollUpAndReadiness(t *testing.T) {
	p := testPack(t)
	docs := []evidence.Document{soaDoc(map[string]any{"control": "A.8.30", "applicable": "no", "justification": ""})}
	in := Input{
		Pack: p, Documents: docs, AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC),
		Findings: []results.Finding{
			fail("DOC-23", "r", "major", "9.3.1"),
			fail("DOC-05", "p", "minor", "A.5.1", "7.5.2"),
			fail("DOC-05", "q", "observation", "A.5.2"),
			pass("DOC-01", "s", "4.3"),
			{RuleID: "DOC-09", Status: results.StatusError, Controls: []string{"6.1.2"}, Severity: "major"},
			{RuleID: "DOC-11", Status: results.StatusSkipped, Controls: []string{"6.1.3"}, Severity: "major"},
			fail("DOC-25", "x", "ofi", "10.1"),
		},
	}
	r := Grade(in)
	status := map[string]results.ControlState{}
	for _, c := range r.Controls {
		status[c.ID] = c
	}
	assert.Len(t, r.Controls, 30+93, "every requirement-bearing clause and every control")
	assert.Equal(t, results.ControlNonconformity, status["9.3.1"].Status)
	assert.Equal(t, "major", status["9.3.1"].Grade)
	assert.Equal(t, "minor", status["A.5.1"].Grade)
	assert.Equal(t, results.ControlObservation, status["A.5.2"].Status)
	assert.Equal(t, results.ControlConformant, status["4.3"].Status)
	assert.Equal(t, results.ControlInconclusive, status["6.1.2"].Status)
	assert.Equal(t, results.ControlNotAssessed, status["6.1.3"].Status)
	assert.Equal(t, results.ControlConformant, status["10.1"].Status)
	assert.Equal(t, "ofi", status["10.1"].Grade)
	assert.Equal(t, results.ControlNotApplicable, status["A.8.30"].Status)
	assert.Contains(t, status["A.8.30"].Reason, "without a justification")
	assert.Equal(t, results.ControlManual, status["A.7.4"].Status)
	assert.Equal(t, []string{"R-1"}, status["7.5.2"].Rules)

	assert.Equal(t, results.VerdictNotReady, r.Readiness.Verdict)
	assert.Equal(t, 1, r.Coverage.Rules.Total)
	assert.Equal(t, 1, r.Coverage.Rules.Unmatched, "R-1 gave no result at all")
	assert.Len(t, r.Readiness.Blocking, 1)
	assert.Equal(t, results.VerdictNotReady, r.Readiness.Stage1.Verdict)
	assert.Equal(t, 1, r.Summary.Grades["major"])
	assert.Equal(t, 1, r.Summary.Grades["ofi"])

	in.Findings = in.Findings[3:5] // a pass and an error: nothing failed, but not everything was seen
	r = Grade(in)
	assert.Equal(t, results.VerdictIncomplete, r.Readiness.Verdict)
	in.Findings = in.Findings[:1]
	r = Grade(in)
	assert.Equal(t, results.VerdictIncomplete, r.Readiness.Verdict, "one pass does not evidence the other requirements")
	assert.Contains(t, r.Readiness.Reason, "121 requirements without evidence")

	in.Findings = nil
	for _, it := range catalog.Load().Requirements() {
		in.Findings = append(in.Findings, pass("X-"+it.ID, "r", it.ID))
	}
	in.Findings = append(in.Findings, fail("X-minor", "r", "minor", "7.5.2"))
	r = Grade(in)
	assert.Equal(t, results.VerdictReady, r.Readiness.Verdict, "minors do not block: %s", r.Readiness.Reason)
	assert.Equal(t, 1, r.Readiness.Stage1.Minors)
}

func TestAttestedControls(t *testing.T) {
	att := evidence.Document{Kind: "isms.register", ID: "registers/attestations.csv", Complete: true, Data: map[string]any{
		"register": "attestations", "row_lines": []any{2, 3},
		"rows": []any{
			map[string]any{"controls": "A.7.1, A.7.2", "checked": "walk-through", "attested_by": "Tom", "attested_on": "2026-06-01", "valid_until": "2027-06-01"},
			map[string]any{"control": "A.7.3", "checked": "walk-through", "attested_by": "Tom", "attested_on": "2025-06-01", "valid_until": "2026-06-01"},
		},
	}}
	r := Grade(Input{Pack: testPack(t), Documents: []evidence.Document{att}, AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC),
		Findings: []results.Finding{fail("R-9", "x", "minor", "A.7.2")}})
	status := map[string]results.ControlState{}
	for _, c := range r.Controls {
		status[c.ID] = c
	}
	assert.Equal(t, results.ControlConformant, status["A.7.1"].Status)
	assert.Equal(t, "attested", status["A.7.1"].Basis)
	assert.Equal(t, "registers/attestations.csv:2", status["A.7.1"].Attestation)
	assert.Equal(t, results.ControlNonconformity, status["A.7.2"].Status, "an automated failure outweighs an attestation")
	assert.Equal(t, "automated", status["A.7.2"].Basis)
	assert.Equal(t, results.ControlManual, status["A.7.3"].Status)
	assert.Contains(t, status["A.7.3"].Reason, "does not count: expired on 2026-06-01")
	assert.Equal(t, "none", status["A.7.4"].Basis)
	assert.Equal(t, 1, r.Readiness.Stage2.Attested)
	assert.Equal(t, 1, r.Readiness.Stage2.Automated)
	assert.Equal(t, 91, r.Readiness.Stage2.Unassessed)
}

// A rule without findings is "not applicable" only when its subject kind was read in full
// and none exists; otherwise (not listed, or a document exists) it stays unmatched.
func TestCoverageTellsNotApplicableFromUnmatched(t *testing.T) {
	src := `# METADATA
# title: Databases are encrypted
# scope: package
# custom:
#   id: V-01
#   severity: minor
#   controls: ["A.8.24"]
#   kinds: [aws.rds.instance]
#   remediation: Encrypt.
package test.v01

deny contains "not encrypted" if input.document.data.storage_encrypted == false
`
	p, err := engine.Load(context.Background(), engine.Source{Name: "t", FS: fstest.MapFS{"v.rego": {Data: []byte(src)}}})
	require.NoError(t, err)
	rds := evidence.Document{Kind: "aws.rds.instance", ID: "arn:aws:rds:eu-west-1:1:db:x", Complete: true, Data: map[string]any{}}
	require.NoError(t, rds.Seal())
	listed := []evidence.Coverage{{Collector: "aws", Listed: []string{"aws.rds.instance"}}}
	tests := []struct {
		name                     string
		docs                     []evidence.Document
		cov                      []evidence.Coverage
		notApplicable, unmatched int
	}{
		{"listed and none exists", nil, listed, 1, 0},
		{"not listed", nil, []evidence.Coverage{{Collector: "aws"}}, 0, 1},
		{"a document exists", []evidence.Document{rds}, listed, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Grade(Input{Pack: p, Documents: tt.docs, Coverage: tt.cov, AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
			assert.Equal(t, tt.notApplicable, r.Coverage.Rules.NotApplicable)
			assert.Equal(t, tt.unmatched, r.Coverage.Rules.Unmatched)
			if tt.notApplicable > 0 {
				require.Len(t, r.Coverage.Rules.NotApplicableRules, 1)
				assert.Equal(t, "V-01", r.Coverage.Rules.NotApplicableRules[0].RuleID)
				assert.Contains(t, r.Coverage.Rules.NotApplicableRules[0].Reason, "found none")
			}
			for _, c := range r.Controls {
				if c.ID == "A.8.24" {
					assert.NotEqual(t, results.ControlConformant, c.Status, "nothing judged is not conformance")
				}
			}
		})
	}
}
