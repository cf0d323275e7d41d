package report

import (
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func TestJUnitGolden(t *testing.T) {
	golden(t, "results.junit.xml", render(t, fixture(t), "junit"))
}

// junitOf parses the XML back, as a CI server would.
func junitOf(t *testing.T, r *results.Results) junitSuites {
	t.Helper()
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(render(t, r, "junit"), &doc), "well-formed XML")
	return doc
}

func TestJUnitCountsAddUp(t *testing.T) {
	r := fixture(t)
	doc := junitOf(t, r)

	// The fixture: 8 fails (one waived), 1 error, 3 skipped, 46 passes.
	assert.Equal(t, len(r.Findings), doc.Tests, "one testcase per finding")
	assert.Equal(t, 7, doc.Failures, "fails, less the waived one")
	assert.Equal(t, 1, doc.Errors)

	rules := map[string]bool{}
	for _, f := range r.Findings {
		rules[f.RuleID] = true
	}
	assert.Len(t, doc.Suites, len(rules), "one suite per rule")

	var tests, failures, errs, skipped int
	for _, s := range doc.Suites {
		var f, e, sk int
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				f++
			case c.Error != nil:
				e++
			case c.Skipped != nil:
				sk++
			}
		}
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		assert.Equal(t, f, s.Failures, s.Name)
		assert.Equal(t, e, s.Errors, s.Name)
		assert.Equal(t, sk, s.Skipped, s.Name)
		tests, failures, errs, skipped = tests+s.Tests, failures+s.Failures, errs+s.Errors, skipped+s.Skipped
	}
	assert.Equal(t, []int{doc.Tests, doc.Failures, doc.Errors}, []int{tests, failures, errs})
	// The schema has no skipped total on <testsuites>: readers add up the suites'.
	assert.Equal(t, 4, skipped, "3 skipped rules and the waived observation")
}

func TestJUnitCases(t *testing.T) {
	doc := junitOf(t, fixture(t))
	cases := map[string]junitCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cases[c.Classname+" "+c.Name] = c
		}
	}

	major := cases["ismscheck.DOC-23 isms.repository acme"]
	require.NotNil(t, major.Failure)
	assert.Equal(t, "major", major.Failure.Type, "the grade is the failure type")
	assert.Contains(t, major.Failure.Message, "No management review within the last 365 days")
	assert.Contains(t, major.Failure.Body, "fix: Hold the management review")
	assert.Contains(t, major.Failure.Body, "controls: 9.3.1, 9.3.2, 9.3.3")

	soa := cases["ismscheck.DOC-11 isms.register registers/soa.csv [justification:A.7.6]"]
	require.NotNil(t, soa.Failure)
	assert.Contains(t, soa.Failure.Body, "\nat: examples/acme/registers/soa.csv:52\n",
		"the location is in the text, relative to where ismscheck ran, since the schema has no file or line attribute")
	assert.Contains(t, major.Failure.Body, "\nat: isms.repository acme\n", "no file: the resource")

	errored := cases["ismscheck.DOC-14 isms.register registers/risk-register.csv"]
	require.NotNil(t, errored.Error)
	assert.Nil(t, errored.Failure)
	assert.Equal(t, "registers/risk-register.csv: line 7: wrong number of fields", errored.Error.Message)

	skipped := cases["ismscheck.GIT-01 isms.document *"]
	require.NotNil(t, skipped.Skipped)
	assert.Contains(t, skipped.Skipped.Message, "Git history is switched off")

	waived := cases["ismscheck.DOC-05 isms.document policies/access-control-policy.md [due-soon]"]
	require.NotNil(t, waived.Skipped, "a risk acceptance does not fail the build")
	assert.Nil(t, waived.Failure)
	assert.Contains(t, waived.Skipped.Message, "waived: Policy rewrite in progress")
	assert.Contains(t, waived.SystemOut, "OBSERVATION DOC-05", "the finding itself stays visible")

	pass := cases["ismscheck.DOC-05 isms.document policies/backup-policy.md"]
	assert.Nil(t, pass.Failure)
	assert.Nil(t, pass.Error)
	assert.Nil(t, pass.Skipped)
}

func TestJUnitSurvivesHostileText(t *testing.T) {
	f := failing("DOC-05", results.GradeMinor, 1)
	f.Message = "bad \x00 byte, \x1b[31mansi\x1b[0m, ]]> and </failure><x>"
	f.Resource.ID = `a "quoted" & <tagged> id`
	doc := junitOf(t, withFindings(f))
	c := doc.Suites[0].Cases[0]
	require.NotNil(t, c.Failure)
	assert.Contains(t, c.Failure.Message, "]]> and </failure><x>")
	assert.Contains(t, c.Name, `"quoted" & <tagged>`)
}

func TestJUnitIsDeterministic(t *testing.T) {
	r := fixture(t)
	assert.Equal(t, render(t, r, "junit"), render(t, r, "junit"))
}
