package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

// acmeResults is examples/acme audited as of 2026-11-21; followUpResults the same ISMS a
// run later, with the first run's corrective action plan taken back (testdata/SOURCES.md).
func acmeResults(t *testing.T) *results.Results     { return readFixture(t, "acme-results.json") }
func followUpResults(t *testing.T) *results.Results { return readFixture(t, "followup-results.json") }

func readFixture(t *testing.T, name string) *results.Results {
	t.Helper()
	r, err := results.Read(filepath.Join("testdata", name))
	require.NoError(t, err)
	return r
}

func TestOutputGoldens(t *testing.T) {
	tests := []struct {
		golden string
		fixt   func(*testing.T) *results.Results
		write  func(*bytes.Buffer, *results.Results) error
	}{
		{"soa.md", acmeResults, func(b *bytes.Buffer, r *results.Results) error { return WriteSoA(b, r, "markdown") }},
		{"soa.csv", acmeResults, func(b *bytes.Buffer, r *results.Results) error { return WriteSoA(b, r, "csv") }},
		{"readiness.txt", acmeResults, func(b *bytes.Buffer, r *results.Results) error { return WriteReadiness(b, r, "text") }},
		{"readiness.md", acmeResults, func(b *bytes.Buffer, r *results.Results) error { return WriteReadiness(b, r, "markdown") }},
		{"cap.csv", acmeResults, func(b *bytes.Buffer, r *results.Results) error { return WriteCAP(b, r, "csv", true) }},
		{"cap-followup.md", followUpResults, func(b *bytes.Buffer, r *results.Results) error { return WriteCAP(b, r, "markdown", true) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf, tt.fixt(t)))
			golden(t, tt.golden, buf.Bytes())
		})
	}
}

func TestSoAHasEveryAnnexAControlOnce(t *testing.T) {
	r := acmeResults(t)
	for _, format := range SoAFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteSoA(&buf, r, format))
			var ids []string
			switch format {
			case "csv":
				rows, err := csv.NewReader(&buf).ReadAll()
				require.NoError(t, err)
				assert.Equal(t, soaHeader, rows[0])
				for _, row := range rows[1:] {
					ids = append(ids, row[0])
				}
			case "markdown":
				for _, line := range strings.Split(buf.String(), "\n") {
					if strings.HasPrefix(line, "| A.") {
						ids = append(ids, strings.TrimSpace(strings.Split(line, "|")[1]))
					}
				}
			case "json":
				var doc SoADocument
				require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
				assert.Equal(t, "registers/soa.csv", doc.Source)
				for _, c := range doc.Controls {
					ids = append(ids, c.Control)
				}
			}
			assert.Len(t, ids, 93)
			seen := map[string]bool{}
			for _, id := range ids {
				assert.False(t, seen[id], "%s twice", id)
				seen[id] = true
			}
			assert.True(t, seen["A.5.1"] && seen["A.8.34"])
		})
	}
}

func TestSoARowsSayWhatTheStatusRestsOn(t *testing.T) {
	rows := map[string]SoARow{}
	for _, row := range SoA(acmeResults(t)).Controls {
		rows[row.Control] = row
	}
	tests := []struct {
		control                             string
		applicable, status, basis, declared string
	}{
		{"A.5.1", "yes", "nonconformity (minor)", "automated: DOC-04 DOC-05 DOC-06", "implemented"},
		{"A.6.1", "yes", "conformant", "attested: registers/attestations.csv:4, valid until 2027-05-19", "implemented"},
		{"A.7.6", "no", "not applicable", "none", ""},
		{"A.8.5", "yes", "manual", "none", "partially"},
	}
	for _, tt := range tests {
		t.Run(tt.control, func(t *testing.T) {
			row := rows[tt.control]
			assert.Equal(t, tt.applicable, row.Applicable)
			assert.Equal(t, tt.status, row.Status)
			assert.Equal(t, tt.basis, row.Basis)
			assert.Equal(t, tt.declared, row.Declared)
		})
	}
	// Without an SoA, applicability is unknown, never assumed.
	r := acmeResults(t)
	for i := range r.Controls {
		r.Controls[i].Applicability = "unknown"
	}
	assert.Equal(t, "unknown", SoA(r).Controls[0].Applicable)
}

func TestReadinessGroupsAndBlockingMajors(t *testing.T) {
	rep := Readiness(acmeResults(t))
	assert.Equal(t, results.VerdictNotReady, rep.Verdict)
	require.Len(t, rep.Stages, 2)
	clauses, themes := rep.Stages[0], rep.Stages[1]
	require.Len(t, clauses.Groups, 7, "clauses 4 to 10")
	assert.Equal(t, "9", clauses.Groups[5].ID)
	assert.Equal(t, results.VerdictNotReady, clauses.Groups[5].Verdict, "DOC-23 is a major against 9.3")
	assert.Equal(t, 30, clauses.Totals.Requirements)
	require.Len(t, themes.Groups, 4)
	assert.Equal(t, 93, themes.Totals.Requirements)
	total := 0
	for _, g := range themes.Groups {
		total += g.Counts.Requirements
	}
	assert.Equal(t, 93, total)
	require.Len(t, rep.Blocking, 1)
	assert.Equal(t, "DOC-23", rep.Blocking[0].RuleID)
	assert.Contains(t, rep.Blocking[0].Message, "No management review within the last 365 days")
	assert.Len(t, rep.Unassessed, clauses.Totals.Manual+clauses.Totals.NotAssessed+clauses.Totals.Inconclusive+
		themes.Totals.Manual+themes.Totals.NotAssessed+themes.Totals.Inconclusive)
}

func TestCAPFollowUpFixture(t *testing.T) {
	plan := followUpResults(t).CorrectiveActions
	require.NotNil(t, plan)
	outcomes := map[string]string{}
	for _, f := range plan.FollowUp {
		outcomes[f.ActionID] = f.Outcome
	}
	assert.Equal(t, map[string]string{
		"CA-2026-DOC-23": results.ActionOverdue, "CA-2026-DOC-05": results.ActionRepeated,
		"CA-2026-DOC-11": results.ActionInProgress, "CA-2026-DOC-18": results.ActionEffective,
	}, outcomes)
}

func TestCAPMarkdownSaysWhyAnActionIsUnverified(t *testing.T) {
	r := followUpResults(t)
	r.CorrectiveActions.FollowUp = []results.ActionFollowUp{
		{ActionID: "CA-1", RuleID: "DOC-05", Status: "closed", Outcome: results.ActionUnverified, Reason: "the action names no findings"},
		{ActionID: "CA-2", RuleID: "DOC-05", Status: "closed", Outcome: results.ActionRiskAccepted, Reason: "1 of its 1 findings still fail under a risk acceptance"},
	}
	var buf bytes.Buffer
	require.NoError(t, CAPMarkdown(&buf, r))
	assert.Contains(t, buf.String(), "| CA-1 | DOC-05 | closed |  | unverified: the action names no findings |")
	assert.Contains(t, buf.String(), "| CA-2 | DOC-05 | closed |  | risk accepted: not corrected, a risk acceptance covers what still fails: 1 of its 1 findings still fail under a risk acceptance |")
}

func TestCAPWithoutAPlanIsAnError(t *testing.T) {
	r := acmeResults(t)
	r.CorrectiveActions = nil
	for _, format := range CAPFormats {
		err := WriteCAP(&bytes.Buffer{}, r, format, true)
		require.Error(t, err, format)
		assert.Contains(t, err.Error(), "no corrective action plan")
	}
}

func TestSoAMarkdownNamesWhereApplicabilityCameFrom(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(r *results.Results)
		heading string
	}{
		{"the register read", func(*results.Results) {}, "| Applicability from | registers/soa.csv |"},
		{"older results without the path", func(r *results.Results) { r.Run.Scope.SoA = "" }, "whose path these results do not record"},
		{"no SoA", func(r *results.Results) {
			r.Run.Scope.SoA = ""
			for i := range r.Controls {
				r.Controls[i].Applicability = "unknown"
			}
		}, "no Statement of Applicability was read: applicability unknown"},
		{"an SoA read in part", func(r *results.Results) {
			for i := range r.Controls {
				r.Controls[i].Applicability = "unknown"
			}
		}, "registers/soa.csv (could not be read completely: applicability unknown)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := acmeResults(t)
			tt.edit(r)
			var buf bytes.Buffer
			require.NoError(t, SoAMarkdown(&buf, r))
			assert.Contains(t, buf.String(), tt.heading)
		})
	}
}
