package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is the acme example's results (go run ./cmd/ismscheck audit examples/acme
// --as-of 2026-11-21 --format json) plus a waived finding, an error and a user rule whose
// text attempts formula injection and breaks Markdown tables.
func fixture(t *testing.T) *results.Results {
	t.Helper()
	r, err := results.Read(filepath.Join("testdata", "results.json"))
	require.NoError(t, err)
	return r
}

// render writes r in format and returns the bytes.
func render(t *testing.T, r *results.Results, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, r, format))
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "run `go test ./internal/report -update` after an intended change")
}

// validate checks doc against a JSON schema kept in testdata (copied from the standards
// bodies' published schemas; see testdata/SOURCES.md), with formats asserted.
func validate(t *testing.T, schemaFile string, doc []byte) {
	t.Helper()
	require.NoError(t, validationError(t, schemaFile, doc))
}

var schemas = map[string]*jsonschema.Schema{}

func validationError(t *testing.T, schemaFile string, doc []byte) error {
	t.Helper()
	sch, ok := schemas[schemaFile]
	if !ok {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		f, err := os.Open(filepath.Join("testdata", schemaFile))
		require.NoError(t, err)
		defer f.Close()
		schemaDoc, err := jsonschema.UnmarshalJSON(f)
		require.NoError(t, err)
		require.NoError(t, c.AddResource(schemaFile, schemaDoc))
		sch, err = c.Compile(schemaFile)
		require.NoError(t, err)
		schemas[schemaFile] = sch
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	require.NoError(t, err)
	return sch.Validate(inst)
}

// decode unmarshals JSON output into a generic value for assertions.
func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

// withFindings is a minimal results document holding fs, for synthetic cases.
func withFindings(fs ...results.Finding) *results.Results {
	return &results.Results{
		SchemaVersion: results.SchemaVersion,
		Tool:          results.Tool{Name: "ismscheck", Version: "test"},
		Run:           results.Run{ID: "0123456789abcdef", AsOf: "2026-11-21", Scope: results.Scope{Sources: []string{"isms:."}}},
		Findings:      fs,
		Summary:       results.Summary{Grades: map[string]int{}, Statuses: map[string]int{}, Controls: map[string]int{}},
		Readiness:     results.Readiness{Verdict: results.VerdictNotReady, Reason: "synthetic"},
	}
}

// failing is a failed finding of a given grade on a numbered resource.
func failing(rule, grade string, n int) results.Finding {
	ref := evidence.Ref{Kind: "isms.document", ID: fmt.Sprintf("policies/p%05d.md", n)}
	return results.Finding{
		RuleID: rule, Title: rule + " title", Status: results.StatusFail, Grade: grade, Severity: grade,
		Controls: []string{"A.5.1", "7.5.2"}, Resource: ref,
		Message:     fmt.Sprintf("document %d is past its review date by a number of days that makes this message realistic in length", n),
		Remediation: "Review the document and record the approval.",
		Evidence:    []string{"sha256:" + strings.Repeat("ab", 32)},
		Location:    &results.Location{Path: ref.ID, Line: 3},
		Fingerprint: results.Fingerprint(rule, ref, ""),
	}
}
