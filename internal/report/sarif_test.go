package report

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func TestSARIFGoldenAndSchema(t *testing.T) {
	out := render(t, fixture(t), "sarif")
	validate(t, "sarif-schema-2.1.0.json", out)
	golden(t, "results.sarif", out)
}

// sarifOf renders r as SARIF and decodes it into the typed model, so tests can look at
// fields by name.
func sarifOf(t *testing.T, r *results.Results) sarifLog {
	t.Helper()
	var log sarifLog
	require.NoError(t, json.Unmarshal(render(t, r, "sarif"), &log))
	require.Len(t, log.Runs, 1)
	return log
}

func TestSARIFLevelsFollowGrades(t *testing.T) {
	r := fixture(t)
	run := sarifOf(t, r).Runs[0]

	byFingerprint := map[string]sarifResult{}
	for _, res := range run.Results {
		byFingerprint[res.PartialFingerprints[fingerprintKey]] = res
	}
	want := 0
	for _, f := range r.Findings {
		res, ok := byFingerprint[f.Fingerprint]
		switch f.Status {
		case results.StatusPass, results.StatusSkipped:
			assert.False(t, ok, "%s %s is %s: no alert", f.RuleID, f.Resource.ID, f.Status)
			continue
		case results.StatusError:
			want++
			require.True(t, ok)
			assert.Equal(t, "open", res.Kind, "an error is undecided, not a failure")
			assert.Equal(t, "none", res.Level, "SARIF requires level none for kinds other than fail")
			assert.Contains(t, res.Message.Text, "Not evaluated")
		case results.StatusFail:
			want++
			require.True(t, ok)
			assert.Equal(t, "fail", res.Kind)
			assert.Equal(t, map[string]string{
				"major": "error", "minor": "error", "observation": "warning", "ofi": "note",
			}[f.Grade], res.Level, "%s graded %s", f.RuleID, f.Grade)
			assert.Equal(t, f.Grade, res.Properties["grade"])
		}
		assert.Equal(t, f.RuleID, res.RuleID)
		assert.Equal(t, f.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID, "ruleIndex points at the rule")
	}
	assert.Len(t, run.Results, want)
	assert.Len(t, run.Invocations[0].ToolExecutionNotifications, 1, "the error is also a notification")
}

func TestSARIFRulesCarryControlsAndSecuritySeverity(t *testing.T) {
	run := sarifOf(t, fixture(t)).Runs[0]
	seen := map[string]bool{}
	for _, rule := range run.Tool.Driver.Rules {
		assert.False(t, seen[rule.ID], "one descriptor per rule")
		seen[rule.ID] = true
	}
	var doc05 sarifRule
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ID == "DOC-05" {
			doc05 = rule
		}
	}
	require.Equal(t, "DOC-05", doc05.ID)
	assert.Equal(t, "Policies carry approval and are reviewed on time", doc05.ShortDescription.Text)
	assert.Equal(t, "6.0", doc05.Properties["security-severity"], "from the declared grade, minor")
	assert.Contains(t, doc05.Properties["tags"], "iso27001:2022/A.5.1")
	assert.Contains(t, doc05.Properties["tags"], "security")
	require.NotNil(t, doc05.Help)
	assert.Contains(t, doc05.Help.Text, "Controls: 7.5.2, A.5.1")
	assert.NotContains(t, seen, "DOC-02", "rules with only passes are not described")

	many := failing("MANY-01", results.GradeMajor, 1)
	many.Controls = nil
	for i := range 40 {
		many.Controls = append(many.Controls, "A.5."+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	rule := sarifOf(t, withFindings(many)).Runs[0].Tool.Driver.Rules[0]
	assert.Len(t, rule.Properties["tags"], maxRuleTags, "GitHub keeps at most 20 tags per rule")
	assert.Equal(t, "9.0", rule.Properties["security-severity"])
}

func TestSARIFLocations(t *testing.T) {
	r := fixture(t) // sources name isms:examples/acme
	byRule := map[string]sarifResult{}
	for _, res := range sarifOf(t, r).Runs[0].Results {
		byRule[res.RuleID+"/"+res.PartialFingerprints[fingerprintKey]] = res
	}

	withLine := byRule["DOC-11/491886e6349b61d2"].Locations[0]
	assert.Equal(t, "examples/acme/registers/soa.csv", withLine.PhysicalLocation.ArtifactLocation.URI, "relative to where ismscheck ran")
	assert.Equal(t, "%SRCROOT%", withLine.PhysicalLocation.ArtifactLocation.URIBaseID)
	assert.Equal(t, 52, withLine.PhysicalLocation.Region.StartLine)

	noLine := byRule["DOC-18/0b75a51d3e714ac1"].Locations[0]
	assert.Nil(t, noLine.PhysicalLocation.Region, "no line, no region")

	repoWide := byRule["DOC-23/f42c15cbd9c8f4ad"].Locations[0]
	assert.Equal(t, "examples/acme/ismscheck.yaml", repoWide.PhysicalLocation.ArtifactLocation.URI, "no file: anchored on the config")
	assert.Equal(t, []sarifLogical{{Name: "acme", FullyQualifiedName: "isms.repository/acme", Kind: "isms.repository"}}, repoWide.LogicalLocations)
	assert.Contains(t, repoWide.Message.Text, "isms.repository acme")

	for _, tc := range []struct{ source, want string }{
		{"isms:.", "policies/p00001.md"},
		{"isms:/abs/isms", "policies/p00001.md"},
		{"isms:../elsewhere", "policies/p00001.md"},
		{"isms:./docs/isms/", "docs/isms/policies/p00001.md"},
	} {
		r := withFindings(failing("DOC-05", results.GradeMinor, 1))
		r.Run.Scope.Sources = []string{tc.source}
		got := sarifOf(t, r).Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
		assert.Equal(t, tc.want, got, tc.source)
	}

	spaced := failing("DOC-05", results.GradeMinor, 1)
	spaced.Location.Path = "policies/access control#1.md"
	got := sarifOf(t, withFindings(spaced)).Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
	assert.Equal(t, "policies/access%20control%231.md", got, "a URI, so percent-encoded")
}

func TestSARIFWaiverIsASuppressionNotAnOmission(t *testing.T) {
	r := fixture(t)
	var waived *sarifResult
	run := sarifOf(t, r).Runs[0]
	for i, res := range run.Results {
		if len(res.Suppressions) > 0 {
			require.Nil(t, waived, "only one waived finding in the fixture")
			waived = &run.Results[i]
		}
	}
	require.NotNil(t, waived)
	assert.Equal(t, "e16a62d33e3c1207", waived.PartialFingerprints[fingerprintKey])
	assert.Equal(t, "warning", waived.Level, "keeps its grade's level")
	s := waived.Suppressions[0]
	assert.Equal(t, "external", s.Kind)
	assert.Equal(t, "accepted", s.Status)
	assert.Contains(t, s.Justification, "Policy rewrite in progress")
	assert.Contains(t, s.Justification, "R-21")
	assert.Contains(t, s.Justification, "ciso@acme.example")
	assert.Contains(t, s.Justification, "2027-01-31")
}

func TestSARIFTruncationKeepsTheMostSevere(t *testing.T) {
	defer func(n int) { sarifResultLimit = n }(sarifResultLimit)
	sarifResultLimit = 3

	errored := failing("ERR-01", "", 5)
	errored.Status = results.StatusError
	r := withFindings(
		failing("OFI-01", results.GradeOFI, 1),
		failing("MAJ-01", results.GradeMajor, 2),
		failing("OBS-01", results.GradeObservation, 3),
		errored,
		failing("MIN-01", results.GradeMinor, 4),
		failing("MAJ-02", results.GradeMajor, 6),
	)
	out := render(t, r, "sarif")
	validate(t, "sarif-schema-2.1.0.json", out)
	run := sarifOf(t, r).Runs[0]

	var kept []string
	for _, res := range run.Results {
		kept = append(kept, res.RuleID)
	}
	assert.Equal(t, []string{"MAJ-01", "MIN-01", "MAJ-02"}, kept, "most severe kept, in results order")
	assert.Equal(t, true, run.Properties["truncated"])
	assert.EqualValues(t, 3, run.Properties["omittedResults"])
	notes := run.Invocations[0].ToolExecutionNotifications
	require.NotEmpty(t, notes)
	assert.Contains(t, notes[len(notes)-1].Message.Text, "3 of 6 results omitted")
	assert.Len(t, run.Tool.Driver.Rules, 3, "only rules of kept results are described")

	assert.Equal(t, out, render(t, r, "sarif"), "the cut is deterministic")
}

func TestSARIFLargeRunStaysWithinGitHubLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 30,000 findings")
	}
	var fs []results.Finding
	for i := range 30000 {
		grade := results.Grades[i%len(results.Grades)]
		fs = append(fs, failing("DOC-"+string(rune('A'+i%20)), grade, i))
	}
	out := render(t, withFindings(fs...), "sarif")
	var log sarifLog
	require.NoError(t, json.Unmarshal(out, &log))
	assert.Len(t, log.Runs[0].Results, 25000, "GitHub's per-run limit")
	notes := 0
	for _, res := range log.Runs[0].Results {
		if res.Level == "note" {
			notes++
		}
	}
	assert.Equal(t, 2500, notes, "7,500 of each grade: the 5,000 dropped are all ofi")

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write(out)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	t.Logf("25,000 results: %d bytes, %d gzipped", len(out), gz.Len())
	assert.Less(t, gz.Len(), 10<<20, "GitHub refuses SARIF uploads over 10 MB gzipped")
}

func TestSchemaValidationIsNotVacuous(t *testing.T) {
	bad := bytes.Replace(render(t, fixture(t), "sarif"), []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)
	assert.Error(t, validationError(t, "sarif-schema-2.1.0.json", bad), "an unknown level must fail the schema")
}
