package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

// auditJSON runs the audit on dir and keeps its results in a file, as CI would.
func auditJSON(t *testing.T, dir, asOf string) (string, *results.Results) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", asOf, "--format", "json", "--output", path, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r, err := results.Read(path)
	require.NoError(t, err)
	return path, r
}

func TestSoACommandHas93Controls(t *testing.T) {
	out, stderr, code := run(t, "soa", example, "--as-of", "2026-11-21", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+93, "a header and the 93 Annex A controls")
	assert.Equal(t, []string{"control", "title", "theme", "applicable", "justification", "declared_status", "status", "basis", "findings", "reason"}, rows[0])
	assert.Equal(t, "A.5.1", rows[1][0])
	assert.Equal(t, "A.8.34", rows[93][0])

	// From an earlier run's results, the same SoA without collecting again.
	path, _ := auditJSON(t, example, "2026-11-21")
	again, stderr, code := run(t, "soa", "--results", path, "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, out, again)

	md, _, code := run(t, "soa", "--results", path)
	require.Equal(t, exitOK, code)
	assert.Contains(t, md, "| Applicability from | registers/soa.csv |")
	assert.Equal(t, 93, strings.Count(md, "\n| A."))
}

func TestOutputCommandsRefuseBadUsage(t *testing.T) {
	path, _ := auditJSON(t, example, "2026-11-21")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"soa", "--results", path, "--format", "pdf"}, `--format "pdf": want one of markdown, csv, json`},
		{[]string{"readiness", example, "--results", path}, "--results renders an earlier run: give no DIR"},
		{[]string{"cap", "--results", path, "--as-of", "2026-11-21"}, "--results renders an earlier run"},
		{[]string{"cap", "--results", path, "--append-to", "x.csv", "--format", "json"}, "--append-to writes CSV rows"},
		{[]string{"readiness", "--results", filepath.Join(t.TempDir(), "missing.json")}, "missing.json"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[:1], " "), func(t *testing.T) {
			_, stderr, code := run(t, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

func TestReadinessExitCodeFollowsTheVerdict(t *testing.T) {
	out, stderr, code := run(t, "readiness", example, "--as-of", "2026-11-21")
	assert.Equal(t, exitGate, code, "an open major: not ready. %s", stderr)
	out = regexp.MustCompile(`run [0-9a-f]{16}`).ReplaceAllString(out, "run <id>")
	golden := filepath.Join("testdata", "readiness-acme.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out, "run `go test ./internal/cli -update` after an intended change")

	dir := copyExample(t)
	mend(t, dir)
	_, _, code = run(t, "readiness", dir, "--as-of", "2026-11-21", "--format", "json")
	assert.Equal(t, exitIncomplete, code, "no major, but controls without evidence")

	// Every requirement evidenced and no major: ready.
	path, r := auditJSON(t, dir, "2026-11-21")
	r.Readiness.Verdict = results.VerdictReady
	require.NoError(t, results.Write(path, r))
	_, _, code = run(t, "readiness", "--results", path, "--format", "markdown")
	assert.Equal(t, exitOK, code)
}

// setActions rewrites rows of a CSV corrective-action register (default columns) as the
// action owner would.
func setActions(t *testing.T, path string, edit map[string]func(row []string)) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	require.NoError(t, err)
	for _, row := range rows {
		if e, ok := edit[row[0]]; ok {
			e(row)
			delete(edit, row[0])
		}
	}
	require.Empty(t, edit, "every edited action is in the register")
	out, err := os.Create(path)
	require.NoError(t, err)
	w := csv.NewWriter(out)
	require.NoError(t, w.WriteAll(rows))
	require.NoError(t, out.Close())
}

func closeAction(row []string) {
	row[3], row[8], row[9] = "no review reminder", "closed", "2026-12-15: reminders set; checked. (T. Lindqvist)"
}

// The corrective action plan of one run is appended to the ISMS's register and taken back
// by the next run: an open action past its due date whose nonconformity still fails is a
// CAP-01 minor against 10.2; a closed one whose nonconformity fails again makes it a major;
// a closed one whose nonconformity is gone is effective.
func TestCorrectiveActionPlanTakenBackByTheNextRun(t *testing.T) {
	dir := copyExample(t)
	register := filepath.Join(dir, "registers", "corrective-actions.csv")
	before, err := os.ReadFile(register)
	require.NoError(t, err)

	first, r1 := auditJSON(t, dir, "2026-11-21")
	require.NotNil(t, r1.CorrectiveActions)
	require.Len(t, r1.CorrectiveActions.Actions, 4, "DOC-23 (major), DOC-05, DOC-11, DOC-18 (minor)")

	out, stderr, code := run(t, "cap", "--results", first, "--append-to", register)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "appended 4 corrective action(s) to "+register+"\n", out)
	out, _, code = run(t, "cap", "--results", first, "--append-to", register)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "appended 0 corrective action(s)", "appending twice adds nothing")
	assert.Contains(t, out, "(4 already there)")
	after, err := os.ReadFile(register)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(after), string(before)), "rows are appended; nothing above them changes")
	appended := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(after), string(before))), "\n")
	require.Len(t, appended, 4)
	assert.True(t, strings.HasPrefix(appended[0], "CA-2026-DOC-23,"), appended[0])
	assert.Contains(t, appended[0], "[ismscheck:DOC-23]")
	assert.Contains(t, appended[0], ",Tom Lindqvist (Head of Security),2026-12-21,open,")

	// Six weeks later: the management review has still not been held (its action is past due),
	// the policy action was closed though a policy review is overdue again, and the procedure's
	// approver was filled in and its action closed.
	setActions(t, register, map[string]func([]string){"CA-2026-DOC-05": closeAction, "CA-2026-DOC-18": closeAction})
	proc := filepath.Join(dir, "procedures", "backup-and-restore-procedure.md")
	text, err := os.ReadFile(proc)
	require.NoError(t, err)
	write(t, proc, strings.Replace(string(text), "\nowner: ", "\napprover: Dana Okafor\nowner: ", 1))

	_, r2 := auditJSON(t, dir, "2027-01-05")
	var overdue []results.Finding
	for _, f := range r2.Findings {
		if f.Status != results.StatusFail {
			continue
		}
		switch f.RuleID {
		case "CAP-01":
			overdue = append(overdue, f)
		case "DOC-05":
			assert.Equal(t, results.GradeMajor, f.Grade, "repeat of a closed action: %s", f.Resource.ID)
			require.NotEmpty(t, f.Grading)
			assert.Contains(t, f.Grading[len(f.Grading)-1], "repeats the nonconformity of corrective action CA-2026-DOC-05")
		case "DOC-18":
			assert.NotEqual(t, "procedures/backup-and-restore-procedure.md", f.Resource.ID, "fixed")
		}
	}
	require.Len(t, overdue, 1)
	assert.Equal(t, results.GradeMinor, overdue[0].Grade)
	assert.Equal(t, []string{"10.2"}, overdue[0].Controls)
	assert.Equal(t, "CA-2026-DOC-23", overdue[0].Key)
	assert.Equal(t, "registers/corrective-actions.csv", overdue[0].Location.Path)
	assert.Contains(t, overdue[0].Message, "was due 2026-12-21 (15 days ago) and is still open")

	outcomes := map[string]string{}
	for _, fu := range r2.CorrectiveActions.FollowUp {
		outcomes[fu.ActionID] = fu.Outcome
	}
	assert.Equal(t, map[string]string{"CA-2026-DOC-23": "overdue", "CA-2026-DOC-05": "repeated", "CA-2026-DOC-11": "in_progress", "CA-2026-DOC-18": "effective"}, outcomes)
	var proposed []string
	for _, a := range r2.CorrectiveActions.Actions {
		proposed = append(proposed, a.ID)
	}
	assert.Contains(t, proposed, "CA-2027-DOC-05", "the repeat needs a new action")
	assert.NotContains(t, proposed, "CA-2027-DOC-23", "its open action still covers it")
	assert.Len(t, r2.Readiness.Blocking, 3, "DOC-23 and the two repeated DOC-05 failures")
}

func TestCapAppendRefusesAnotherRegister(t *testing.T) {
	path, _ := auditJSON(t, example, "2026-11-21")
	other := filepath.Join(t.TempDir(), "capa.csv")
	write(t, other, "ref,nc,owner\nC-1,something,Ann\n")
	_, stderr, code := run(t, "cap", "--results", path, "--append-to", other)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, other+":1: the header has the columns ref,nc,owner, but the plan is shaped for id,source,")
	got, err := os.ReadFile(other)
	require.NoError(t, err)
	assert.Equal(t, "ref,nc,owner\nC-1,something,Ann\n", string(got), "left untouched")
}

func TestCapJSONIsThePlan(t *testing.T) {
	path, _ := auditJSON(t, example, "2026-11-21")
	out, _, code := run(t, "cap", "--results", path, "--format", "json")
	require.Equal(t, exitOK, code)
	var plan results.CorrectiveActionPlan
	require.NoError(t, json.Unmarshal([]byte(out), &plan))
	assert.Equal(t, map[string]int{"major": 30, "minor": 90}, plan.DueDays)
	require.NotEmpty(t, plan.Actions)
	assert.Equal(t, "DOC-23", plan.Actions[0].RuleID, "majors first")
}
