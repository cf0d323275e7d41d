// Package report renders results for people and machines.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
)

// Formats this build can write.
var Formats = []string{"text", "json", "sarif", "junit", "markdown", "html", "csv", "oscal", "github-output"}

// Check tells whether this build can write the format, so a typo fails before any work.
func Check(format string) error {
	for _, f := range Formats {
		if f == format {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (available: %s)", format, strings.Join(Formats, ", "))
}

// Write renders r in the named format.
func Write(w io.Writer, r *results.Results, format string) error {
	switch format {
	case "text", "":
		return Text(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "sarif":
		return SARIF(w, r)
	case "junit":
		return JUnit(w, r)
	case "markdown":
		return Markdown(w, r)
	case "html":
		return HTML(w, r)
	case "csv":
		return CSV(w, r)
	case "oscal":
		return OSCAL(w, r)
	case "github-output":
		return GitHubOutput(w, r)
	}
	return fmt.Errorf("unknown format %q (available: %s)", format, strings.Join(Formats, ", "))
}

var gradeLabel = map[string]string{
	results.GradeMajor: "MAJOR", results.GradeMinor: "MINOR", results.GradeObservation: "OBS", results.GradeOFI: "OFI",
}

var verdictLabel = map[string]string{
	results.VerdictReady: "READY", results.VerdictNotReady: "NOT READY", results.VerdictIncomplete: "INCOMPLETE",
}

// Text is the terminal report: verdict and counts first, then findings grouped by clause
// or control with what to do about each, then what could not be evaluated.
func Text(w io.Writer, r *results.Results) error {
	p := &printer{w: w}
	org := r.Run.Scope.Organization
	if org == "" {
		org = "the ISMS"
	}
	p.f("ismscheck %s: internal audit of %s against ISO/IEC 27001:2022\n", r.Tool.Version, org)
	p.f("as of %s · run %s · %d evidence documents", r.Run.AsOf, r.Run.ID, r.Coverage.Documents)
	if r.Coverage.Incomplete > 0 {
		p.f(" (%d incomplete)", r.Coverage.Incomplete)
	}
	p.f(" · %d rules", r.Coverage.Rules.Total)
	if rc := r.Coverage.Rules; rc.NotConfigured > 0 {
		p.f(" (%d read only sources not configured: %s)", rc.NotConfigured, strings.Join(rc.NotConfiguredSources, ", "))
	}
	p.f("\n\n")

	rd := r.Readiness
	p.f("VERDICT  %s: %s\n", verdictLabel[rd.Verdict], rd.Reason)
	for _, f := range r.Findings {
		if f.Status == results.StatusFail && f.Grade == results.GradeMajor && f.Waiver == nil {
			p.f("  blocking: %s %s (%s) at %s\n", f.RuleID, f.Title, strings.Join(f.Controls, ", "), where(f))
		}
	}
	p.stage("Stage 1 (clauses 4-10)", "requirements", rd.Stage1)
	p.stage("Stage 2 (Annex A)", "controls", rd.Stage2)
	p.f("\n")

	g := r.Summary.Grades
	s := r.Summary.Statuses
	p.f("FINDINGS  %d major · %d minor · %d observation · %d ofi    (%d pass · %d error · %d skipped)\n",
		g[results.GradeMajor], g[results.GradeMinor], g[results.GradeObservation], g[results.GradeOFI],
		s[results.StatusPass], s[results.StatusError], s[results.StatusSkipped])

	titles := map[string]string{}
	for _, c := range r.Controls {
		titles[c.ID] = c.Title
	}
	groups := map[string][]results.Finding{}
	for _, f := range r.Findings {
		if f.Status != results.StatusFail {
			continue
		}
		key := "-"
		if len(f.Controls) > 0 {
			key = f.Controls[0]
		}
		groups[key] = append(groups[key], f)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	catalog.SortIDs(keys)
	for _, k := range keys {
		label := "Clause " + k
		if catalog.IsAnnexA(k) {
			label = "Annex " + k
		}
		p.f("\n%s %s\n", label, heading(k, titles[k]))
		fs := groups[k]
		sort.SliceStable(fs, func(i, j int) bool {
			return results.GradeRank(fs[i].Grade) < results.GradeRank(fs[j].Grade)
		})
		for _, f := range fs {
			p.finding(f)
		}
	}

	var errs, skips []results.Finding
	for _, f := range r.Findings {
		switch f.Status {
		case results.StatusError:
			errs = append(errs, f)
		case results.StatusSkipped:
			skips = append(skips, f)
		}
	}
	if len(errs) > 0 {
		p.f("\nNOT EVALUATED (evidence incomplete or rule error; never counted as a pass)\n")
		for _, f := range errs {
			p.f("  %-7s %s on %s\n          %s\n", f.RuleID, f.Title, where(f), f.Message)
		}
	}
	if len(skips) > 0 {
		p.f("\nSKIPPED\n")
		for _, f := range skips {
			p.f("  %-7s %s: %s\n", f.RuleID, f.Title, f.Message)
		}
	}

	if notes := r.Coverage.Rules.NotApplicableRules; len(notes) > 0 {
		p.f("\nNOTHING TO JUDGE (the source was read in full and holds no such resource)\n")
		for _, n := range notes {
			p.f("  %-7s %s\n", n.RuleID, n.Reason)
		}
	}

	p.f("\nCONTROLS  ")
	p.counts(r.Summary.Controls)
	p.f("\nCOVERAGE\n")
	for _, c := range r.Coverage.Collectors {
		p.f("  %-6s %s: %d of %d read", c.Collector, c.Source, c.Collected-c.Incomplete, c.Expected)
		if c.Incomplete > 0 {
			p.f(", %d incomplete", c.Incomplete)
		}
		p.f(" (%s)\n", c.Status)
		if (c.Status == evidence.CoverageSkipped || c.Status == evidence.CoverageError) && len(c.Errors) > 0 {
			p.f("         %s\n", c.Errors[0].String())
		}
	}
	if len(r.Coverage.Collectors) == 0 {
		p.f("  no evidence collected\n")
	}
	for _, wmsg := range r.Warnings {
		p.f("  warning: %s\n", wmsg)
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) stage(name, noun string, s results.StageResult) {
	p.f("  %-24s %-12s %d %s: %d conformant", name, verdictLabel[s.Verdict], s.Requirements, noun, s.Conformant)
	for _, part := range []struct {
		n    int
		what string
	}{{s.Majors, "major"}, {s.Minors, "minor"}, {s.Observations, "observation"}, {s.NotApplicable, "not applicable"}, {s.Unassessed, "without evidence"}} {
		if part.n > 0 {
			p.f(", %d %s", part.n, part.what)
		}
	}
	p.f("\n")
	if s.Requirements > 0 {
		p.f("  %-24s %-12s evidenced: %d automatically, %d by attestation, %d not at all\n", "", "", s.Automated, s.Attested, s.Unassessed)
	}
}

func (p *printer) finding(f results.Finding) {
	p.f("  %-5s  %-7s %s\n", gradeLabel[f.Grade], f.RuleID, f.Title)
	p.wrapped("         ", f.Message)
	p.f("         at: %s", where(f))
	if len(f.Controls) > 1 {
		p.f("   controls: %s", strings.Join(f.Controls, ", "))
	}
	p.f("\n")
	for _, note := range f.Grading {
		p.f("         grading: %s\n", note)
	}
	if w := f.Waiver; w != nil {
		p.wrapped("         WAIVED: ", fmt.Sprintf("risk %s accepted by %s until %s: %s", w.RiskID, w.Approver, w.Expires, w.Justification))
	}
	if len(f.Evidence) > 0 {
		short := make([]string, len(f.Evidence))
		for i, d := range f.Evidence {
			short[i] = evidence.ShortDigest(d)
		}
		p.f("         evidence: %s\n", strings.Join(short, " "))
	}
	if f.Remediation != "" {
		p.wrapped("         fix: ", strings.TrimSpace(f.Remediation))
	}
}

// wrapped prints text after prefix, folded at about 100 columns under the prefix.
func (p *printer) wrapped(prefix, text string) {
	const width = 100
	indent := strings.Repeat(" ", len("         "))
	line := prefix
	for i, word := range strings.Fields(text) {
		if i > 0 && len(line)+1+len(word) > width {
			p.f("%s\n", line)
			line = indent + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	p.f("%s\n", line)
}

func (p *printer) counts(m map[string]int) {
	order := []string{results.ControlConformant, results.ControlNonconformity, results.ControlObservation, results.ControlNotApplicable,
		results.ControlManual, results.ControlNotAssessed, results.ControlInconclusive}
	var parts []string
	for _, k := range order {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], strings.ReplaceAll(k, "_", " ")))
		}
	}
	p.f("%s\n", strings.Join(parts, " · "))
}

func where(f results.Finding) string {
	if f.Location != nil {
		if f.Location.Line > 0 {
			return fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line)
		}
		return f.Location.Path
	}
	return f.Resource.Kind + " " + f.Resource.ID
}

// heading names a group; a bare "General" (6.1.1, 7.5.1, 9.2.1, 9.3.1) says whose.
func heading(id, title string) string {
	if title != "General" {
		return title
	}
	if it, ok := catalog.Load().Get(id); ok {
		if parent, ok := catalog.Load().Get(it.Parent); ok {
			return parent.Title + ": general"
		}
	}
	return title
}
