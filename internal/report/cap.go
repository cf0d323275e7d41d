package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// CAPFormats are the formats of the corrective action plan.
var CAPFormats = []string{"csv", "markdown", "json"}

// errNoPlan: results written before the plan existed, or by a tool that did not grade.
var errNoPlan = errors.New("these results hold no corrective action plan (written by an older ismscheck?): run the audit again")

// CAPRows is the plan as register rows: the register's own columns, then one row per
// proposed action, cells made spreadsheet-safe.
func CAPRows(r *results.Results) ([][]string, error) {
	plan := r.CorrectiveActions
	if plan == nil {
		return nil, errNoPlan
	}
	rows := make([][]string, 0, len(plan.Actions))
	for _, a := range plan.Actions {
		row := plan.Register.Row(a)
		for i := range row {
			row[i] = spreadsheetSafe(row[i])
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// CAPCSV writes the plan in the register's columns: a header row (unless header is false,
// for appending to the register), then the rows. Line ends are LF, as registers kept in Git
// usually are.
func CAPCSV(w io.Writer, r *results.Results, header bool) error {
	rows, err := CAPRows(r)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if header {
		if err := cw.Write(r.CorrectiveActions.Register.Columns); err != nil {
			return err
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

var followUpWords = map[string]string{
	results.ActionInProgress:   "in progress: a nonconformity it covers still fails, not yet due",
	results.ActionOverdue:      "OVERDUE: past its due date and a nonconformity it covers still fails (CAP-01)",
	results.ActionRepeated:     "REPEATED: closed, but a nonconformity it covers fails again (graded major)",
	results.ActionEffective:    "effective: closed, and every nonconformity it covers was seen corrected",
	results.ActionResolved:     "resolved: every nonconformity it covers was seen corrected; verify the effect and close the action",
	results.ActionRiskAccepted: "risk accepted: not corrected, a risk acceptance covers what still fails",
	results.ActionUnverified:   "unverified",
}

// followUpText is the outcome in words, with the reason when there is one.
func followUpText(f results.ActionFollowUp) string {
	words := followUpWords[f.Outcome]
	if words == "" {
		words = f.Outcome
	}
	if f.Reason != "" {
		return words + ": " + f.Reason
	}
	return words
}

// CAPMarkdown writes the plan for people: the proposed actions, then how the actions
// already in the register stand.
func CAPMarkdown(w io.Writer, r *results.Results) error {
	plan := r.CorrectiveActions
	if plan == nil {
		return errNoPlan
	}
	p := &printer{w: w}
	p.f("# Corrective action plan: %s\n\n", mdText(orElse(r.Run.Scope.Organization, "the ISMS")))
	reg := plan.Register.Path
	if !plan.Register.Found {
		reg += " (not found in the ISMS: the default location)"
	}
	p.f("As of %s · run `%s` · register %s · due in %d days for a major, %d for a minor\n\n",
		mdText(r.Run.AsOf), mdText(r.Run.ID), mdText(reg), plan.DueDays[results.GradeMajor], plan.DueDays[results.GradeMinor])
	p.f("## Proposed actions (%d)\n\n", len(plan.Actions))
	if len(plan.Actions) == 0 {
		p.f("None: every open nonconformity already has an open action in the register, or there is none.\n")
	} else {
		p.f("One action per rule with open nonconformities that no open action covers (at most %d nonconformities each). The owner finds the root cause and records the corrective action and, once done, its effectiveness review.\n\n", results.MaxFindingsPerAction)
		p.f("| Id | Grade | Controls | Nonconformity | Correction | Owner | Due |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, a := range plan.Actions {
			p.f("| %s | %s | %s | %s | %s | %s<br>*%s* | %s |\n", mdCell(a.ID), gradeLabel[a.Grade], mdCell(strings.Join(a.Controls, ", ")),
				mdCell(a.Description), mdCell(a.Correction), mdCell(a.Owner), mdCell(a.OwnerBasis), mdCell(a.DueDate))
		}
	}
	p.f("\n## Actions in the register that name an ismscheck rule (%d)\n\n", len(plan.FollowUp))
	if len(plan.FollowUp) == 0 {
		p.f("None.\n")
		return p.err
	}
	p.f("| Action | Rule | Status | Due | Outcome |\n| --- | --- | --- | --- | --- |\n")
	for _, f := range plan.FollowUp {
		p.f("| %s | %s | %s | %s | %s |\n", mdCell(f.ActionID), mdCell(f.RuleID), mdCell(f.Status), mdCell(f.DueDate), mdCell(followUpText(f)))
	}
	return p.err
}

// WriteCAP renders the corrective action plan in one of CAPFormats.
func WriteCAP(w io.Writer, r *results.Results, format string, header bool) error {
	switch format {
	case "csv", "":
		return CAPCSV(w, r, header)
	case "markdown":
		return CAPMarkdown(w, r)
	case "json":
		if r.CorrectiveActions == nil {
			return errNoPlan
		}
		return writeJSON(w, r.CorrectiveActions)
	}
	return fmt.Errorf("unknown corrective action plan format %q (available: %s)", format, strings.Join(CAPFormats, ", "))
}
