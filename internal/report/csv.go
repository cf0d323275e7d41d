package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// CSV is for auditors' working papers: one row per finding, every status, RFC 4180 with
// CRLF line ends and a header row. Lists (controls, evidence) are space-separated inside
// one cell so the column count never varies.
//
// Auditors open this file in Excel or LibreOffice, and cells come from user files (titles,
// register rows, document fields). A cell that begins with = + - @ (or a tab or carriage
// return, which some spreadsheets skip before reading a formula) would be run as a formula
// — "CSV injection", which can exfiltrate data or launch commands through DDE. Such cells
// get a leading single quote, the spreadsheet convention for "this is text", as OWASP
// recommends. The cost is one visible quote in a plain-text reader; no value this tool
// writes legitimately starts with those characters.

var csvHeader = []string{
	"rule_id", "title", "status", "grade", "severity", "controls",
	"resource_kind", "resource_id", "key", "path", "line",
	"message", "remediation", "evidence", "fingerprint",
	"waiver_justification", "waiver_approver", "waiver_risk_id", "waiver_expires",
}

// CSV writes one row per finding.
func CSV(w io.Writer, r *results.Results) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range r.Findings {
		if err := cw.Write(csvRow(f)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(f results.Finding) []string {
	var path, line string
	if f.Location != nil {
		path = f.Location.Path
		if f.Location.Line > 0 {
			line = strconv.Itoa(f.Location.Line)
		}
	}
	var wj, wa, wr, we string
	if f.Waiver != nil {
		wj, wa, wr, we = f.Waiver.Justification, f.Waiver.Approver, f.Waiver.RiskID, f.Waiver.Expires
	}
	row := []string{
		f.RuleID, f.Title, f.Status, f.Grade, f.Severity, strings.Join(f.Controls, " "),
		f.Resource.Kind, f.Resource.ID, f.Key, path, line,
		f.Message, strings.TrimSpace(f.Remediation), strings.Join(f.Evidence, " "), f.Fingerprint,
		wj, wa, wr, we,
	}
	for i, cell := range row {
		row[i] = spreadsheetSafe(cell)
	}
	return row
}

// spreadsheetSafe neutralises a cell a spreadsheet would evaluate as a formula.
func spreadsheetSafe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	// Spreadsheets in East Asian locales also read the full-width forms as formula signs.
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(cell, p) {
			return "'" + cell
		}
	}
	return cell
}
