package grading

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

// CorrectiveActionRuleID is the rule id of findings about the follow-up of corrective
// actions ismscheck proposed: an open action past its due date whose nonconformity still
// fails. Like WAIVER it is not in the rule pack: it judges the register against the run.
const CorrectiveActionRuleID = "CAP-01"

// DefaultActionRegister is where the plan's rows belong when the ISMS has no
// corrective-action register yet (the default layout).
const DefaultActionRegister = "registers/corrective-actions.csv"

// defaultActionColumns are the default layout's corrective-action register columns.
var defaultActionColumns = []string{"id", "source", "description", "root_cause", "correction", "corrective_action", "owner", "due_date", "status", "effectiveness_review"}

// actionFieldAliases maps a register column (canonical after the layout mapping) to the
// field ismscheck fills in. The same names DOC-24 reads; root cause, corrective action and
// effectiveness review are the owner's to write, so they have no entry and stay blank.
var actionFieldAliases = map[string]string{
	"id": "id", "action_id": "id", "reference": "id", "ref": "id",
	"source": "source", "origin": "source",
	"description": "description", "nonconformity": "description", "issue": "description",
	"correction": "correction", "immediate_action": "correction", "containment": "correction",
	"owner": "owner", "action_owner": "owner", "responsible": "owner",
	"due_date": "due_date", "due": "due_date", "target_date": "due_date",
	"status":      "status",
	"finding_ref": "finding_ref", "ismscheck_ref": "finding_ref", "ismscheck": "finding_ref",
}

// defaultClosedStatuses mirror DOC-24's closed_statuses parameter (its override applies).
var defaultClosedStatuses = []string{"closed", "done", "verified", "completed", "complete", "resolved", "cancelled", "canceled"}

// registeredAction is one row of the corrective-action register that names an ismscheck rule.
type registeredAction struct {
	id, ruleID, status, due string
	// findings are the findings the row's link token names (none in old-style tokens).
	findings []results.CoveredFinding
	closed   bool
	line     int
}

// actionRegister is the ISMS's corrective-action register as the plan and follow-up need it.
type actionRegister struct {
	doc     *evidence.Document
	shape   results.ActionRegister
	ids     map[string]bool // every action id in the register, lower case
	actions []registeredAction
}

// correctiveActions takes back the corrective actions an earlier run proposed (rows of the
// ISMS's register whose link token names a rule and the fingerprints of the findings the
// action covers) and judges each against this run, finding by finding: a closed action one
// of whose own findings fails again makes that failure a major (a repeat: the corrective
// action did not work; a failure on another resource is a new nonconformity, not a repeat);
// an open action past its due date one of whose findings still fails is a minor against
// 10.2 (CAP-01). Then it proposes actions for the open nonconformities no open action covers.
// A covered finding this run no longer reports is judged on its resource (named in the link
// or, failing that, found in earlier, the history, oldest first), so a keyed finding can be
// seen corrected.
func correctiveActions(findings []results.Finding, docs []evidence.Document, cfg *config.Config, asOf time.Time, runID string, earlier []*results.Results) ([]results.Finding, *results.CorrectiveActionPlan, []string) {
	reg, warnings := readActionRegister(docs, cfg)
	plan := &results.CorrectiveActionPlan{Register: reg.shape, DueDays: cfg.DueDaysAll(), Actions: []results.CorrectiveAction{}, FollowUp: []results.ActionFollowUp{}}

	now := indexFindings(findings)
	position := map[string]int{} // fingerprint -> index in findings
	for i, f := range findings {
		if f.Fingerprint != "" {
			position[f.Fingerprint] = i
		}
	}
	gone := goneFindings(reg.actions, now, earlier)
	resources := map[string]evidence.Ref{} // rule and short resource print -> resource judged now
	for _, f := range findings {
		key := f.RuleID + "@" + results.ResourcePrint(f.RuleID, f.Resource)
		if r, clash := resources[key]; clash && r != f.Resource {
			resources[key] = evidence.Ref{} // two resources share the print: name neither
			continue
		}
		resources[key] = f.Resource
	}

	day := asOf.UTC().Truncate(24 * time.Hour)
	covered := map[string]bool{} // fingerprints an open action covers
	var extra []results.Finding
	repeatedBy := map[int][]registeredAction{} // index of a failing finding -> closed actions that covered it
	for _, a := range reg.actions {
		fu := results.ActionFollowUp{ActionID: a.id, RuleID: a.ruleID, Status: a.status, DueDate: a.due,
			Location: &results.Location{Path: reg.doc.ID, Line: a.line}}
		var failing []int
		unseen, waived := 0, 0
		for _, c := range a.findings {
			fp := c.Fingerprint
			fu.Findings = append(fu.Findings, fp)
			if !a.closed {
				covered[fp] = true
			}
			i, found := position[fp]
			if found && findings[i].Status == results.StatusFail && findings[i].Waiver != nil {
				waived++
				continue
			}
			subject := results.Finding{RuleID: a.ruleID, Fingerprint: fp}
			if found {
				subject = findings[i]
			} else if r := resources[a.ruleID+"@"+c.Resource]; c.Resource != "" && r != (evidence.Ref{}) {
				subject.Resource = r
			} else if was, ok := gone[fp]; ok {
				subject.Resource = was.Resource
			} else {
				unseen++ // neither this run nor the history tells which resource it was on
				continue
			}
			switch now.state(subject) {
			case open:
				if found && findings[i].RuleID != CorrectiveActionRuleID {
					failing = append(failing, i)
				}
			case notSeen:
				unseen++
			}
		}
		switch {
		case len(a.findings) == 0:
			fu.Outcome = results.ActionUnverified
			fu.Reason = "the action names no findings (its link was written by an older ismscheck), so nothing is escalated; replace it with the action ismscheck cap proposes"
		case a.closed && len(failing) > 0:
			fu.Outcome = results.ActionRepeated
			for _, i := range failing {
				repeatedBy[i] = append(repeatedBy[i], a)
			}
		case len(failing) > 0:
			fu.Outcome = results.ActionInProgress
			if due, err := time.Parse("2006-01-02", a.due); err == nil && due.Before(day) {
				fu.Outcome = results.ActionOverdue
				extra = append(extra, overdueFinding(a, reg, findings[failing[0]], len(failing), day.Sub(due)))
			}
		case unseen > 0:
			// Not run, evidence unreadable, or the resource not judged: nothing can be said.
			fu.Outcome = results.ActionUnverified
			fu.Reason = fmt.Sprintf("%d of its %d findings were not evaluated in this run (rule not run, evidence unreadable, or resource no longer judged)", unseen, len(a.findings))
		case waived > 0:
			fu.Outcome = results.ActionRiskAccepted
			fu.Reason = fmt.Sprintf("%d of its %d findings still fail under a risk acceptance", waived, len(a.findings))
		case a.closed:
			fu.Outcome = results.ActionEffective
		default:
			fu.Outcome = results.ActionResolved
		}
		plan.FollowUp = append(plan.FollowUp, fu)
	}
	for i, actions := range repeatedBy {
		repeat(&findings[i], actions, reg.doc.ID)
	}

	uncovered := map[string][]int{} // rule -> its open nonconformities no open action covers
	for i, f := range findings {
		if isOpenNonconformity(f) && !covered[f.Fingerprint] {
			uncovered[f.RuleID] = append(uncovered[f.RuleID], i)
		}
	}
	rules := make([]string, 0, len(uncovered))
	for rule := range uncovered {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	owners := readOwners(docs)
	taken := reg.ids
	for _, rule := range rules {
		parts := chunk(pick(findings, uncovered[rule]), results.MaxFindingsPerAction)
		for n, part := range parts {
			plan.Actions = append(plan.Actions, proposeAction(rule, part, n+1, len(parts), cfg, asOf, runID, owners, taken))
		}
	}
	sort.SliceStable(plan.Actions, func(i, j int) bool {
		return results.GradeRank(plan.Actions[i].Grade) < results.GradeRank(plan.Actions[j].Grade)
	})
	return append(findings, extra...), plan, warnings
}

// goneFindings are the covered findings this run does not report, as the newest earlier run
// that reported them saw them: their resource lets runIndex.state tell a corrected keyed
// finding (the rule judged its resource without it) from one not evaluated.
func goneFindings(actions []registeredAction, now runIndex, earlier []*results.Results) map[string]results.Finding {
	missing := map[string]bool{}
	for _, a := range actions {
		for _, c := range a.findings {
			if _, ok := now.byFingerprint[c.Fingerprint]; !ok {
				missing[c.Fingerprint] = true
			}
		}
	}
	gone := map[string]results.Finding{}
	for i := len(earlier) - 1; i >= 0 && len(gone) < len(missing); i-- {
		for _, f := range earlier[i].Findings {
			if _, seen := gone[f.Fingerprint]; missing[f.Fingerprint] && !seen {
				gone[f.Fingerprint] = f
			}
		}
	}
	return gone
}

// chunk splits findings, ordered by resource, into groups of at most size.
func chunk(fs []results.Finding, size int) [][]results.Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Resource.ID != fs[j].Resource.ID {
			return fs[i].Resource.ID < fs[j].Resource.ID
		}
		return fs[i].Fingerprint < fs[j].Fingerprint
	})
	var out [][]results.Finding
	for len(fs) > size {
		out = append(out, fs[:size])
		fs = fs[size:]
	}
	return append(out, fs)
}

// isOpenNonconformity: a failure graded major or minor that no risk acceptance covers.
func isOpenNonconformity(f results.Finding) bool {
	return f.Status == results.StatusFail && f.Waiver == nil && f.RuleID != CorrectiveActionRuleID &&
		(f.Grade == results.GradeMajor || f.Grade == results.GradeMinor)
}

// repeat escalates a finding that a closed corrective action covered (DESIGN.md: a repeated
// finding after a closed corrective action is a major), naming the action(s) once.
func repeat(f *results.Finding, actions []registeredAction, register string) {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = fmt.Sprintf("%s (%s:%d, %s)", a.id, register, a.line, a.status)
	}
	note := "repeats the nonconformity of corrective action " + strings.Join(names, ", ")
	if len(actions) > 1 {
		note = "repeats the nonconformity of corrective actions " + strings.Join(names, ", ")
	}
	if f.Grade != results.GradeMajor {
		note = "escalated to major: " + note
		f.Grade = results.GradeMajor
	}
	f.Grading = append(f.Grading, note)
}

func overdueFinding(a registeredAction, reg actionRegister, still results.Finding, failing int, late time.Duration) results.Finding {
	ref := evidence.Ref{Kind: reg.doc.Kind, ID: reg.doc.ID}
	days := int(late.Hours() / 24)
	what := fmt.Sprintf("%s on %s", still.RuleID, still.Resource.ID)
	if failing > 1 {
		what = fmt.Sprintf("%s on %d resources", still.RuleID, failing)
	}
	return results.Finding{
		RuleID: CorrectiveActionRuleID, Title: "Corrective actions are completed by their due date", Status: results.StatusFail,
		Grade: results.GradeMinor, Severity: results.GradeMinor, Controls: []string{"10.2"}, Resource: ref, Key: a.id,
		Message: fmt.Sprintf("corrective action %s was due %s (%d day%s ago) and is still %s, and the nonconformity it addresses still fails: %s",
			a.id, a.due, days, plural(days, "", "s"), a.status, what),
		Remediation: "Carry out the corrective action and close it once its effect is verified, or agree a new due date with the action owner and record why.",
		Evidence:    []string{reg.doc.Digest},
		Location:    &results.Location{Path: reg.doc.ID, Line: a.line},
		Fingerprint: results.Fingerprint(CorrectiveActionRuleID, ref, a.id),
	}
}

func pick(findings []results.Finding, idx []int) []results.Finding {
	out := make([]results.Finding, len(idx))
	for i, j := range idx {
		out[i] = findings[j]
	}
	return out
}

// proposeAction is one corrective action for open nonconformities of one rule: part of
// parts when the rule fails on more than MaxFindingsPerAction.
func proposeAction(rule string, fs []results.Finding, part, parts int, cfg *config.Config, asOf time.Time, runID string, owners owners, taken map[string]bool) results.CorrectiveAction {
	grade := results.GradeMinor
	controls := map[string]bool{}
	resources := map[string]bool{}
	var fingerprints, resourceIDs []string
	var covers []results.CoveredFinding
	for _, f := range fs {
		if f.Grade == results.GradeMajor {
			grade = results.GradeMajor
		}
		for _, c := range f.Controls {
			controls[c] = true
		}
		if !resources[f.Resource.ID] {
			resources[f.Resource.ID] = true
			resourceIDs = append(resourceIDs, f.Resource.ID)
		}
		if f.Fingerprint != "" {
			fingerprints = append(fingerprints, f.Fingerprint)
			covers = append(covers, results.Cover(f))
		}
	}
	sort.Strings(fingerprints)
	sort.Slice(covers, func(i, j int) bool { return covers[i].Fingerprint < covers[j].Fingerprint })
	sort.Strings(resourceIDs)
	ids := make([]string, 0, len(controls))
	for c := range controls {
		ids = append(ids, c)
	}
	catalog.SortIDs(ids)

	first := fs[0]
	description := fmt.Sprintf("%s: %s", first.Title, oneLine(first.Message))
	if len(fs) > 1 {
		shown := resourceIDs
		more := ""
		if len(shown) > 3 {
			shown, more = shown[:3], fmt.Sprintf(" and %d more", len(resourceIDs)-3)
		}
		description = fmt.Sprintf("%s: %d nonconformities on %d resource%s (%s%s); for example: %s",
			first.Title, len(fs), len(resourceIDs), plural(len(resourceIDs), "", "s"), strings.Join(shown, ", "), more, oneLine(first.Message))
	}
	owner, basis := owners.of(fs, ids)
	year := asOf.UTC().Format("2006")
	id := fmt.Sprintf("CA-%s-%s", year, rule)
	for n := 2; taken[strings.ToLower(id)]; n++ {
		id = fmt.Sprintf("CA-%s-%s-%d", year, rule, n)
	}
	taken[strings.ToLower(id)] = true
	of := ""
	if parts > 1 {
		of = fmt.Sprintf(", part %d of %d", part, parts)
	}
	return results.CorrectiveAction{
		ID: id, RuleID: rule, Title: first.Title, Grade: grade, Controls: ids, Findings: fingerprints,
		Source:      fmt.Sprintf("ismscheck run %s as of %s: %s, %s nonconformity (%s)%s", runID, asOf.UTC().Format("2006-01-02"), rule, grade, strings.Join(ids, ", "), of),
		Description: description,
		Correction:  oneLine(first.Remediation),
		Owner:       owner, OwnerBasis: basis,
		DueDate: cfg.DueDate(asOf, grade),
		Status:  "open",
		Link:    results.ActionLink(rule, covers),
	}
}

// oneLine folds whitespace so a register cell stays on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// readActionRegister finds the corrective-action register, its columns as the organisation
// named them, and the rows that name an ismscheck rule.
func readActionRegister(docs []evidence.Document, cfg *config.Config) (actionRegister, []string) {
	var found []*evidence.Document
	for i := range docs {
		if docs[i].Kind == "isms.register" && docs[i].Data["register"] == "corrective_actions" {
			found = append(found, &docs[i])
		}
	}
	reg := actionRegister{ids: map[string]bool{}}
	if len(found) == 0 {
		reg.shape = results.ActionRegister{Path: DefaultActionRegister, Columns: defaultActionColumns, Fields: fieldsOf(defaultActionColumns)}
		return reg, nil
	}
	sort.Slice(found, func(i, j int) bool { return found[i].ID < found[j].ID })
	var warnings []string
	if len(found) > 1 {
		warnings = append(warnings, fmt.Sprintf("more than one corrective-action register: the plan is shaped for %s", found[0].ID))
	}
	d := found[0]
	reg.doc = d
	if !d.Complete {
		warnings = append(warnings, fmt.Sprintf("the corrective-action register %s could not be read completely: actions in the unread part are neither followed up nor known to the plan", d.ID))
	}
	columns := stringList(d.Data["columns"])
	own := make([]string, len(columns))
	renamed := map[string]string{}
	if m, ok := d.Data["column_map"].(map[string]any); ok {
		for canonical, original := range m {
			renamed[canonical] = fmt.Sprint(original)
		}
	} else if m, ok := d.Data["column_map"].(map[string]string); ok {
		renamed = m
	}
	for i, c := range columns {
		own[i] = c
		if o, ok := renamed[c]; ok {
			own[i] = o
		}
	}
	if len(columns) == 0 {
		columns, own = defaultActionColumns, defaultActionColumns
	}
	reg.shape = results.ActionRegister{Path: d.ID, Found: true, Columns: own, Fields: fieldsOf(columns)}

	closedStatuses := map[string]bool{}
	for _, s := range closedList(cfg) {
		closedStatuses[strings.ToLower(strings.TrimSpace(s))] = true
	}
	rows, lines := registerRows(*d)
	for i, row := range rows {
		id := cell(row, "id", "action_id", "reference", "ref")
		if id != "" {
			reg.ids[strings.ToLower(id)] = true
		}
		rule, fingerprints, ok := results.ParseActionLink(cell(row, "finding_ref", "ismscheck_ref", "ismscheck") + " " + cell(row, "source", "origin"))
		if !ok {
			continue
		}
		status := cell(row, "status")
		a := registeredAction{id: id, ruleID: rule, findings: fingerprints, status: status, due: cell(row, "due_date", "due", "target_date"),
			closed: closedStatuses[strings.ToLower(status)]}
		if a.id == "" {
			a.id = fmt.Sprintf("row %d", i+1)
		}
		if i < len(lines) {
			a.line = lines[i]
		}
		if a.status == "" {
			a.status = "without a status"
		}
		reg.actions = append(reg.actions, a)
	}
	return reg, warnings
}

// closedList is DOC-24's closed_statuses parameter as the configuration sets it, so the
// plan and the register rule agree on what "closed" means.
func closedList(cfg *config.Config) []string {
	if v, ok := cfg.ParamsFor("DOC-24", nil)["closed_statuses"].([]any); ok {
		var out []string
		for _, s := range v {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return defaultClosedStatuses
}

func fieldsOf(columns []string) []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = actionFieldAliases[c]
	}
	// Only the first column of each field is filled, so a value is never written twice.
	seen := map[string]bool{}
	for i, f := range out {
		if f != "" && seen[f] {
			out[i] = ""
		}
		seen[f] = true
	}
	return out
}

// registerRows are a register document's rows and their line numbers, whether the document
// was just collected or read back from a bundle.
func registerRows(d evidence.Document) ([]map[string]any, []int) {
	var rows []map[string]any
	switch rs := d.Data["rows"].(type) {
	case []map[string]any:
		rows = rs
	case []any:
		for _, r := range rs {
			m, _ := r.(map[string]any)
			rows = append(rows, m)
		}
	}
	var lines []int
	switch ls := d.Data["row_lines"].(type) {
	case []int:
		lines = ls
	case []any:
		for _, l := range ls {
			n := 0
			switch x := l.(type) {
			case int:
				n = x
			case float64:
				n = int(x)
			case int64:
				n = int(x)
			default:
				fmt.Sscan(fmt.Sprint(x), &n)
			}
			lines = append(lines, n)
		}
	}
	return rows, lines
}

func cell(row map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := row[k]; ok && v != nil {
			if s := strings.TrimSpace(fmt.Sprint(v)); s != "" {
				return s
			}
		}
	}
	return ""
}

func stringList(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, s := range x {
			out = append(out, fmt.Sprint(s))
		}
		return out
	}
	return nil
}
