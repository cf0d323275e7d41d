package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

// The JUnit report checked against testdata/junit-consumers.xsd, this project's statement of
// what JUnit consumers accept (testdata/SOURCES.md), with libxml2's validator. Jenkins' xUnit
// plugin skips a whole report with attributes its schema does not know, so a failure here
// means a Jenkins job would show no results.

// requireToolsEnv set to 1 makes a missing external test tool (xmllint) a failure rather
// than a skip; .ci/run sets it after installing the tools.
const requireToolsEnv = "ISMSCHECK_REQUIRE_TOOLS"

const junitSchema = "junit-consumers.xsd"

func xmllintPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err == nil {
		return p
	}
	msg := "no xmllint found (install Debian's libxml2-utils package)"
	if os.Getenv(requireToolsEnv) == "1" {
		t.Fatalf("%s, and %s=1", msg, requireToolsEnv)
	}
	t.Skip(msg)
	return ""
}

// junitSchemaError validates doc against the xUnit schema: nil when valid, otherwise
// xmllint's complaint.
func junitSchemaError(t *testing.T, doc []byte) error {
	t.Helper()
	xmllint := xmllintPath(t)
	path := filepath.Join(t.TempDir(), "report.junit.xml")
	require.NoError(t, os.WriteFile(path, doc, 0o644))
	// --nonet: a document must not make the validator fetch anything.
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", junitSchema), path).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && (exit.ExitCode() == 1 || exit.ExitCode() == 3) {
		return fmt.Errorf("%s", out) // 1: not well-formed XML; 3: breaks the schema
	}
	// Anything else (the schema unreadable, xmllint broken) must not read as a verdict.
	require.NoError(t, err, "xmllint: %s", out)
	require.Contains(t, string(out), "validates")
	return nil
}

func TestJUnitValidatesAgainstTheConsumersSchema(t *testing.T) {
	hostile := failing("DOC-05", results.GradeMinor, 1)
	hostile.Message = "bad \x00 byte, \x1b[31mansi\x1b[0m, ]]> and </failure><x>"
	hostile.Resource.ID = `a "quoted" & <tagged> id`
	hostile.Remediation = "line one\r\nline two\ttabbed \u2028 separator \uFFFE non-character"
	errored := failing("DOC-14", results.GradeMinor, 2)
	errored.Status, errored.Grade = results.StatusError, ""
	skipped := failing("GIT-01", "", 3)
	skipped.Status, skipped.Grade, skipped.Location = results.StatusSkipped, "", nil

	tests := []struct {
		name    string
		results func() *results.Results
	}{
		{"the golden fixture: every status, a waiver, an error", func() *results.Results { return fixture(t) }},
		{"hostile text: NUL, ANSI, CDATA end, markup, quotes, CR, U+FFFE", func() *results.Results { return withFindings(hostile) }},
		{"one of each status without a location", func() *results.Results { return withFindings(errored, skipped) }},
		{"no findings at all", func() *results.Results { return withFindings() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, junitSchemaError(t, render(t, tt.results(), "junit")))
		})
	}
}

func TestJUnitAt25000FindingsValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and validates 25,000 findings")
	}
	xmllintPath(t)
	out := render(t, manyFindings(25_000), "junit")
	start := time.Now()
	require.NoError(t, junitSchemaError(t, out))
	t.Logf("25,000 findings: %d bytes, validated in %s", len(out), time.Since(start).Round(time.Millisecond))
	assert.Equal(t, 25_000, bytes.Count(out, []byte("<testcase ")))
}

// The validation can fail: each document below breaks the schema in one way, and xmllint
// must say so, and say why.
func TestJUnitSchemaRejectsInvalidDocuments(t *testing.T) {
	valid := render(t, fixture(t), "junit")
	tests := []struct {
		name, from, to, reason string
	}{
		{"file and line on a testcase, as this report once wrote",
			`classname="ismscheck.DOC-23" time="0">`, `classname="ismscheck.DOC-23" file="acme/reviews/x.md" line="3" time="0">`,
			"Element 'testcase', attribute 'file': The attribute 'file' is not allowed."},
		{"a skipped total on testsuites, as this report once wrote",
			`errors="1" time="0">`, `errors="1" skipped="4" time="0">`,
			"Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed."},
		{"a testsuite without its failures count",
			`id="0" tests="1" failures="1" errors="0"`, `id="0" tests="1" errors="0"`,
			"Element 'testsuite': The attribute 'failures' is required but missing."},
		{"an element the schema does not know",
			`classname="ismscheck.DOC-23" time="0">`, `classname="ismscheck.DOC-23" time="0"><ignored/>`,
			"Element 'ignored': This element is not expected."},
		{"XML that is not well-formed",
			`<skipped message="waived:`, `<ignored message="waived:`,
			"parser error : Opening and ending tag mismatch: ignored"},
		{"a time that is not a number",
			`<testsuites name="ismscheck f73c09ea4d7db447" tests="58" failures="7" errors="1" time="0">`,
			`<testsuites name="ismscheck f73c09ea4d7db447" tests="58" failures="7" errors="1" time="zero">`,
			"Element 'testsuites', attribute 'time': [facet 'pattern']"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, 1, bytes.Count(valid, []byte(tt.from)), "the edit must apply exactly once: %s", tt.from)
			broken := bytes.Replace(valid, []byte(tt.from), []byte(tt.to), 1)
			err := junitSchemaError(t, broken)
			require.Error(t, err, "xmllint accepted an invalid document")
			assert.Contains(t, err.Error(), tt.reason)
		})
	}
}
