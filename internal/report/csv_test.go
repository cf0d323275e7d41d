package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSVGolden(t *testing.T) {
	golden(t, "results.csv", render(t, fixture(t), "csv"))
}

func TestCSVOneRowPerFinding(t *testing.T) {
	r := fixture(t)
	out := render(t, r, "csv")
	assert.True(t, bytes.HasSuffix(out, []byte("\r\n")), "RFC 4180 line ends")

	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.NoError(t, err, "every row has the header's column count")
	require.Len(t, rows, len(r.Findings)+1)
	assert.Equal(t, csvHeader, rows[0])

	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byFingerprint := map[string][]string{}
	for _, row := range rows[1:] {
		byFingerprint[row[col["fingerprint"]]] = row
	}

	major := byFingerprint["f42c15cbd9c8f4ad"]
	assert.Equal(t, "DOC-23", major[col["rule_id"]])
	assert.Equal(t, "fail", major[col["status"]])
	assert.Equal(t, "major", major[col["grade"]])
	assert.Equal(t, "9.3.1 9.3.2 9.3.3", major[col["controls"]])
	assert.Equal(t, "", major[col["path"]], "no file")

	soa := byFingerprint["491886e6349b61d2"]
	assert.Equal(t, "registers/soa.csv", soa[col["path"]])
	assert.Equal(t, "52", soa[col["line"]])
	assert.Equal(t, "minor", soa[col["grade"]])
	assert.Equal(t, "major", soa[col["severity"]], "declared grade kept beside the computed one")

	waived := byFingerprint["e16a62d33e3c1207"]
	assert.Equal(t, "R-21", waived[col["waiver_risk_id"]])
	assert.Equal(t, "ciso@acme.example", waived[col["waiver_approver"]])
	assert.Equal(t, "2027-01-31", waived[col["waiver_expires"]])
	assert.Contains(t, waived[col["waiver_justification"]], "Policy rewrite")

	custom := byFingerprint[r.Findings[len(r.Findings)-1].Fingerprint]
	assert.Equal(t, "CUSTOM-01", custom[col["rule_id"]])
	assert.Equal(t, `'=HYPERLINK("http://evil.example","click")`+"\nsecond line | with a pipe <b>bold</b>", custom[col["message"]],
		"quoted, newlines kept inside the quoted cell, formula neutralised")
	assert.Equal(t, "'-1+1 @SUM(A1) review the supplier contract", custom[col["remediation"]])
	assert.Equal(t, "Supplier | contract register =reviewed", custom[col["title"]], "only a leading sign is a formula")
}

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":            "'=1+1",
		"+1":              "'+1",
		"-2":              "'-2",
		"@SUM(A1)":        "'@SUM(A1)",
		"\t=cmd":          "'\t=cmd",
		"\r=cmd":          "'\r=cmd",
		"＝1+1":            "'＝1+1",
		"":                "",
		"A.8.5":           "A.8.5",
		"a = b":           "a = b",
		"sha256:abcd":     "sha256:abcd",
		"policies/x-y.md": "policies/x-y.md",
	} {
		assert.Equal(t, want, spreadsheetSafe(in), "%q", in)
	}
}
