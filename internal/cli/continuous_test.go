package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func readResults(t *testing.T, path string) *results.Results {
	t.Helper()
	r, err := results.Read(path)
	require.NoError(t, err)
	return r
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(raw), old)
	write(t, path, strings.Replace(string(raw), old, new, 1))
}

// The PR gate: with a baseline, a minor already known does not fail the build; a new
// minor, or a finding whose grade rose, does.
func TestBaselineGateFailsOnlyOnNewOrWorse(t *testing.T) {
	dir := copyExample(t)
	mend(t, dir)
	base := filepath.Join(t.TempDir(), "base.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", base, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)

	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", "minor")
	assert.Equal(t, exitGate, code, "the example has minors")
	_, stderr, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", "minor", "--baseline", base, "--log-level", "info")
	assert.Equal(t, exitOK, code, "every minor is already in the baseline")
	assert.Contains(t, stderr, "new=0 regressed=0")

	// The access-control policy's review was an observation (due soon); make it overdue.
	edit(t, filepath.Join(dir, "policies/access-control-policy.md"), "next_review: 2026-12-10", "next_review: 2026-10-01")
	_, stderr, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", "minor", "--baseline", base, "--log-level", "info")
	assert.Equal(t, exitGate, code, "an observation that became a minor fails the gate")
	assert.Contains(t, stderr, "new=0 regressed=1")

	// Both changes in the baseline: passes again.
	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", base, "--fail-on", "none")
	require.Equal(t, exitOK, code)
	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", "minor", "--baseline", base)
	assert.Equal(t, exitOK, code)

	_, stderr, code = run(t, "audit", dir, "--baseline", filepath.Join(dir, "missing.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--baseline")
}

func TestDiffTwoRuns(t *testing.T) {
	dir := copyExample(t)
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a.json"), filepath.Join(tmp, "b.json")
	_, _, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", a, "--fail-on", "none")
	require.Equal(t, exitOK, code)
	mend(t, dir) // the major goes away
	edit(t, filepath.Join(dir, "policies/access-control-policy.md"), "next_review: 2026-12-10", "next_review: 2026-10-01")
	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", b, "--fail-on", "none")
	require.Equal(t, exitOK, code)

	out, stderr, code := run(t, "diff", a, b)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "0 new · 1 regressed · 1 resolved · 0 unverified · 0 improved · 5 unchanged")
	assert.Contains(t, out, "REGRESSED\n  MINOR       DOC-05   isms.document policies/access-control-policy.md")
	assert.Contains(t, out, "(was observation)")
	assert.Contains(t, out, "RESOLVED (passes now)\n  MAJOR       DOC-23")

	out, _, code = run(t, "diff", a, b, "--format", "json")
	require.Equal(t, exitOK, code)
	var d results.Diff
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Len(t, d.Regressed, 1)
	assert.Len(t, d.Resolved, 1)
}

const annexOnlyRule = `# METADATA
# title: Secure coding standard is published
# scope: package
# custom:
#   id: ACME-02
#   severity: major
#   controls: ["A.8.28"]
#   kinds: [isms.repository]
#   remediation: Publish it.
package acme.securecoding

deny contains "no secure coding standard" if true
`

func TestWaiverInTheAudit(t *testing.T) {
	dir := copyExample(t)
	mend(t, dir)
	rulesDir := t.TempDir()
	write(t, filepath.Join(rulesDir, "securecoding.rego"), annexOnlyRule)
	cfgPath := filepath.Join(dir, "ismscheck.yaml")
	plain, err := os.ReadFile(cfgPath)
	require.NoError(t, err)
	waive := func(rule, expires, risk string) {
		write(t, cfgPath, string(plain)+`waivers:
  - rule: `+rule+`
    justification: secure coding standard is being rewritten with the new platform team
    approver: Ken Watanabe (CTO)
    risk_id: `+risk+`
    expires: `+expires+`
`)
	}
	audit := func() (*results.Results, int) {
		out := filepath.Join(t.TempDir(), "r.json")
		_, stderr, code := run(t, "audit", dir, "--rules", rulesDir, "--as-of", "2026-11-21", "--format", "json", "-o", out)
		require.NotEqual(t, exitUsage, code, stderr)
		return readResults(t, out), code
	}

	waive("ACME-02", "2027-03-31", "R-01")
	r, code := audit()
	assert.Equal(t, exitOK, code, "the only major is covered by a current risk acceptance")
	var waived *results.Finding
	for i, f := range r.Findings {
		if f.RuleID == "ACME-02" {
			waived = &r.Findings[i]
		}
		assert.NotEqual(t, "WAIVER", f.RuleID)
	}
	require.NotNil(t, waived, "the finding is still reported")
	assert.Equal(t, results.StatusFail, waived.Status)
	require.NotNil(t, waived.Waiver)
	assert.Equal(t, "R-01", waived.Waiver.RiskID)

	waive("ACME-02", "2026-10-31", "R-99")
	r, code = audit()
	assert.Equal(t, exitGate, code, "an expired waiver covers nothing: the major counts again")
	var about []string
	for _, f := range r.Findings {
		if f.RuleID == "WAIVER" {
			about = append(about, f.Key+": "+f.Message)
			assert.Equal(t, filepath.Join(dir, "ismscheck.yaml"), f.Location.Path)
			assert.Equal(t, 20, f.Location.Line)
		}
	}
	assert.Equal(t, []string{
		"expired: the waiver of ACME-02 for \"*\" approved by Ken Watanabe (CTO) expired on 2026-10-31; its findings count again",
		"unknown-risk: the waiver of ACME-02 names risk R-99, which is not in the risk register (registers/risk-register.csv)",
	}, about)

	// A clause requirement cannot be risk-accepted.
	waive("DOC-05", "2027-03-31", "R-01")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "ismscheck.yaml:20: waiver for DOC-05: the rule checks clause 7.5.2")
}
