package report

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
)

// The HTML report is an internal audit report in one self-contained file: the template,
// the style sheet, a few lines of script and the charts (SVG drawn here) are all inline, and
// a Content-Security-Policy forbids every other load, so the page works offline and nothing
// from a user file can make it fetch anything. Printing it ("Save as PDF") gives the same
// report on A4.

//go:embed html/report.html.tmpl html/report.css html/report.js
var htmlFiles embed.FS

var (
	htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"short": evidence.ShortDigest,
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		"add3":  func(a, b, c int) int { return a + b + c },
	}).ParseFS(htmlFiles, "html/report.html.tmpl"))
	htmlCSS = mustRead("html/report.css")
	htmlJS  = mustRead("html/report.js")
	// htmlCSP allows exactly the inline style sheet and script (by hash) and data: images;
	// everything else, including any network request, is refused by the browser.
	htmlCSP = "default-src 'none'; style-src '" + cspHash(htmlCSS) + "'; script-src '" + cspHash(htmlJS) +
		"'; img-src data:; base-uri 'none'; form-action 'none'"
)

func mustRead(name string) string {
	b, err := htmlFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// HTML writes the internal audit report as one HTML file.
func HTML(w io.Writer, r *results.Results) error {
	return htmlTemplate.Execute(w, newHTMLPage(r))
}

// htmlPage is everything the template shows, computed once so the template stays simple.
type htmlPage struct {
	R            *results.Results
	Organization string
	CSS          template.CSS
	JS           template.JS
	CSP          string
	Verdict      badge
	Sources      []htmlSource
	Grades       []gradeCount
	OpenFailures int
	Waived       int
	Passed       int
	Stages       []stageRow
	Blocking     []findingRow
	Areas        []areaRow
	Unevidenced  int
	Charts       struct{ Conformity, Grades, Trend template.HTML }
	TrendNote    string
	ClauseTables []controlTable
	ThemeTables  []controlTable
	Groups       []findingGroup
	NotEvaluated []findingRow
	Checks       []ruleCheck
	Statuses     []statusLegend
}

type badge struct{ Class, Label string }

type htmlSource struct{ Name, Detail string }

type gradeCount struct {
	Grade, Label string
	Open, Waived int
}

type stageRow struct {
	Name, Noun string // Noun says what the stage audits
	Verdict    badge
	S          results.StageResult
}

// areaRow is one clause (4 to 10) or Annex A theme with its controls' statuses counted.
type areaRow struct {
	ID, Name, Anchor string
	Counts           map[string]int // by statusKey
	Total            int
	Status           badge
}

type controlTable struct {
	ID, Heading, Anchor string
	Annex               bool // Annex A controls have an applicability from the SoA
	Rows                []controlRow
}

type controlRow struct {
	C           results.ControlState
	Anchor      string
	Status      badge
	Title       string
	FindingsRef string // anchor of the findings group, when the findings are listed there
}

type findingGroup struct {
	ID, Label, Title, Anchor string
	Status                   badge
	Rules                    []ruleGroup
}

type ruleGroup struct {
	RuleID, Title, Remediation string
	Findings                   []findingRow
}

type findingRow struct {
	F        results.Finding
	Anchor   string
	Grade    badge
	Where    string
	Resource string // kind and id, when Where is a location in another file
	Sources  string // collector and source that produced the resource's evidence
	Expired  bool   // the waiver's expiry is before the run's as-of date
}

type ruleCheck struct {
	RuleID, Title, Severity string
	Controls                []string
	Pass, Fail, Error, Skip int
}

type statusLegend struct {
	Key, Label, Meaning string
}

// statusOrder is the order of control statuses in charts, legends and counts; a
// nonconformity is split by grade, since a major and a minor weigh very differently.
var statusOrder = []string{"conformant", "observation", "minor", "major", results.ControlRiskAccepted,
	results.ControlInconclusive, results.ControlNotAssessed, results.ControlManual, results.ControlNotApplicable}

var statusLabel = map[string]string{
	"conformant": "Conformant", "observation": "Observation", "minor": "Minor NC", "major": "Major NC",
	results.ControlRiskAccepted: "Risk accepted", results.ControlInconclusive: "Inconclusive",
	results.ControlNotAssessed: "Not assessed", results.ControlManual: "Manual, not evidenced",
	results.ControlNotApplicable: "Not applicable",
}

var statusMeaning = map[string]string{
	"conformant":                 "automated rules passed, or a valid attestation covers it",
	"observation":                "not a nonconformity yet, but heading there",
	"minor":                      "minor nonconformity: an isolated lapse",
	"major":                      "major nonconformity: requirement absent or broken down",
	results.ControlRiskAccepted:  "its only failures are covered by current waivers",
	results.ControlInconclusive:  "evidence could not be read and nothing failed",
	results.ControlNotAssessed:   "rules exist but their evidence was not collected",
	results.ControlManual:        "no automated rule and no valid attestation",
	results.ControlNotApplicable: "excluded in the Statement of Applicability",
}

// statusKey is a control's status as charts count it.
func statusKey(c results.ControlState) string {
	if c.Status == results.ControlNonconformity {
		if c.Grade == results.GradeMajor {
			return "major"
		}
		return "minor"
	}
	return c.Status
}

func statusBadge(key string) badge {
	label, ok := statusLabel[key]
	if !ok {
		label = strings.ReplaceAll(key, "_", " ")
	}
	return badge{Class: "st-" + key, Label: label}
}

var gradeWord = map[string]string{
	results.GradeMajor: "Major NC", results.GradeMinor: "Minor NC", results.GradeObservation: "Observation", results.GradeOFI: "OFI",
}

func gradeBadge(f results.Finding) badge {
	switch f.Status {
	case results.StatusFail:
		if l, ok := gradeWord[f.Grade]; ok {
			return badge{Class: "g-" + f.Grade, Label: l}
		}
		return badge{Class: "g-unknown", Label: f.Grade}
	case results.StatusError:
		return badge{Class: "s-error", Label: "Error"}
	case results.StatusSkipped:
		return badge{Class: "s-skipped", Label: "Skipped"}
	}
	return badge{Class: "s-pass", Label: "Pass"}
}

var verdictClass = map[string]string{
	results.VerdictReady: "v-ready", results.VerdictNotReady: "v-not_ready", results.VerdictIncomplete: "v-incomplete",
}

func verdictBadge(v string) badge {
	label, ok := verdictLabel[v]
	if !ok {
		label = strings.ToUpper(v)
	}
	return badge{Class: verdictClass[v], Label: label}
}

func newHTMLPage(r *results.Results) *htmlPage {
	p := &htmlPage{R: r, Organization: r.Run.Scope.Organization, CSS: template.CSS(htmlCSS), JS: template.JS(htmlJS), CSP: htmlCSP}
	if p.Organization == "" {
		p.Organization = "the ISMS"
	}
	p.Verdict = verdictBadge(r.Readiness.Verdict)
	for _, s := range r.Run.Scope.Sources {
		kind, where, ok := strings.Cut(s, ":")
		if !ok {
			kind, where = s, ""
		}
		p.Sources = append(p.Sources, htmlSource{Name: kind, Detail: where})
	}
	for _, k := range statusOrder {
		p.Statuses = append(p.Statuses, statusLegend{Key: k, Label: statusLabel[k], Meaning: statusMeaning[k]})
	}
	p.Stages = []stageRow{
		{Name: "Stage 1 (clauses 4–10)", Noun: "Documentation", Verdict: verdictBadge(r.Readiness.Stage1.Verdict), S: r.Readiness.Stage1},
		{Name: "Stage 2 (Annex A)", Noun: "Implementation", Verdict: verdictBadge(r.Readiness.Stage2.Verdict), S: r.Readiness.Stage2},
	}
	p.findings(r)
	p.controls(r)
	p.Charts.Conformity = conformityChart(p.Areas)
	p.Charts.Grades = gradeChart(p.Grades)
	p.Charts.Trend, p.TrendNote = trendChart(r)
	return p
}

// findings groups the failures by their first clause or control, then by rule, and lists
// what could not be evaluated; passes are counted per rule, not listed.
func (p *htmlPage) findings(r *results.Results) {
	sourceOf := map[string]string{}
	for _, c := range r.Coverage.Collectors {
		for _, k := range c.Kinds {
			if _, seen := sourceOf[k]; !seen {
				sourceOf[k] = c.Collector + " " + c.Source
			}
		}
	}
	titles := map[string]string{}
	status := map[string]badge{}
	for _, c := range r.Controls {
		titles[c.ID] = c.Title
		status[c.ID] = statusBadge(statusKey(c))
	}
	open := map[string]int{}
	waived := map[string]int{}
	checks := map[string]*ruleCheck{}
	var checkOrder []string
	anchors := map[string]int{}
	groups := map[string]*findingGroup{}
	for _, f := range r.Findings {
		rc := checks[f.RuleID]
		if rc == nil {
			rc = &ruleCheck{RuleID: f.RuleID, Title: f.Title, Severity: f.Severity}
			checks[f.RuleID] = rc
			checkOrder = append(checkOrder, f.RuleID)
		}
		for _, c := range f.Controls {
			if !slices.Contains(rc.Controls, c) {
				rc.Controls = append(rc.Controls, c)
			}
		}
		switch f.Status {
		case results.StatusPass:
			rc.Pass++
			p.Passed++
			continue
		case results.StatusFail:
			rc.Fail++
		case results.StatusError:
			rc.Error++
		case results.StatusSkipped:
			rc.Skip++
		}
		row := findingRow{F: f, Grade: gradeBadge(f), Where: where(f), Sources: sourceOf[f.Resource.Kind]}
		if f.Location != nil && f.Location.Path != f.Resource.ID {
			row.Resource = f.Resource.Kind + " " + f.Resource.ID
		}
		if f.Status != results.StatusFail {
			p.NotEvaluated = append(p.NotEvaluated, row)
			continue
		}
		row.Anchor = "f-" + f.Fingerprint
		if n := anchors[row.Anchor]; n > 0 {
			row.Anchor += "-" + strconv.Itoa(n+1)
		}
		anchors["f-"+f.Fingerprint]++
		if f.Waiver != nil {
			waived[f.Grade]++
			p.Waived++
			row.Expired = f.Waiver.Expires != "" && f.Waiver.Expires < asOf(r).Format(time.DateOnly)
		} else {
			open[f.Grade]++
			p.OpenFailures++
			if f.Grade == results.GradeMajor {
				p.Blocking = append(p.Blocking, row)
			}
		}
		key := "-"
		if len(f.Controls) > 0 {
			key = f.Controls[0]
		}
		g := groups[key]
		if g == nil {
			g = &findingGroup{ID: key, Title: heading(key, titles[key]), Anchor: "g-" + key, Status: status[key]}
			switch {
			case key == "-":
				g.Label, g.Title = "Not mapped", "Findings without a clause or control"
			case catalog.IsAnnexA(key):
				g.Label = "Annex " + key
			default:
				g.Label = "Clause " + key
			}
			groups[key] = g
		}
		remedy := strings.TrimSpace(f.Remediation)
		i := slices.IndexFunc(g.Rules, func(rg ruleGroup) bool { return rg.RuleID == f.RuleID && rg.Remediation == remedy })
		if i < 0 {
			i = len(g.Rules)
			g.Rules = append(g.Rules, ruleGroup{RuleID: f.RuleID, Title: f.Title, Remediation: remedy})
		}
		g.Rules[i].Findings = append(g.Rules[i].Findings, row)
	}
	for _, grade := range results.Grades {
		p.Grades = append(p.Grades, gradeCount{Grade: grade, Label: gradeWord[grade], Open: open[grade], Waived: waived[grade]})
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	catalog.SortIDs(keys)
	for _, k := range keys {
		g := groups[k]
		// Most severe rule first; findings of a rule most severe first, as the text report.
		for i := range g.Rules {
			slices.SortStableFunc(g.Rules[i].Findings, func(a, b findingRow) int {
				return results.GradeRank(a.F.Grade) - results.GradeRank(b.F.Grade)
			})
		}
		slices.SortStableFunc(g.Rules, func(a, b ruleGroup) int {
			return results.GradeRank(a.Findings[0].F.Grade) - results.GradeRank(b.Findings[0].F.Grade)
		})
		p.Groups = append(p.Groups, *g)
	}
	slices.SortStableFunc(p.NotEvaluated, func(a, b findingRow) int {
		// Errors before skips, then the rule's default grade, most severe first.
		if a.F.Status != b.F.Status {
			return strings.Compare(a.F.Status, b.F.Status)
		}
		return results.GradeRank(a.F.Severity) - results.GradeRank(b.F.Severity)
	})
	slices.SortFunc(checkOrder, strings.Compare)
	for _, id := range checkOrder {
		catalog.SortIDs(checks[id].Controls)
		p.Checks = append(p.Checks, *checks[id])
	}
}

// controls builds the status tables (clauses 4 to 10 by clause, Annex A by theme) and the
// per-area roll-up the summary and its chart show.
func (p *htmlPage) controls(r *results.Results) {
	grouped := map[string]bool{}
	for _, g := range p.Groups {
		grouped[g.ID] = true
	}
	cat := catalog.Load()
	tables := map[string]*controlTable{}
	areas := map[string]*areaRow{}
	var clauseOrder, themeOrder []string
	for _, c := range r.Controls {
		var tableID, areaID, areaName string
		if c.Kind == catalog.KindAnnexA {
			tableID, areaID, areaName = c.Theme, c.Theme, c.Theme
			if areaName == "" {
				tableID, areaID, areaName = "Annex A", "Annex A", "Annex A"
			}
		} else {
			top, _, _ := strings.Cut(c.ID, ".")
			tableID, areaID = top, top
			areaName = "Clause " + top
			if it, ok := cat.Get(top); ok {
				areaName += " " + it.Title
			}
		}
		t := tables[tableID]
		if t == nil {
			t = &controlTable{ID: tableID, Heading: areaName, Anchor: "t-" + anchorName(tableID), Annex: c.Kind == catalog.KindAnnexA}
			tables[tableID] = t
			a := &areaRow{ID: areaID, Name: areaName, Anchor: t.Anchor, Counts: map[string]int{}}
			areas[areaID] = a
			if c.Kind == catalog.KindAnnexA {
				themeOrder = append(themeOrder, tableID)
			} else {
				clauseOrder = append(clauseOrder, tableID)
			}
		}
		key := statusKey(c)
		row := controlRow{C: c, Anchor: "c-" + c.ID, Status: statusBadge(key), Title: heading(c.ID, c.Title)}
		if grouped[c.ID] {
			row.FindingsRef = "g-" + c.ID
		}
		t.Rows = append(t.Rows, row)
		a := areas[areaID]
		a.Counts[key]++
		a.Total++
		switch key {
		case results.ControlManual, results.ControlNotAssessed, results.ControlInconclusive:
			p.Unevidenced++
		}
	}
	for _, id := range clauseOrder {
		p.ClauseTables = append(p.ClauseTables, *tables[id])
	}
	for _, id := range themeOrder {
		p.ThemeTables = append(p.ThemeTables, *tables[id])
	}
	for _, id := range append(clauseOrder, themeOrder...) {
		a := areas[id]
		a.Status = areaStatus(a.Counts)
		p.Areas = append(p.Areas, *a)
	}
}

// areaStatus sums up a clause or theme by its worst control: any nonconformity or
// observation names it; otherwise controls without evidence keep it from "conformant".
func areaStatus(counts map[string]int) badge {
	for _, k := range []string{"major", "minor", "observation", results.ControlRiskAccepted} {
		if counts[k] > 0 {
			return statusBadge(k)
		}
	}
	if n := counts[results.ControlInconclusive] + counts[results.ControlNotAssessed] + counts[results.ControlManual]; n > 0 {
		return badge{Class: "st-manual", Label: fmt.Sprintf("%d not evidenced", n)}
	}
	if counts["conformant"] == 0 {
		return statusBadge(results.ControlNotApplicable)
	}
	return statusBadge("conformant")
}

func anchorName(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "-", ".", "-").Replace(s))
}
