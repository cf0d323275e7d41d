package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
)

// SoAFormats are the formats of the Statement of Applicability.
var SoAFormats = []string{"markdown", "csv", "json"}

// SoARow is one Annex A control in the Statement of Applicability as this run evidences it:
// what the ISMS's own SoA says (applicable, justification, declared implementation) beside
// what the run found (status, and what that status rests on).
type SoARow struct {
	Control       string `json:"control"`
	Title         string `json:"title"`
	Theme         string `json:"theme"`
	Applicable    string `json:"applicable"` // yes, no, unknown
	Justification string `json:"justification"`
	Declared      string `json:"declared"`
	Status        string `json:"status"`
	Basis         string `json:"basis"`
	Findings      int    `json:"findings"`
	Reason        string `json:"reason"`
}

// SoADocument is the JSON form: the header facts and the 93 rows.
type SoADocument struct {
	Organization string   `json:"organization"`
	AsOf         string   `json:"as_of"`
	RunID        string   `json:"run_id"`
	Source       string   `json:"soa_source"`
	Catalog      string   `json:"catalog"`
	Controls     []SoARow `json:"controls"`
}

var soaHeader = []string{"control", "title", "theme", "applicable", "justification", "declared_status", "status", "basis", "findings", "reason"}

// SoA builds the Statement of Applicability rows: every Annex A control of the results, in
// catalog order. Results always hold all 93 (grading rolls every control up).
func SoA(r *results.Results) SoADocument {
	doc := SoADocument{Organization: r.Run.Scope.Organization, AsOf: r.Run.AsOf, RunID: r.Run.ID,
		Source: r.Run.Scope.SoA, Catalog: r.Tool.CatalogVersion, Controls: []SoARow{}}
	for _, c := range r.Controls {
		if c.Kind != catalog.KindAnnexA {
			continue
		}
		doc.Controls = append(doc.Controls, SoARow{
			Control: c.ID, Title: c.Title, Theme: strings.TrimSuffix(c.Theme, " controls"),
			Applicable: applicableWord(c.Applicability), Justification: c.Justification, Declared: c.Declared,
			Status: StatusWords(c), Basis: basisWords(c), Findings: c.Findings, Reason: c.Reason,
		})
	}
	return doc
}

func applicableWord(a string) string {
	switch a {
	case "applicable":
		return "yes"
	case "excluded":
		return "no"
	}
	return "unknown"
}

// StatusWords is a control's status as an auditor writes it: "nonconformity (major)",
// "risk accepted", "not assessed".
func StatusWords(c results.ControlState) string {
	s := strings.ReplaceAll(c.Status, "_", " ")
	switch {
	case c.Status == results.ControlNonconformity:
		return fmt.Sprintf("nonconformity (%s)", c.Grade)
	case c.Status == results.ControlConformant && c.Grade == results.GradeOFI:
		return "conformant (ofi)"
	}
	return s
}

// basisWords says what the status rests on: the rules that evaluated evidence, the
// attestation relied on and until when, or nothing.
func basisWords(c results.ControlState) string {
	switch c.Basis {
	case "automated":
		return "automated: " + strings.Join(c.Rules, " ")
	case "attested":
		s := "attested: " + c.Attestation
		if c.ValidUntil != "" {
			s += ", valid until " + c.ValidUntil
		}
		return s
	}
	return "none"
}

// SoACSV writes the SoA as CSV (RFC 4180, CRLF, a header row), cells made spreadsheet-safe.
func SoACSV(w io.Writer, r *results.Results) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(soaHeader); err != nil {
		return err
	}
	for _, row := range SoA(r).Controls {
		cells := []string{row.Control, row.Title, row.Theme, row.Applicable, row.Justification, row.Declared,
			row.Status, row.Basis, strconv.Itoa(row.Findings), row.Reason}
		for i := range cells {
			cells[i] = spreadsheetSafe(cells[i])
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SoAMarkdown writes the SoA as Markdown: the header facts, counts, then one table per
// Annex A theme.
func SoAMarkdown(w io.Writer, r *results.Results) error {
	doc := SoA(r)
	p := &printer{w: w}
	org := orElse(doc.Organization, "the ISMS")
	p.f("# Statement of Applicability: %s\n\n", mdText(org))
	p.f("| | |\n| --- | --- |\n")
	p.f("| Organisation | %s |\n", mdCell(org))
	p.f("| Standard | ISO/IEC 27001:2022 Annex A (%s) |\n", mdCell(doc.Catalog))
	p.f("| As of | %s |\n", mdCell(doc.AsOf))
	p.f("| Run | `%s` |\n", mdCell(doc.RunID))
	counts := map[string]int{}
	applicable := map[string]int{}
	for _, row := range doc.Controls {
		counts[row.Status]++
		applicable[row.Applicable]++
	}
	source := doc.Source
	switch {
	case source == "" && applicable["unknown"] < len(doc.Controls):
		source = "a Statement of Applicability whose path these results do not record (written by an older ismscheck)"
	case source == "":
		source = "no Statement of Applicability was read: applicability unknown"
	case applicable["unknown"] == len(doc.Controls):
		source += " (could not be read completely: applicability unknown)"
	}
	p.f("| Applicability from | %s |\n\n", mdCell(source))
	p.f("%d controls: %d applicable, %d excluded, %d unknown. ", len(doc.Controls), applicable["yes"], applicable["no"], applicable["unknown"])
	var parts []string
	for _, s := range soaStatusOrder {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	p.f("Implementation as this run evidences it: %s.\n", strings.Join(parts, ", "))
	p.f("\nThe status is what this run's evidence shows, not what the SoA declares: *automated* rests on rules over collected evidence, *attested* on a valid attestation in the ISMS repository, *none* on nothing, so the control needs evidence before an auditor can rely on it.\n")

	theme := ""
	for _, row := range doc.Controls {
		if row.Theme != theme {
			theme = row.Theme
			p.f("\n## %s controls\n\n", mdText(theme))
			p.f("| Control | Title | Applicable | Justification | Declared | Status | Basis | Findings |\n")
			p.f("| --- | --- | --- | --- | --- | --- | --- | ---: |\n")
		}
		status := row.Status
		if row.Reason != "" && row.Basis == "none" {
			status += "<br>" + mdCell(row.Reason)
		}
		p.f("| %s | %s | %s | %s | %s | %s | %s | %d |\n", row.Control, mdCell(row.Title), row.Applicable,
			mdCell(row.Justification), mdCell(row.Declared), status, mdCell(row.Basis), row.Findings)
	}
	return p.err
}

// soaStatusOrder lists control statuses as StatusWords writes them, worst first.
var soaStatusOrder = []string{"nonconformity (major)", "nonconformity (minor)", "observation", "risk accepted", "inconclusive",
	"not assessed", "manual", "conformant (ofi)", "conformant", "not applicable"}

// WriteSoA renders the Statement of Applicability in one of SoAFormats.
func WriteSoA(w io.Writer, r *results.Results, format string) error {
	switch format {
	case "markdown", "":
		return SoAMarkdown(w, r)
	case "csv":
		return SoACSV(w, r)
	case "json":
		return writeJSON(w, SoA(r))
	}
	return fmt.Errorf("unknown SoA format %q (available: %s)", format, strings.Join(SoAFormats, ", "))
}
