package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/intoto"
	"github.com/ismscheck/ismscheck/internal/results"
)

// The check: two runs of the example with one document changed between them.
// Adding the missing approver to the backup procedure resolves its minor; read the other
// way round (diff B A), the same change is a new minor.
func TestDiffOneDocumentChanged(t *testing.T) {
	dir := copyExample(t)
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a.json"), filepath.Join(tmp, "b.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", a, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	edit(t, filepath.Join(dir, "procedures/backup-and-restore-procedure.md"), "approver_role: CTO", "approver: Ken Watanabe (CTO)\napprover_role: CTO")
	_, stderr, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", b, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)

	out, stderr, code := run(t, "diff", a, b)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "0 new · 0 regressed · 1 resolved · 0 unverified · 0 improved · 6 unchanged")
	assert.Contains(t, out, "RESOLVED (passes now)\n  MINOR       DOC-18   isms.document procedures/backup-and-restore-procedure.md")

	out, _, code = run(t, "diff", b, a)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "1 new · 0 regressed · 0 resolved · 0 unverified · 0 improved · 6 unchanged")
	assert.Contains(t, out, "NEW\n  MINOR       DOC-18   isms.document procedures/backup-and-restore-procedure.md")
}

// Three nightly runs into one history: the minors still open on the third run have been
// open in three consecutive runs and become majors; the results carry the earlier runs.
func TestHistoryEscalatesMinorsOpenInConsecutiveRuns(t *testing.T) {
	dir := copyExample(t)
	mend(t, dir) // no major of its own: what is major on the third run was escalated
	store := filepath.Join(t.TempDir(), "history")
	audit := func(asOf string, extra ...string) *results.Results {
		out := filepath.Join(t.TempDir(), "r.json")
		args := append([]string{"audit", dir, "--as-of", asOf, "--format", "json", "-o", out, "--fail-on", "none", "--history", store}, extra...)
		_, stderr, code := run(t, args...)
		require.Equal(t, exitOK, code, stderr)
		return readResults(t, out)
	}
	first := audit("2026-11-19")
	assert.Empty(t, first.History, "nothing earlier")
	assert.Zero(t, first.Summary.Grades["major"])
	second := audit("2026-11-20")
	require.Len(t, second.History, 1)
	assert.Zero(t, second.Summary.Grades["major"], "two runs are not yet three")

	third := audit("2026-11-21")
	require.Len(t, third.History, 2)
	assert.Equal(t, []string{"2026-11-19", "2026-11-20"}, []string{third.History[0].AsOf, third.History[1].AsOf})
	assert.Equal(t, first.Run.ID, third.History[0].RunID)
	assert.Equal(t, first.Summary.Grades, third.History[0].Grades)
	escalated := 0
	for _, f := range third.Findings {
		if f.Status == results.StatusFail && f.Grade == results.GradeMajor {
			escalated++
			assert.Contains(t, strings.Join(f.Grading, "\n"), "escalated to major: open in 3 consecutive runs since 2026-11-19", f.RuleID)
		}
	}
	assert.Equal(t, first.Summary.Grades["minor"], escalated, "every minor of the first run is still open")
	assert.Equal(t, results.VerdictNotReady, third.Readiness.Verdict)

	out, stderr, code := run(t, "trend", "--history", store, "--control", "7.5.2")
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `7\.5\.2 +\S.*NC minor +NC minor +NC major\n`, out, "the trend shows the escalation")

	// A retried job stores the same run once; --history-keep prunes the oldest.
	again := audit("2026-11-21", "--history-keep", "2")
	assert.Equal(t, third.Run.ID, again.Run.ID)
	names := historyFiles(t, store)
	assert.Equal(t, []string{"2026-11-20_" + second.Run.ID + ".json", "2026-11-21_" + third.Run.ID + ".json"}, names)

	// Re-evaluating as of an older date: the run just added is kept beyond --history-keep,
	// never deleted in the same breath; the next pruning run removes it as the oldest.
	old := audit("2026-11-01", "--history-keep", "2")
	assert.Equal(t, []string{"2026-11-01_" + old.Run.ID + ".json", "2026-11-20_" + second.Run.ID + ".json", "2026-11-21_" + third.Run.ID + ".json"}, historyFiles(t, store))
	audit("2026-11-21", "--history-keep", "2")
	assert.Equal(t, names, historyFiles(t, store))

	// Switched off in the configuration: the same history escalates nothing.
	cfg := filepath.Join(dir, "ismscheck.yaml")
	edit(t, cfg, "min_resources: 4", "min_resources: 4\n  consecutive_runs: 0")
	off := audit("2026-11-22")
	assert.Zero(t, off.Summary.Grades["major"])
}

func historyFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestHistoryErrors(t *testing.T) {
	store := t.TempDir()
	write(t, filepath.Join(store, "2026-11-20_0123456789abcdef.json"), "{\n  \"schema_version\": \"1\",\n  \"run\": ]\n}\n")
	_, stderr, code := run(t, "audit", example, "--as-of", "2026-11-21", "--history", store)
	assert.Equal(t, exitUsage, code, "a corrupt history stops the run before anything is evaluated")
	assert.Contains(t, stderr, "--history: history: "+filepath.Join(store, "2026-11-20_0123456789abcdef.json")+": line 3")

	_, stderr, code = run(t, "audit", example, "--history-keep", "3")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--history-keep needs --history DIR")
	_, stderr, code = run(t, "audit", example, "--attestation", filepath.Join(store, "st.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--attestation needs --evidence-out")
}

// What a certification auditor does with a delivered bundle, results and statement:
// check the statement names this bundle, verify the bundle, re-evaluate it offline and
// diff against the delivered results.
func TestAttestationAndOfflineReevaluation(t *testing.T) {
	tmp := t.TempDir()
	bundle, statement, delivered := filepath.Join(tmp, "bundle"), filepath.Join(tmp, "run.intoto.json"), filepath.Join(tmp, "results.json")
	_, stderr, code := run(t, "audit", example, "--as-of", "2026-11-21", "--format", "json", "-o", delivered,
		"--evidence-out", bundle, "--attestation", statement)
	require.Equal(t, exitGate, code, stderr)

	raw, err := os.ReadFile(filepath.Join(bundle, "manifest.json"))
	require.NoError(t, err)
	sum := sha256.Sum256(raw)
	st, err := intoto.Read(statement)
	require.NoError(t, err)
	require.Len(t, st.Subject, 1)
	assert.Equal(t, "manifest.json", st.Subject[0].Name)
	assert.Equal(t, hex.EncodeToString(sum[:]), st.Subject[0].Digest["sha256"], "what actions/attest computes for subject-path")
	r := readResults(t, delivered)
	assert.Equal(t, r.Run.ID, st.Predicate.RunID)
	assert.Equal(t, r.Run.ManifestDigest, st.Predicate.ManifestDigests[0])
	assert.Equal(t, r.Summary, st.Predicate.Summary)
	assert.Equal(t, "not_ready", st.Predicate.Readiness.Verdict)

	out, stderr, code := run(t, "verify", bundle, "--attestation", statement)
	require.Equal(t, exitOK, code, stderr+out)
	assert.Contains(t, out, "ok: "+statement+" describes this bundle (manifest.json sha256 "+hex.EncodeToString(sum[:])+"): run "+r.Run.ID+" as of 2026-11-21, verdict not_ready")

	again := filepath.Join(tmp, "again.json")
	_, stderr, code = run(t, "evaluate", "--evidence", bundle, "--as-of", "2026-11-21", "--out", again, "--attestation", filepath.Join(tmp, "again.intoto.json"))
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, r.Run.ID, readResults(t, again).Run.ID, "same evidence, rules and date: same run")
	out, _, code = run(t, "diff", delivered, again)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "0 new · 0 regressed · 0 resolved · 0 unverified · 0 improved · 7 unchanged")
	st2, err := intoto.Read(filepath.Join(tmp, "again.intoto.json"))
	require.NoError(t, err)
	assert.Equal(t, st.Subject, st2.Subject, "evaluate attests the same manifest")

	// A statement about another bundle does not verify this one.
	other := filepath.Join(tmp, "other")
	dir := copyExample(t)
	mend(t, dir)
	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", "none", "--evidence-out", other)
	require.Equal(t, exitOK, code)
	out, _, code = run(t, "verify", other, "--attestation", statement)
	assert.Equal(t, exitGate, code)
	assert.Contains(t, out, "attestation "+statement+": no subject has the sha256 of "+filepath.Join(other, "manifest.json"))
	assert.Contains(t, out, "FAILED: "+statement+" does not describe this bundle")

	out, _, code = run(t, "verify", other, "--attestation", statement, "--format", "json")
	assert.Equal(t, exitGate, code)
	var rep struct {
		Problems    []string `json:"problems"`
		Attestation struct {
			Problems []string `json:"problems"`
		} `json:"attestation"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Empty(t, rep.Problems, "the bundle itself is intact")
	assert.Len(t, rep.Attestation.Problems, 2)

	write(t, filepath.Join(tmp, "broken.json"), "{\n  \"_type\": [\n")
	_, stderr, code = run(t, "verify", bundle, "--attestation", filepath.Join(tmp, "broken.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "broken.json: line 2: unexpected EOF (the file ends too early)", "the last line of the truncated file")
}
