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

// setFrontMatter replaces one front matter field of a document in dir.
func setFrontMatter(t *testing.T, dir, doc, field, value string) {
	t.Helper()
	path := filepath.Join(dir, doc)
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(field) + `:.*$`)
	require.True(t, re.Match(text), "%s has %s", doc, field)
	write(t, path, re.ReplaceAllString(string(text), field+": "+value))
}

// The corrective action plan of one run is appended to the ISMS's register and taken back
// by later runs, finding by finding: an open action past its due date whose nonconformity
// still fails is a CAP-01 minor against 10.2; a closed one whose own nonconformity fails
// again makes it a major, while the same rule failing on another resource is a new
// nonconformity, not a repeat; a closed one whose nonconformity is gone is effective.
func TestCorrectiveActionPlanTakenBackByTheNextRun(t *testing.T) {
	dir := copyExample(t)
	register := filepath.Join(dir, "registers", "corrective-actions.csv")
	before, err := os.ReadFile(register)
	require.NoError(t, err)

	first, r1 := auditJSON(t, dir, "2026-11-21")
	require.NotNil(t, r1.CorrectiveActions)
	require.Len(t, r1.CorrectiveActions.Actions, 4, "DOC-23 (major), DOC-05, DOC-11, DOC-18 (minor)")
	supplier := ""
	for _, f := range r1.Findings {
		if f.RuleID == "DOC-05" && f.Resource.ID == "policies/supplier-security-policy.md" {
			supplier = f.Fingerprint
			assert.Equal(t, results.GradeMinor, f.Grade)
		}
	}
	require.NotEmpty(t, supplier)

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
	assert.Regexp(t, `\[ismscheck:DOC-23 [0-9a-f]{16}(@[0-9a-f]{8})?\]`, appended[0], "the link names the finding it covers")
	assert.Contains(t, appended[0], ",Tom Lindqvist (Head of Security),2026-12-21,open,")
	assert.Contains(t, appended[1], "[ismscheck:DOC-05 "+supplier+"@")

	// The rows as appended, blank root causes included, are no nonconformity of their own.
	_, r1b := auditJSON(t, dir, "2026-11-21")
	for _, f := range r1b.Findings {
		if f.RuleID == "DOC-24" && f.Status == results.StatusFail {
			assert.NotContains(t, f.Message, "CA-2026-DOC-", "an open action within its due date needs no root cause yet")
		}
	}
	assert.Empty(t, r1b.CorrectiveActions.Actions, "every open nonconformity has its open action")

	// Six weeks later: the management review has still not been held (its action is past due);
	// the supplier policy was reviewed and its action closed, but the access-control policy's
	// review is now overdue; the procedure's approver was filled in and its action closed.
	setActions(t, register, map[string]func([]string){"CA-2026-DOC-05": closeAction, "CA-2026-DOC-18": closeAction})
	setFrontMatter(t, dir, "policies/supplier-security-policy.md", "next_review", "2027-08-31")
	setFrontMatter(t, dir, "policies/access-control-policy.md", "next_review", "2026-11-01")
	proc := filepath.Join(dir, "procedures", "backup-and-restore-procedure.md")
	text, err := os.ReadFile(proc)
	require.NoError(t, err)
	write(t, proc, strings.Replace(string(text), "\nowner: ", "\napprover: Dana Okafor\nowner: ", 1))

	_, r2 := auditJSON(t, dir, "2027-01-05")
	var overdue []results.Finding
	doc05 := map[string]string{}
	for _, f := range r2.Findings {
		if f.Status != results.StatusFail {
			continue
		}
		switch f.RuleID {
		case "CAP-01":
			overdue = append(overdue, f)
		case "DOC-05":
			doc05[f.Resource.ID] = f.Grade
			for _, note := range f.Grading {
				assert.NotContains(t, note, "repeats", "another policy failing is not a repeat of CA-2026-DOC-05")
			}
		case "DOC-18":
			assert.NotEqual(t, "procedures/backup-and-restore-procedure.md", f.Resource.ID, "fixed")
		}
	}
	assert.Equal(t, map[string]string{"policies/access-control-policy.md": results.GradeMinor}, doc05,
		"the reviewer's repro: a different resource failing later is a minor, not a major repeat")
	require.Len(t, overdue, 1)
	assert.Equal(t, results.GradeMinor, overdue[0].Grade)
	assert.Equal(t, []string{"10.2"}, overdue[0].Controls)
	assert.Equal(t, "CA-2026-DOC-23", overdue[0].Key)
	assert.Equal(t, "registers/corrective-actions.csv", overdue[0].Location.Path)
	assert.Contains(t, overdue[0].Message, "was due 2026-12-21 (15 days ago) and is still open")

	outcomes := func(r *results.Results) map[string]string {
		m := map[string]string{}
		for _, fu := range r.CorrectiveActions.FollowUp {
			m[fu.ActionID] = fu.Outcome
		}
		return m
	}
	assert.Equal(t, map[string]string{"CA-2026-DOC-23": "overdue", "CA-2026-DOC-05": "effective", "CA-2026-DOC-11": "in_progress", "CA-2026-DOC-18": "effective"}, outcomes(r2))
	var proposed []string
	for _, a := range r2.CorrectiveActions.Actions {
		proposed = append(proposed, a.ID)
	}
	assert.Contains(t, proposed, "CA-2027-DOC-05", "the access-control policy needs an action of its own")
	assert.NotContains(t, proposed, "CA-2027-DOC-23", "its open action still covers it")
	assert.Len(t, r2.Readiness.Blocking, 1, "DOC-23 only")

	// The supplier policy lapses again: that is the finding CA-2026-DOC-05 covered, so it is a
	// major repeat; the access-control policy stays a minor.
	setFrontMatter(t, dir, "policies/supplier-security-policy.md", "next_review", "2026-12-31")
	_, r3 := auditJSON(t, dir, "2027-01-05")
	doc05 = map[string]string{}
	for _, f := range r3.Findings {
		if f.RuleID == "DOC-05" && f.Status == results.StatusFail {
			doc05[f.Resource.ID] = f.Grade
			if f.Resource.ID == "policies/supplier-security-policy.md" {
				require.NotEmpty(t, f.Grading)
				assert.Contains(t, f.Grading[len(f.Grading)-1], "repeats the nonconformity of corrective action CA-2026-DOC-05")
				assert.Equal(t, supplier, f.Fingerprint)
			}
		}
	}
	assert.Equal(t, map[string]string{"policies/access-control-policy.md": results.GradeMinor, "policies/supplier-security-policy.md": results.GradeMajor}, doc05)
	assert.Equal(t, "repeated", outcomes(r3)["CA-2026-DOC-05"])
	assert.Len(t, r3.Readiness.Blocking, 2, "DOC-23 and the repeated supplier policy lapse")
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
