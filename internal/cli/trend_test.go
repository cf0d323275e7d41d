package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/history"
	"github.com/ismscheck/ismscheck/internal/results"
)

// trendHistory is a small history: three runs in which 7.5.2 goes from a minor to a major
// (escalated) and A.5.1 is fixed, and a control the first run did not have.
func trendHistory(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	type state struct{ status, grade string }
	mk := func(id, asOf, verdict string, grades map[string]int, s map[string]state) {
		r := &results.Results{SchemaVersion: results.SchemaVersion, Run: results.Run{ID: id, AsOf: asOf}, Readiness: results.Readiness{Verdict: verdict}}
		for g, n := range grades {
			for i := 0; i < n; i++ {
				r.Findings = append(r.Findings, results.Finding{RuleID: "X", Status: results.StatusFail, Grade: g})
			}
		}
		for _, c := range []struct{ id, title, kind string }{
			{"7.5.2", "Creating and updating documented information", "clause"},
			{"9.3.1", "Management review: general", "clause"},
			{"A.5.1", "Policies for information security", "annex_a"},
			{"A.8.5", "Secure authentication", "annex_a"},
		} {
			st, ok := s[c.id]
			if !ok {
				continue
			}
			r.Controls = append(r.Controls, results.ControlState{ID: c.id, Title: c.title, Kind: c.kind, Status: st.status, Grade: st.grade})
		}
		_, err := history.Store{Dir: dir}.Append(r)
		require.NoError(t, err)
	}
	mk("aaaaaaaaaaaaaaaa", "2026-09-21", "incomplete", map[string]int{"minor": 2, "observation": 1}, map[string]state{
		"7.5.2": {"nonconformity", "minor"}, "9.3.1": {"conformant", ""}, "A.5.1": {"nonconformity", "minor"}})
	mk("bbbbbbbbbbbbbbbb", "2026-10-21", "incomplete", map[string]int{"minor": 1, "ofi": 1}, map[string]state{
		"7.5.2": {"nonconformity", "minor"}, "9.3.1": {"conformant", "ofi"}, "A.5.1": {"conformant", ""}, "A.8.5": {"manual", ""}})
	mk("cccccccccccccccc", "2026-11-21", "not_ready", map[string]int{"major": 1}, map[string]state{
		"7.5.2": {"nonconformity", "major"}, "9.3.1": {"conformant", ""}, "A.5.1": {"conformant", ""}, "A.8.5": {"not_applicable", ""}})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("kept by CI\n"), 0o644))
	return dir
}

func TestTrendGolden(t *testing.T) {
	dir := trendHistory(t)
	for _, format := range []string{"text", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			out, stderr, code := run(t, "trend", "--history", dir, "--format", format)
			require.Equal(t, exitOK, code, stderr)
			out = strings.ReplaceAll(out, dir, "HISTORY")
			golden := filepath.Join("testdata", "trend."+map[string]string{"text": "txt", "csv": "csv", "json": "json"}[format])
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), out, "run `go test ./internal/cli -run TestTrendGolden -update` after an intended change")
		})
	}
}

func TestTrendFilters(t *testing.T) {
	dir := trendHistory(t)
	out, _, code := run(t, "trend", "--history", dir, "--control", "A.5", "--format", "json")
	require.Equal(t, exitOK, code)
	var tr trend
	require.NoError(t, json.Unmarshal([]byte(out), &tr))
	require.Len(t, tr.Items, 1, "A.5 keeps the controls under it")
	assert.Equal(t, "A.5.1", tr.Items[0].ID)
	assert.Equal(t, "minor", tr.Items[0].Statuses[0].Grade)
	assert.Len(t, tr.Runs, 3)

	out, _, code = run(t, "trend", "--history", dir, "--control", "7.5.2", "--control", "a.8.5")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `7\.5\.2 +Creating and updating documented inform… +NC minor +NC minor +NC major\n`, out)
	assert.Regexp(t, `A\.8\.5 +Secure authentication +- +manual +not_applicable\n`, out)
	assert.NotContains(t, out, "A.5.1")

	out, _, code = run(t, "trend", "--history", dir, "--changed", "--format", "csv")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "clause,7.5.2,")
	assert.Contains(t, out, "annex_a,A.8.5,Secure authentication,,manual,not_applicable\n")
	assert.NotContains(t, out, "9.3.1", "conformant throughout (an OFI does not change the status)")

	out, _, code = run(t, "trend", "--history", dir, "--control", "9.3", "--changed")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "no clause or control changed status")

	for args, want := range map[string]string{
		"--control A.9":    "--control A.9: no clause or control of the history has this id",
		"--format xml":     `--format "xml"`,
		"":                 "--history DIR is required",
		"--history-empty":  "holds no runs",
		"--history-absent": "no such file or directory",
	} {
		argv := []string{"trend", "--history", dir}
		switch args {
		case "":
			argv = []string{"trend"}
		case "--history-empty":
			argv = []string{"trend", "--history", t.TempDir()}
		case "--history-absent":
			argv = []string{"trend", "--history", filepath.Join(dir, "missing")}
		default:
			argv = append(argv, strings.Fields(args)...)
		}
		_, stderr, code := run(t, argv...)
		assert.Equal(t, exitUsage, code, args)
		assert.Contains(t, stderr, want, args)
	}
}
