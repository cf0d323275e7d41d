package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
)

// ReadinessFormats are the formats of the readiness report.
var ReadinessFormats = []string{"text", "markdown", "json"}

// ReadinessReport is a pre-certification view of one run, shaped like the two audit
// stages: Stage 1 (clauses 4 to 10: the management system and its documented information)
// per clause, Stage 2 (Annex A: the controls in operation) per theme; the majors that block
// certification; and every requirement without evidence, with the reason.
type ReadinessReport struct {
	Organization string             `json:"organization"`
	AsOf         string             `json:"as_of"`
	RunID        string             `json:"run_id"`
	Verdict      string             `json:"verdict"`
	Reason       string             `json:"reason"`
	Stages       []ReadinessStage   `json:"stages"`
	Blocking     []BlockingMajor    `json:"blocking"`
	Unassessed   []UnassessedRecord `json:"unassessed"`
}

// ReadinessStage is one audit stage: its verdict (from the results) and its groups.
type ReadinessStage struct {
	Name    string           `json:"name"`
	Verdict string           `json:"verdict"`
	Totals  StatusCounts     `json:"totals"`
	Groups  []ReadinessGroup `json:"groups"`
}

// ReadinessGroup is a clause (4 to 10) or an Annex A theme.
type ReadinessGroup struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Verdict string       `json:"verdict"`
	Counts  StatusCounts `json:"counts"`
}

// StatusCounts counts requirements by status.
type StatusCounts struct {
	Requirements  int `json:"requirements"`
	Conformant    int `json:"conformant"`
	Major         int `json:"major"`
	Minor         int `json:"minor"`
	Observation   int `json:"observation"`
	RiskAccepted  int `json:"risk_accepted"`
	NotApplicable int `json:"not_applicable"`
	Manual        int `json:"manual"`
	NotAssessed   int `json:"not_assessed"`
	Inconclusive  int `json:"inconclusive"`
}

func (s *StatusCounts) add(c results.ControlState) {
	s.Requirements++
	switch c.Status {
	case results.ControlConformant:
		s.Conformant++
	case results.ControlNonconformity:
		if c.Grade == results.GradeMajor {
			s.Major++
		} else {
			s.Minor++
		}
	case results.ControlObservation:
		s.Observation++
	case results.ControlRiskAccepted:
		s.RiskAccepted++
	case results.ControlNotApplicable:
		s.NotApplicable++
	case results.ControlManual:
		s.Manual++
	case results.ControlNotAssessed:
		s.NotAssessed++
	default:
		s.Inconclusive++
	}
}

// verdict is the results' readiness rule applied to one group.
func (s StatusCounts) verdict() string {
	return results.ReadinessVerdict(s.Major, s.Manual+s.NotAssessed+s.Inconclusive)
}

// BlockingMajor is an open (unwaived) major nonconformity.
type BlockingMajor struct {
	RuleID      string   `json:"rule_id"`
	Title       string   `json:"title"`
	Controls    []string `json:"controls"`
	Resource    string   `json:"resource"`
	Where       string   `json:"where"`
	Message     string   `json:"message"`
	Fingerprint string   `json:"fingerprint"`
}

// UnassessedRecord is a requirement whose status rests on no evidence.
type UnassessedRecord struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// Readiness builds the readiness report from results alone.
func Readiness(r *results.Results) ReadinessReport {
	cat := catalog.Load()
	rep := ReadinessReport{Organization: r.Run.Scope.Organization, AsOf: r.Run.AsOf, RunID: r.Run.ID,
		Verdict: r.Readiness.Verdict, Reason: r.Readiness.Reason, Blocking: []BlockingMajor{}, Unassessed: []UnassessedRecord{}}
	stage1 := ReadinessStage{Name: "Stage 1 (clauses 4-10)", Verdict: r.Readiness.Stage1.Verdict}
	stage2 := ReadinessStage{Name: "Stage 2 (Annex A)", Verdict: r.Readiness.Stage2.Verdict}
	groupOf := func(st *ReadinessStage, id, title string) *ReadinessGroup {
		for i := range st.Groups {
			if st.Groups[i].ID == id {
				return &st.Groups[i]
			}
		}
		st.Groups = append(st.Groups, ReadinessGroup{ID: id, Title: title})
		return &st.Groups[len(st.Groups)-1]
	}
	for _, c := range r.Controls {
		var g *ReadinessGroup
		var st *ReadinessStage
		if c.Kind == catalog.KindAnnexA {
			st = &stage2
			theme := strings.TrimSuffix(c.Theme, " controls")
			g = groupOf(st, theme, c.Theme)
		} else {
			st = &stage1
			top, _, _ := strings.Cut(c.ID, ".")
			title := ""
			if it, ok := cat.Get(top); ok {
				title = it.Title
			}
			g = groupOf(st, top, title)
		}
		g.Counts.add(c)
		st.Totals.add(c)
		switch c.Status {
		case results.ControlManual, results.ControlNotAssessed, results.ControlInconclusive:
			rep.Unassessed = append(rep.Unassessed, UnassessedRecord{ID: c.ID, Title: c.Title, Status: c.Status, Reason: c.Reason})
		}
	}
	for _, st := range []*ReadinessStage{&stage1, &stage2} {
		for i := range st.Groups {
			st.Groups[i].Verdict = st.Groups[i].Counts.verdict()
		}
		if st.Groups == nil {
			st.Groups = []ReadinessGroup{}
		}
	}
	rep.Stages = []ReadinessStage{stage1, stage2}
	blocking := map[string]bool{}
	for _, fp := range r.Readiness.Blocking {
		blocking[fp] = true
	}
	for _, f := range r.Findings {
		if !blocking[f.Fingerprint] || f.Status != results.StatusFail {
			continue
		}
		rep.Blocking = append(rep.Blocking, BlockingMajor{RuleID: f.RuleID, Title: f.Title, Controls: f.Controls,
			Resource: f.Resource.Kind + " " + f.Resource.ID, Where: where(f), Message: oneLine(f.Message), Fingerprint: f.Fingerprint})
	}
	return rep
}

// WriteReadiness renders the readiness report in one of ReadinessFormats.
func WriteReadiness(w io.Writer, r *results.Results, format string) error {
	rep := Readiness(r)
	switch format {
	case "text", "":
		return readinessText(w, rep)
	case "markdown":
		return readinessMarkdown(w, rep)
	case "json":
		return writeJSON(w, rep)
	}
	return fmt.Errorf("unknown readiness format %q (available: %s)", format, strings.Join(ReadinessFormats, ", "))
}

var unassessedLabel = map[string]string{
	results.ControlManual:       "manual: no automated rule and no valid attestation",
	results.ControlNotAssessed:  "not assessed: rules exist but had no evidence",
	results.ControlInconclusive: "inconclusive: evidence could not be read",
}

func readinessText(w io.Writer, rep ReadinessReport) error {
	p := &printer{w: w}
	p.f("ismscheck readiness: %s against ISO/IEC 27001:2022\n", orElse(rep.Organization, "the ISMS"))
	p.f("as of %s · run %s\n\n", rep.AsOf, rep.RunID)
	p.f("VERDICT  %s: %s\n", verdictLabel[rep.Verdict], rep.Reason)
	for i, st := range rep.Stages {
		p.f("\n%s  %s\n", strings.ToUpper(st.Name), verdictLabel[st.Verdict])
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		if p.err == nil {
			fmt.Fprintln(tw, "  \tverdict\treqs\tconf\tmajor\tminor\tobs\trisk acc\tn/a\tmanual\tnot assessed\tinconcl")
			for _, g := range st.Groups {
				name := fmt.Sprintf("%-3s %s", g.ID, g.Title)
				if i > 0 {
					name = g.Title // a theme's id is its title's first word
				}
				countsRow(tw, "  "+name, verdictLabel[g.Verdict], g.Counts)
			}
			countsRow(tw, "  total", verdictLabel[st.Verdict], st.Totals)
			p.err = tw.Flush()
		}
	}
	p.f("\nBLOCKING MAJORS (%d)\n", len(rep.Blocking))
	if len(rep.Blocking) == 0 {
		p.f("  none\n")
	}
	for _, b := range rep.Blocking {
		p.f("  %-7s %s (%s)\n", b.RuleID, b.Title, strings.Join(b.Controls, ", "))
		p.f("         at %s\n", b.Where)
		p.wrapped("         ", b.Message)
	}
	p.f("\nWITHOUT EVIDENCE (%d): an auditor will ask for evidence of each\n", len(rep.Unassessed))
	for _, status := range []string{results.ControlInconclusive, results.ControlNotAssessed, results.ControlManual} {
		var items []UnassessedRecord
		for _, u := range rep.Unassessed {
			if u.Status == status {
				items = append(items, u)
			}
		}
		if len(items) == 0 {
			continue
		}
		p.f("  %s (%d)\n", unassessedLabel[status], len(items))
		for _, u := range items {
			line := fmt.Sprintf("%-7s %s", u.ID, heading(u.ID, u.Title))
			if extra := reasonBeyondStatus(u); extra != "" {
				line += ": " + extra
			}
			p.f("    %s\n", line)
		}
	}
	return p.err
}

// reasonBeyondStatus is the part of the reason the status heading does not already say
// (a lapsed attestation, the number of errored results).
func reasonBeyondStatus(u UnassessedRecord) string {
	switch u.Status {
	case results.ControlManual:
		_, rest, _ := strings.Cut(u.Reason, "; ")
		return rest
	case results.ControlNotAssessed:
		_, rest, _ := strings.Cut(u.Reason, "; ")
		return rest
	}
	return u.Reason
}

func countsRow(tw io.Writer, name, verdict string, c StatusCounts) {
	fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", name, verdict, c.Requirements, c.Conformant,
		c.Major, c.Minor, c.Observation, c.RiskAccepted, c.NotApplicable, c.Manual, c.NotAssessed, c.Inconclusive)
}

func readinessMarkdown(w io.Writer, rep ReadinessReport) error {
	p := &printer{w: w}
	p.f("# Certification readiness: %s\n\n", mdText(orElse(rep.Organization, "the ISMS")))
	p.f("As of %s · run `%s`\n\n", mdText(rep.AsOf), mdText(rep.RunID))
	p.f("**Verdict: %s** — %s\n", verdictLabel[rep.Verdict], mdText(rep.Reason))
	for i, st := range rep.Stages {
		p.f("\n## %s: %s\n\n", st.Name, verdictLabel[st.Verdict])
		p.f("| | | Verdict | Requirements | Conformant | Major | Minor | Observation | Risk accepted | Not applicable | Manual | Not assessed | Inconclusive |\n")
		p.f("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		row := func(id, title, verdict string, c StatusCounts) {
			p.f("| %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", mdCell(id), mdCell(title), verdict, c.Requirements, c.Conformant,
				c.Major, c.Minor, c.Observation, c.RiskAccepted, c.NotApplicable, c.Manual, c.NotAssessed, c.Inconclusive)
		}
		for _, g := range st.Groups {
			if i > 0 {
				row(g.Title, "", verdictLabel[g.Verdict], g.Counts) // a theme's id is its title's first word
				continue
			}
			row(g.ID, g.Title, verdictLabel[g.Verdict], g.Counts)
		}
		row("**total**", "", verdictLabel[st.Verdict], st.Totals)
	}
	p.f("\n## Blocking majors (%d)\n\n", len(rep.Blocking))
	if len(rep.Blocking) == 0 {
		p.f("None.\n")
	} else {
		p.f("| Rule | Title | Controls | At | Finding |\n| --- | --- | --- | --- | --- |\n")
		for _, b := range rep.Blocking {
			p.f("| %s | %s | %s | %s | %s |\n", mdCell(b.RuleID), mdCell(b.Title), mdCell(strings.Join(b.Controls, ", ")), mdCell(b.Where), mdCell(b.Message))
		}
	}
	p.f("\n## Without evidence (%d)\n\n", len(rep.Unassessed))
	if len(rep.Unassessed) == 0 {
		p.f("None.\n")
		return p.err
	}
	p.f("| Requirement | Title | Status | Reason |\n| --- | --- | --- | --- |\n")
	for _, u := range rep.Unassessed {
		p.f("| %s | %s | %s | %s |\n", u.ID, mdCell(heading(u.ID, u.Title)), strings.ReplaceAll(u.Status, "_", " "), mdCell(u.Reason))
	}
	return p.err
}
