package report

import (
	"io"
	"slices"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// Markdown is written for $GITHUB_STEP_SUMMARY and pull-request comments. GitHub refuses a
// step summary over 1 MiB, so the report is bounded whatever the number of findings: the
// verdict and counts first, nonconformities (major, minor) in an open table, everything
// else that needs attention folded in a <details> block, each table cut after a fixed
// number of rows with a note saying how many were left out, and each cell cut at a fixed
// length.

const (
	// markdownNCRows and markdownOtherRows bound the two tables; with markdownCellRunes
	// they keep the worst case near 0.5 MiB, well under GitHub's 1 MiB.
	markdownNCRows    = 200
	markdownOtherRows = 200
	markdownCellRunes = 300
)

// Markdown writes a GitHub-flavoured Markdown summary.
func Markdown(w io.Writer, r *results.Results) error {
	p := &printer{w: w}
	org := r.Run.Scope.Organization
	if org == "" {
		org = "the ISMS"
	}
	rd := r.Readiness
	p.f("## ismscheck: %s\n\n", mdText(org+" against ISO/IEC 27001:2022"))
	p.f("**Verdict: %s** — %s\n\n", verdictLabel[rd.Verdict], mdText(rd.Reason))
	p.f("As of %s · run `%s` · %d evidence documents · %d rules · ismscheck %s\n\n",
		mdText(r.Run.AsOf), r.Run.ID, r.Coverage.Documents, r.Coverage.Rules.Total, mdText(r.Tool.Version))

	g, s := r.Summary.Grades, r.Summary.Statuses
	p.f("| Major | Minor | Observation | OFI | Pass | Error | Skipped |\n")
	p.f("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	p.f("| %d | %d | %d | %d | %d | %d | %d |\n\n",
		g[results.GradeMajor], g[results.GradeMinor], g[results.GradeObservation], g[results.GradeOFI],
		s[results.StatusPass], s[results.StatusError], s[results.StatusSkipped])

	p.f("| Stage | Verdict | Requirements | Conformant | Major | Minor | Observation | Without evidence |\n")
	p.f("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, st := range []struct {
		name string
		s    results.StageResult
	}{{"Stage 1 (clauses 4-10)", rd.Stage1}, {"Stage 2 (Annex A)", rd.Stage2}} {
		p.f("| %s | %s | %d | %d | %d | %d | %d | %d |\n", st.name, verdictLabel[st.s.Verdict],
			st.s.Requirements, st.s.Conformant, st.s.Majors, st.s.Minors, st.s.Observations, st.s.Unassessed)
	}
	p.f("\n")

	var ncs, others []results.Finding
	for _, f := range r.Findings {
		switch {
		case f.Status == results.StatusFail && (f.Grade == results.GradeMajor || f.Grade == results.GradeMinor):
			ncs = append(ncs, f)
		case f.Status != results.StatusPass:
			others = append(others, f)
		}
	}
	sortBySeverity(ncs)
	sortBySeverity(others)

	if len(ncs) == 0 {
		p.f("No major or minor nonconformity.\n")
	} else {
		p.f("### Nonconformities (%d)\n\n", len(ncs))
		p.findingTable(ncs, markdownNCRows)
	}
	if len(others) > 0 {
		p.f("\n<details><summary>Observations, opportunities for improvement, errors and skipped rules (%d)</summary>\n\n", len(others))
		p.findingTable(others, markdownOtherRows)
		p.f("\n</details>\n")
	}

	p.f("\n**Coverage:** ")
	if len(r.Coverage.Collectors) == 0 {
		p.f("no evidence collected")
	}
	for i, c := range r.Coverage.Collectors {
		if i > 0 {
			p.f(" · ")
		}
		p.f("%s %s %d of %d read (%s)", mdText(c.Collector), mdText(c.Source), c.Collected-c.Incomplete, c.Expected, c.Status)
	}
	p.f("\n")
	for _, msg := range r.Warnings {
		p.f("\n> warning: %s\n", mdCell(msg))
	}
	return p.err
}

// sortBySeverity orders fails by grade, then errors, then skips; otherwise as given.
func sortBySeverity(fs []results.Finding) {
	rank := func(f results.Finding) int {
		switch f.Status {
		case results.StatusFail:
			return results.GradeRank(f.Grade)
		case results.StatusError:
			return len(results.Grades) + 1
		}
		return len(results.Grades) + 2
	}
	slices.SortStableFunc(fs, func(a, b results.Finding) int { return rank(a) - rank(b) })
}

func (p *printer) findingTable(fs []results.Finding, limit int) {
	p.f("| Grade | Rule | Finding | Where | Controls |\n")
	p.f("| --- | --- | --- | --- | --- |\n")
	for i, f := range fs {
		if i == limit {
			p.f("\n_%d more not shown: the json, csv or html report has every finding._\n", len(fs)-limit)
			return
		}
		grade := f.Grade
		if f.Status != results.StatusFail {
			grade = f.Status
		}
		text := f.Title + ": " + f.Message
		if f.Waiver != nil {
			grade += " (waived)"
			text += " — " + waiverNote(f.Waiver)
		}
		p.f("| %s | %s | %s | %s | %s |\n", mdCell(grade), mdCell(f.RuleID), mdCell(text), mdCell(where(f)), mdCell(strings.Join(f.Controls, ", ")))
	}
}

// mdCell makes text safe inside a table cell: a `|` would start a new cell and a newline
// would end the row, and HTML in user files (a title, a message quoting a document) must
// not open tags in the summary. Long cells are cut so one finding cannot fill the page.
func mdCell(s string) string {
	if rs := []rune(s); len(rs) > markdownCellRunes {
		s = string(rs[:markdownCellRunes-1]) + "…"
	}
	s = mdText(s)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// mdText escapes the characters that would be read as HTML.
var mdText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
