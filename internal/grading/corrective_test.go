package grading

import (
	"fmt"
	"strings"
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

// fingerprinted gives findings the fingerprints the engine gives them (rule, resource, key).
func fingerprinted(fs ...results.Finding) []results.Finding {
	for i := range fs {
		fs[i].Fingerprint = results.Fingerprint(fs[i].RuleID, fs[i].Resource, fs[i].Key)
	}
	return fs
}

// linkTo is a register source naming R-1's findings on the given documents, as cap writes it.
func linkTo(ids ...string) string {
	var covers []results.CoveredFinding
	for _, id := range ids {
		covers = append(covers, results.CoveredFinding{Fingerprint: results.Fingerprint("R-1", evidence.Ref{Kind: "isms.document", ID: id}, "")})
	}
	return "run x [" + results.ActionLink("R-1", covers) + "]"
}

func TestCorrectiveActionFollowUp(t *testing.T) {
	waived := fail("R-1", "a", "minor", "7.5.2")
	waived.Waiver = &results.Waiver{RiskID: "R-017"}
	errored := results.Finding{RuleID: "R-1", Status: results.StatusError, Resource: evidence.Ref{Kind: "isms.document", ID: "a"}}
	tests := []struct {
		name     string
		row      [5]string
		findings []results.Finding
		outcome  string
		grades   map[string]string // grade of R-1's failure per resource afterwards
		overdue  bool              // a CAP-01 finding comes out
		proposed int               // actions the plan proposes
		reason   string            // in the follow-up's reason
	}{
		{"open, not yet due, still failing", [5]string{"CA-1", linkTo("a"), "Ann", "2027-02-01", "open"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionInProgress, map[string]string{"a": "minor"}, false, 0, ""},
		{"open, past due, still failing", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "open"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionOverdue, map[string]string{"a": "minor"}, true, 0, ""},
		{"open, past due, fixed", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "open"},
			[]results.Finding{pass("R-1", "a", "7.5.2")}, results.ActionResolved, nil, false, 0, ""},
		{"open, past due, fixed, another resource fails: not overdue, a new action", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "open"},
			[]results.Finding{pass("R-1", "a", "7.5.2"), fail("R-1", "b", "minor", "7.5.2")}, results.ActionResolved, map[string]string{"b": "minor"}, false, 1, ""},
		{"closed, failing again", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "Closed"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionRepeated, map[string]string{"a": "major"}, false, 1, ""},
		{"closed, one of its findings failing again: only that one is major", [5]string{"CA-1", linkTo("a", "c"), "Ann", "2026-12-21", "Closed"},
			[]results.Finding{pass("R-1", "a", "7.5.2"), fail("R-1", "b", "minor", "7.5.2"), fail("R-1", "c", "minor", "7.5.2")},
			results.ActionRepeated, map[string]string{"b": "minor", "c": "major"}, false, 1, ""},
		{"closed, fixed, another resource fails later: effective, no repeat", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"},
			[]results.Finding{pass("R-1", "a", "7.5.2"), fail("R-1", "b", "minor", "7.5.2")}, results.ActionEffective, map[string]string{"b": "minor"}, false, 1, ""},
		{"closed, fixed", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"},
			[]results.Finding{pass("R-1", "a", "7.5.2")}, results.ActionEffective, nil, false, 0, ""},
		{"closed, but the rule did not run", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"},
			[]results.Finding{errored}, results.ActionUnverified, nil, false, 0, "1 of its 1 findings were not evaluated"},
		{"closed, passing elsewhere but its own resource errored: unverified, not effective", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"},
			[]results.Finding{errored, pass("R-1", "b", "7.5.2")}, results.ActionUnverified, nil, false, 0, "not evaluated"},
		{"open, the rule errored: unverified, not overdue", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "open"},
			[]results.Finding{{RuleID: "R-1", Status: results.StatusSkipped, Resource: evidence.Ref{Kind: "isms.document", ID: "a"}}}, results.ActionUnverified, nil, false, 0, "not evaluated"},
		{"closed, still failing under a risk acceptance: not effective, not a repeat", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"},
			[]results.Finding{waived}, results.ActionRiskAccepted, map[string]string{"a": "minor"}, false, 0, "risk acceptance"},
		{"open, past due, only an observation left", [5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "open"},
			[]results.Finding{fail("R-1", "a", "observation", "7.5.2")}, results.ActionResolved, map[string]string{"a": "observation"}, false, 0, ""},
		{"old-style link without findings, closed and failing: unverified, nothing escalated", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "closed"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionUnverified, map[string]string{"a": "minor"}, false, 1, "names no findings"},
		{"old-style link without findings, open and past due: no CAP-01", [5]string{"CA-1", "run x [ismscheck:R-1]", "Ann", "2026-12-21", "open"},
			[]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, results.ActionUnverified, map[string]string{"a": "minor"}, false, 1, "names no findings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := actionRegisterDoc(tt.row)
			out, plan, warnings := correctiveActions(fingerprinted(append([]results.Finding(nil), tt.findings...)...), []evidence.Document{reg}, defaults(t), asOf2027, "run2", nil)
			assert.Empty(t, warnings)
			require.Len(t, plan.FollowUp, 1)
			fu := plan.FollowUp[0]
			assert.Equal(t, tt.outcome, fu.Outcome)
			assert.Equal(t, "CA-1", fu.ActionID)
			assert.Equal(t, &results.Location{Path: "registers/corrective-actions.csv", Line: 2}, fu.Location)
			if tt.reason != "" {
				assert.Contains(t, fu.Reason, tt.reason)
			}
			var capFindings []results.Finding
			grades := map[string]string{}
			for _, f := range out {
				switch {
				case f.RuleID == CorrectiveActionRuleID:
					capFindings = append(capFindings, f)
				case f.RuleID == "R-1" && f.Status == results.StatusFail:
					grades[f.Resource.ID] = f.Grade
					if f.Grade == results.GradeMajor {
						require.NotEmpty(t, f.Grading)
						assert.Contains(t, f.Grading[len(f.Grading)-1], "repeats the nonconformity of corrective action CA-1 (registers/corrective-actions.csv:2, Closed)")
					} else {
						assert.Empty(t, f.Grading, "no note on a finding that is not a repeat")
					}
				}
			}
			if tt.grades == nil {
				tt.grades = map[string]string{}
			}
			assert.Equal(t, tt.grades, grades)
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

// A keyed finding (one of several a rule reports on a resource) has no pass of its own: once
// corrected it is simply gone. The link names its resource (or, for a link without it, the
// history does); the rule judging that resource without it means corrected. Without either
// nothing can be said.
func TestCorrectiveActionKeyedFindingGone(t *testing.T) {
	rowFinding := fail("R-1", "registers/risks.csv", "minor", "6.1.2")
	rowFinding.Key = "RISK-7"
	rowFinding = fingerprinted(rowFinding)[0]
	cover := results.Cover(rowFinding)
	require.Len(t, cover.Resource, 8)
	withResource := [5]string{"CA-1", "run x [" + results.ActionLink("R-1", []results.CoveredFinding{cover}) + "]", "Ann", "2026-12-21", "closed"}
	fingerprintOnly := [5]string{"CA-1", "run x [ismscheck:R-1 " + rowFinding.Fingerprint + "]", "Ann", "2026-12-21", "closed"}
	earlier := []*results.Results{{Run: results.Run{AsOf: "2026-11-21"}, Findings: []results.Finding{rowFinding}}}
	otherRow := fail("R-1", "registers/risks.csv", "minor", "6.1.2")
	otherRow.Key = "RISK-9"
	errored := results.Finding{RuleID: "R-1", Status: results.StatusError, Resource: rowFinding.Resource}

	tests := []struct {
		name    string
		row     [5]string
		now     []results.Finding
		earlier []*results.Results
		outcome string
	}{
		{"judged without it, the link names the resource: effective", withResource, []results.Finding{otherRow}, nil, results.ActionEffective},
		{"judged without it, the history names the resource: effective", fingerprintOnly, []results.Finding{otherRow}, earlier, results.ActionEffective},
		{"nothing names the resource: unverified", fingerprintOnly, []results.Finding{otherRow}, nil, results.ActionUnverified},
		{"its resource not judged now: unverified", withResource, []results.Finding{errored}, earlier, results.ActionUnverified},
		{"its resource gone: unverified", withResource, []results.Finding{fail("R-1", "registers/other.csv", "minor", "6.1.2")}, nil, results.ActionUnverified},
		{"failing again: repeated", withResource, []results.Finding{rowFinding, otherRow}, nil, results.ActionRepeated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, plan, _ := correctiveActions(fingerprinted(append([]results.Finding(nil), tt.now...)...), []evidence.Document{actionRegisterDoc(tt.row)}, defaults(t), asOf2027, "r", tt.earlier)
			require.Len(t, plan.FollowUp, 1)
			assert.Equal(t, tt.outcome, plan.FollowUp[0].Outcome)
			for _, f := range out {
				if f.Key == "RISK-9" {
					assert.Equal(t, results.GradeMinor, f.Grade, "another row is not a repeat")
				}
			}
		})
	}
}

func TestActionLinkRoundTrip(t *testing.T) {
	tests := []struct {
		text   string
		rule   string
		covers []results.CoveredFinding
	}{
		{"run x [ismscheck:DOC-05 de6d3d4dfc5f8303 E16A62D33E3C1207@0A1B2C3D]", "DOC-05",
			[]results.CoveredFinding{{Fingerprint: "de6d3d4dfc5f8303"}, {Fingerprint: "e16a62d33e3c1207", Resource: "0a1b2c3d"}}},
		{"ismscheck:DOC-05", "DOC-05", nil},
		{"run x [ismscheck:GH-001 de6d3d4dfc5f83] note", "GH-001", nil}, // not a fingerprint: too short
		{"ismscheck:AWS-12 de6d3d4dfc5f8303aa", "AWS-12", nil},          // nor too long
	}
	for _, tt := range tests {
		rule, covers, ok := results.ParseActionLink(tt.text)
		require.True(t, ok, tt.text)
		assert.Equal(t, tt.rule, rule, tt.text)
		assert.Equal(t, tt.covers, covers, tt.text)
	}
	_, _, ok := results.ParseActionLink("internal audit IA-2026")
	assert.False(t, ok)
	want := []results.CoveredFinding{{Fingerprint: "de6d3d4dfc5f8303"}, {Fingerprint: "e16a62d33e3c1207", Resource: "0a1b2c3d"}}
	link := results.ActionLink("DOC-05", want)
	assert.Equal(t, "ismscheck:DOC-05 de6d3d4dfc5f8303 e16a62d33e3c1207@0a1b2c3d", link)
	rule, covers, _ := results.ParseActionLink(link)
	assert.Equal(t, "DOC-05", rule)
	assert.Equal(t, want, covers)
}

// A rule failing on more resources than one register row can name is several actions of
// at most MaxFindingsPerAction findings, so the link token stays bounded.
func TestCorrectiveActionPlanSplitsLargeGroups(t *testing.T) {
	var findings []results.Finding
	for i := 0; i < 45; i++ {
		findings = append(findings, fail("R-1", fmt.Sprintf("repo-%02d", i), "minor", "A.8.4"))
	}
	findings = fingerprinted(findings...)
	reg := actionRegisterDoc([5]string{"CA-2026-R-1-2", "internal audit", "Bo", "2026-01-01", "closed"})
	_, plan, _ := correctiveActions(findings, []evidence.Document{reg}, defaults(t), time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), "run1", nil)
	require.Len(t, plan.Actions, 3)
	var ids []string
	covered := map[string]bool{}
	for n, a := range plan.Actions {
		ids = append(ids, a.ID)
		assert.LessOrEqual(t, len(a.Findings), results.MaxFindingsPerAction)
		assert.True(t, strings.HasSuffix(a.Source, fmt.Sprintf(", part %d of 3", n+1)), a.Source)
		rule, covers, ok := results.ParseActionLink(a.Link)
		require.True(t, ok)
		assert.Equal(t, "R-1", rule)
		var fps []string
		for _, c := range covers {
			fps = append(fps, c.Fingerprint)
		}
		assert.Equal(t, a.Findings, fps, "the link names exactly the action's findings")
		for _, fp := range fps {
			assert.False(t, covered[fp], "no finding in two actions")
			covered[fp] = true
		}
	}
	assert.Equal(t, []string{"CA-2026-R-1", "CA-2026-R-1-3", "CA-2026-R-1-4"}, ids, "ids already in the register are skipped")
	assert.Len(t, covered, 45)
	assert.Contains(t, plan.Actions[0].Description, "20 nonconformities on 20 resources (repo-00, repo-01, repo-02 and 17 more)")
	assert.Contains(t, plan.Actions[2].Description, "5 nonconformities on 5 resources (repo-40, repo-41, repo-42 and 2 more)")
}

func TestCorrectiveActionRegisterInOwnColumns(t *testing.T) {
	// A register read through a layout mapping: "ref" is the id, "nc" the description,
	// "finding_ref" holds the link.
	d := evidence.Document{Kind: "isms.register", ID: "qms/capa.csv", Complete: true, Data: map[string]any{
		"register":   "corrective_actions",
		"columns":    []any{"id", "description", "finding_ref", "owner", "due_date", "status", "notes"},
		"column_map": map[string]any{"id": "ref", "description": "nc"},
		"rows":       []any{map[string]any{"id": "C-1", "finding_ref": linkTo("a"), "status": "done", "due_date": "2026-10-01"}},
		"row_lines":  []any{float64(4)},
	}}
	_ = d.Seal()
	out, plan, _ := correctiveActions(fingerprinted(fail("R-1", "a", "minor", "7.5.2")), []evidence.Document{d}, defaults(t), asOf2027, "r", nil)
	assert.Equal(t, results.GradeMajor, out[0].Grade, "done is a closed status: the repeat is a major")
	assert.Equal(t, "qms/capa.csv", plan.Register.Path)
	assert.True(t, plan.Register.Found)
	assert.Equal(t, []string{"ref", "nc", "finding_ref", "owner", "due_date", "status", "notes"}, plan.Register.Columns)
	require.Len(t, plan.Actions, 1)
	row := plan.Register.Row(plan.Actions[0])
	assert.Equal(t, "ismscheck:R-1 "+out[0].Fingerprint, row[2], "the link in its own column")
	assert.NotContains(t, row[1], "ismscheck:", "and not repeated in the description")
	assert.Equal(t, "", row[6], "a column ismscheck does not know stays blank")
}

func TestCorrectiveActionWithoutRegister(t *testing.T) {
	_, plan, _ := correctiveActions([]results.Finding{fail("R-1", "a", "minor", "7.5.2")}, nil, defaults(t), asOf2027, "r", nil)
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
	reg := actionRegisterDoc([5]string{"CA-1", linkTo("a"), "Ann", "2026-12-21", "closed"})
	r := Grade(Input{Pack: testPack(t), Config: defaults(t), Findings: fingerprinted(fail("R-1", "a", "minor", "A.8.30")),
		AsOf: asOf2027, Documents: []evidence.Document{reg}})
	require.NotNil(t, r.CorrectiveActions)
	assert.Equal(t, results.GradeMajor, r.Findings[0].Grade)
	assert.Len(t, r.Readiness.Blocking, 1, "the repeat blocks readiness as a major")
	require.Len(t, r.CorrectiveActions.Actions, 1)
	assert.Equal(t, "CA-2027-R-1", r.CorrectiveActions.Actions[0].ID)
	assert.Equal(t, "2027-02-04", r.CorrectiveActions.Actions[0].DueDate, "a major: 30 days")
}

// BenchmarkCorrectiveActions: 20 rules failing on 400 repositories each (8,000 findings)
// against a register of 200 actions of 20 findings each, half of them closed.
func BenchmarkCorrectiveActions(b *testing.B) {
	var findings []results.Finding
	for r := 0; r < 20; r++ {
		for i := 0; i < 400; i++ {
			f := fail(fmt.Sprintf("GH-%03d", r), fmt.Sprintf("github.com/acme/repo-%03d", i), "minor", "A.8.4")
			f.Fingerprint = results.Fingerprint(f.RuleID, f.Resource, "")
			findings = append(findings, f)
		}
	}
	var rows [][5]string
	for i := 0; i < 200; i++ {
		status := "open"
		if i%2 == 0 {
			status = "closed" // its 20 findings repeat and get new actions
		}
		rule := i % 20
		var covers []results.CoveredFinding
		for _, f := range findings[rule*400+(i/20)*20 : rule*400+(i/20+1)*20] {
			covers = append(covers, results.Cover(f))
		}
		rows = append(rows, [5]string{fmt.Sprintf("CA-%d", i), "[" + results.ActionLink(fmt.Sprintf("GH-%03d", rule), covers) + "]", "Ann", "2027-01-01", status})
	}
	docs := []evidence.Document{actionRegisterDoc(rows...)}
	cfg := config.Defaults(".")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		_, plan, _ := correctiveActions(append([]results.Finding(nil), findings...), docs, cfg, asOf2027, "r", nil)
		// Odd rules: 200 findings under open actions, 200 uncovered (10 actions); even rules:
		// 200 repeats and 200 uncovered (20 actions).
		if len(plan.FollowUp) != 200 || len(plan.Actions) != 300 {
			b.Fatal(len(plan.FollowUp), len(plan.Actions))
		}
	}
}
