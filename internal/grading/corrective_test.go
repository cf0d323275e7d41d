package grading

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

var asOf2027 = time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)

// actionRegisterDoc is a corrective-action register in the default columns; each row is
// id, source, owner, due_date, status.
func actionRegisterDoc(rows ...[5]string) evidence.Document {
	data := []any{}
	lines := []any{}
	for i, r := range rows {
		data = append(data, map[string]any{"id": r[0], "source": r[1], "owner": r[2], "due_date": r[3], "status": r[4]})
		lines = append(lines, i+2)
	}
	cols := []any{}
	for _, c := range defaultActionColumns {
		cols = append(cols, c)
	}
	d := evidence.Document{Kind: "isms.register", ID: "registers/corrective-actions.csv", Complete: true,
		Data: map[string]any{"register": "corrective_actions", "columns": cols, "rows": data, "row_lines": lines}}
	_ = d.Seal()
	return d
}

func defaults(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Parse("ismscheck.yaml", []byte("version: 1\n"))
	require.NoError(t, err)
	return c
}

func TestCorrectiveActionFollowUp(t *testing.T) {
	tests := []struct {
		name     string
		row      [5]string
		findings []results.Finding
		outcome  string
		grade    string // grade of the R-1 failure afterwards ("" when none)
		overdue  bool   // a CAP-01 finding comes out
		proposed int    // actions the plan proposes
	}{
		{"open, not yet due, still failing", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2027-02-01", "open"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionInProgress, "minor", false, 0},
		{"open, past due, still failing", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "open"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionOverdue, "minor", true, 0},
		{"open, past due, fixed", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "open"},
			[]results.Finding{pass("R-1", "a", "7.5.2")}, results.ActionResolved, "", false, 0},
		{"closed, failing again", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "Closed"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionRepeated, "major", false, 1},
		{"closed, fixed", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "closed"},
			[]results.Finding{pass("R-1", "a", "7.5.2")}, results.ActionEffective, "", false, 0},
		{"closed, but the rule did not run", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "closed"},
			[]results.Finding{{RuleID: "R-1", Status: results.StatusError, Resource: evidence.Ref{Kind: "isms.document", ID: "a"}}}, results.ActionUnverified, "", false, 0},
		{"open, the rule errored: unverified, not overdue", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "open"},
			[]results.Finding{{RuleID: "R-1", Status: results.StatusSkipped, Resource: evidence.Ref{Kind: "isms.document", ID: "a"}}}, results.ActionUnverified, "", false, 0},
		{"open, past due, only an observation left", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "open"},
			[]results.Finding{fail("R-1", "a", "observation", "7.5.2")}, results.ActionResolved, "observation", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := actionRegisterDoc(tt.row)
			out, plan, warnings := correctiveActions(append([]results.Finding(nil), tt.findings...), []evidence.Document{reg}, defaults(t), asOf2027, "run2")
			assert.Empty(t, warnings)
			require.Len(t, plan.FollowUp, 1)
			fu := plan.FollowUp[0]
			assert.Equal(t, tt.outcome, fu.Outcome)
			assert.Equal(t, "CA-1", fu.ActionID)
			assert.Equal(t, &results.Location{Path: "registers/corrective-actions.csv", Line: 2}, fu.Location)
			var capFindings []results.Finding
			for _, f := range out {
				switch {
				case f.RuleID == CorrectiveActionRuleID:
					capFindings = append(capFindings, f)
				case f.RuleID == "R-1" && f.Status == results.StatusFail:
					assert.Equal(t, tt.grade, f.Grade)
					if tt.outcome == results.ActionRepeated {
						require.NotEmpty(t, f.Grading)
						assert.Contains(t, f.Grading[len(f.Grading)-1], "repeats the nonconformity of corrective action CA-1 (registers/corrective-actions.csv:2, Closed)")
					}
				}
			}
			if tt.overdue {
				require.Len(t, capFindings, 1)
				c := capFindings[0]
				assert.Equal(t, results.GradeMinor, c.Grade)
				assert.Equal(t, []string{"10.2"}, c.Controls)
				assert.Equal(t, "CA-1", c.Key)
				assert.Equal(t, &results.Location{Path: "registers/corrective-actions.csv", Line: 2}, c.Location)
				assert.Equal(t, []string{reg.Digest}, c.Evidence)
				assert.Contains(t, c.Message, "was due 2026-12-21 (15 days ago) and is still open")
				assert.NotEmpty(t, c.Fingerprint)
			} else {
				assert.Empty(t, capFindings)
			}
			assert.Len(t, plan.Actions, tt.proposed)
		})
	}
}

func TestCorrectiveActionPlanGroupsPerRule(t *testing.T) {
	findings := []results.Finding{
		fail("R-1", "repo-a", "minor", "A.8.4"), fail("R-1", "repo-b", "major", "A.8.4"), fail("R-1", "repo-c", "minor", "A.8.4"),
		fail("R-1", "repo-d", "minor", "A.8.4"), fail("R-1", "repo-e", "minor", "A.8.4"),
		fail("R-2", "doc", "observation", "7.5.2"), // not a nonconformity
		fail("R-3", "doc", "minor", "7.5.2"),       // waived below
		fail("R-4", "doc", "minor", "9.2.2"),       // an open action covers it
		fail("R-5", "doc", "minor", "9.3.1"),
	}
	findings[6].Waiver = &results.Waiver{RiskID: "R-017"}
	for i := range findings {
		findings[i].Fingerprint = results.Fingerprint(findings[i].RuleID, findings[i].Resource, "")
		findings[i].Title = "title of " + findings[i].RuleID
		findings[i].Message = "message of " + findings[i].Resource.ID
		findings[i].Remediation = "fix\n  it"
	}
	reg := actionRegisterDoc(
		[5]string{"CA-2026-R-5", "internal audit", "Bo", "2026-01-01", "closed"}, // same id, no link
		[5]string{"CA-9", "run y [ismscheck:R-4]", "Bo", "2027-03-01", "open"},
	)
	cfg, err := config.Parse("ismscheck.yaml", []byte("version: 1\ncorrective_actions:\n  due_days:\n    major: 14\n"))
	require.NoError(t, err)
	out, plan, _ := correctiveActions(findings, []evidence.Document{reg}, cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), "run1")
	require.Len(t, out, len(findings), "no follow-up finding")
	require.Len(t, plan.Actions, 2, "R-1 once for five resources, and R-5")
	r1, r5 := plan.Actions[0], plan.Actions[1]
	assert.Equal(t, "CA-2026-R-1", r1.ID)
	assert.Equal(t, results.GradeMajor, r1.Grade, "the worst grade of the group")
	assert.Equal(t, "2026-12-05", r1.DueDate, "due_days.major 14 from the config")
	assert.Len(t, r1.Findings, 5)
	assert.Equal(t, "title of R-1: 5 nonconformities on 5 resources (repo-a, repo-b, repo-c and 2 more); for example: message of repo-a", r1.Description)
	assert.Equal(t, "fix it", r1.Correction, "one line for a register cell")
	assert.Equal(t, "open", r1.Status)
	assert.Equal(t, "ismscheck:R-1", r1.Link)
	assert.Equal(t, "ismscheck run run1 as of 2026-11-21: R-1, major nonconformity (A.8.4)", r1.Source)

	assert.Equal(t, "CA-2026-R-5-2", r5.ID, "the register already holds CA-2026-R-5")
	assert.Equal(t, "2027-02-19", r5.DueDate, "default 90 days for a minor")

	row := plan.Register.Row(r5)
	assert.Equal(t, []string{"CA-2026-R-5-2", r5.Source + " [ismscheck:R-5]", "title of R-5: message of doc", "", "fix it", "", r5.Owner, "2027-02-19", "open", ""}, row,
		"the register's columns in order; the link closes the source when there is no finding_ref column")
}

func TestCorrectiveActionRegisterInOwnColumns(t *testing.T) {
	// A register read through a layout mapping: "ref" is the id, "nc" the description,
	// "finding_ref" holds the link.
	d := evidence.Document{Kind: "isms.register", ID: "qms/capa.csv", Complete: true, Data: map[string]any{
		"register":   "corrective_actions",
		"columns":    []any{"id", "description", "finding_ref", "owner", "due_date", "status", "notes"},
		"column_map": map[string]any{"id": "ref", "description": "nc"},
		"rows":       []any{map[string]any{"id": "C-1", "finding_ref": "ismscheck:R-1", "status": "done", "due_date": "2026-10-01"}},
		"row_lines":  []any{float64(4)},
	}}
	_ = d.Seal()
	out, plan, _ := correctiveActions([]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, []evidence.Document{d}, defaults(t), asOf2027, "r")
	assert.Equal(t, results.GradeMajor, out[0].Grade, "done is a closed status: the repeat is a major")
	assert.Equal(t, "qms/capa.csv", plan.Register.Path)
	assert.True(t, plan.Register.Found)
	assert.Equal(t, []string{"ref", "nc", "finding_ref", "owner", "due_date", "status", "notes"}, plan.Register.Columns)
	require.Len(t, plan.Actions, 1)
	row := plan.Register.Row(plan.Actions[0])
	assert.Equal(t, "ismscheck:R-1", row[2], "the link in its own column")
	assert.NotContains(t, row[1], "ismscheck:", "and not repeated in the description")
	assert.Equal(t, "", row[6], "a column ismscheck does not know stays blank")
}

func TestCorrectiveActionWithoutRegister(t *testing.T) {
	_, plan, _ := correctiveActions([]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, nil, defaults(t), asOf2027, "r")
	assert.False(t, plan.Register.Found)
	assert.Equal(t, DefaultActionRegister, plan.Register.Path)
	assert.Equal(t, defaultActionColumns, plan.Register.Columns)
	require.Len(t, plan.Actions, 1)
	assert.Equal(t, "unassigned", plan.Actions[0].Owner, "nobody is named: said so, not guessed")
}

func TestCorrectiveActionOwner(t *testing.T) {
	doc := func(id, typ string, meta map[string]any) evidence.Document {
		return evidence.Document{Kind: "isms.document", ID: id, Complete: true, Data: map[string]any{"type": typ, "meta": meta}}
	}
	assets := evidence.Document{Kind: "isms.register", ID: "registers/assets.csv", Complete: true, Data: map[string]any{
		"register": "assets", "rows": []any{map[string]any{"id": "AST-1", "resource": "github.com/acme/api", "owner": "Ken"}}, "row_lines": []any{2}}}
	docs := []evidence.Document{
		assets,
		doc("policies/isp.md", "information_security_policy", map[string]any{"owner": "Tom", "controls": []any{"5.2"}}),
		doc("policies/access.md", "policy", map[string]any{"owner": "Maria", "controls": []any{"A.5.15", "A.8.5"}}),
		doc("reviews/mr.md", "management_review", map[string]any{"owner": "Dana", "controls": []any{"9.3.1"}}),
	}
	repo := func(id string) results.Finding {
		f := fail("R-1", id, "minor", "A.8.5")
		f.Resource.Kind = "github.repository"
		return f
	}
	tests := []struct {
		name       string
		docs       []evidence.Document
		findings   []results.Finding
		controls   []string
		owner      string
		basisStart string
	}{
		{"asset owner of the resource", docs, []results.Finding{repo("github.com/acme/api")}, []string{"A.8.5"}, "Ken", "asset owner in registers/assets.csv:2"},
		{"resources with different or no asset owners: the control's document", docs, []results.Finding{repo("github.com/acme/api"), repo("github.com/acme/web")}, []string{"A.8.5"}, "Maria", "owner of policies/access.md, which covers A.8.5"},
		{"the failing document's own owner", docs, []results.Finding{fail("R-1", "reviews/mr.md", "minor", "A.8.5")}, []string{"A.8.5"}, "Dana", "owner of reviews/mr.md"},
		{"no document covers the control: the ISMS owner", docs, []results.Finding{repo("x")}, []string{"A.8.20"}, "Tom", "owner of the information security policy policies/isp.md"},
		{"isms_owner named in a document wins over the policy owner", append(docs, doc("governance/roles.md", "roles", map[string]any{"isms_owner": "Dana (CEO)"})),
			[]results.Finding{repo("x")}, []string{"A.8.20"}, "Dana (CEO)", "ISMS owner named in governance/roles.md"},
		{"nobody named", nil, []results.Finding{repo("x")}, []string{"A.8.20"}, "unassigned", "the ISMS names no owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			owner, basis := readOwners(tt.docs).of(tt.findings, tt.controls)
			assert.Equal(t, tt.owner, owner)
			assert.Contains(t, basis, tt.basisStart)
		})
	}
}

func TestGradeCarriesThePlanAndTheRepeat(t *testing.T) {
	reg := actionRegisterDoc([5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "closed"})
	r := Grade(Input{Pack: testPack(t), Config: defaults(t), Findings: []results.Finding{fail("R-1", "a", "minor", "A.8.30")},
		AsOf: asOf2027, Documents: []evidence.Document{reg}})
	require.NotNil(t, r.CorrectiveActions)
	assert.Equal(t, results.GradeMajor, r.Findings[0].Grade)
	assert.Len(t, r.Readiness.Blocking, 1, "the repeat blocks readiness as a major")
	require.Len(t, r.CorrectiveActions.Actions, 1)
	assert.Equal(t, "CA-2027-R-1", r.CorrectiveActions.Actions[0].ID)
	assert.Equal(t, "2027-02-04", r.CorrectiveActions.Actions[0].DueDate, "a major: 30 days")
}

// BenchmarkCorrectiveActions: 20 rules failing on 400 repositories each (8,000 findings)
// against a register of 200 actions, half of them closed.
func BenchmarkCorrectiveActions(b *testing.B) {
	var findings []results.Finding
	for r := 0; r < 20; r++ {
		for i := 0; i < 400; i++ {
			f := fail(fmt.Sprintf("GH-%03d", r), fmt.Sprintf("github.com/acme/repo-%d", i), "minor", "A.8.4")
			f.Fingerprint = results.Fingerprint(f.RuleID, f.Resource, "")
			findings = append(findings, f)
		}
	}
	var rows [][5]string
	for i := 0; i < 200; i++ {
		status := "open"
		if i%2 == 0 {
			status = "closed" // every action on an even rule: those repeat and get new actions
		}
		rows = append(rows, [5]string{fmt.Sprintf("CA-%d", i), fmt.Sprintf("[ismscheck:GH-%03d]", i%40), "Ann", "2027-01-01", status})
	}
	docs := []evidence.Document{actionRegisterDoc(rows...)}
	cfg := config.Defaults(".")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		_, plan, _ := correctiveActions(append([]results.Finding(nil), findings...), docs, cfg, asOf2027, "r")
		if len(plan.FollowUp) != 200 || len(plan.Actions) != 10 {
			b.Fatal(len(plan.FollowUp), len(plan.Actions))
		}
	}
}
