package results

import (
	"fmt"
	"strings"
)

// CorrectiveActionPlan proposes one corrective action per rule with open nonconformities
// (grouped per rule, so a rule failing on 400 repositories is one action, not 400), in the
// columns of the ISMS's corrective-action register so the rows can be appended to it, and
// records how the actions already in that register stand against this run's findings.
type CorrectiveActionPlan struct {
	Register ActionRegister `json:"register"`
	// DueDays is the number of days after as_of an action is due, per grade.
	DueDays  map[string]int     `json:"due_days"`
	Actions  []CorrectiveAction `json:"actions"`
	FollowUp []ActionFollowUp   `json:"follow_up"`
}

// ActionRegister is the corrective-action register the plan is shaped for.
type ActionRegister struct {
	// Path of the register in the ISMS repository; when the ISMS has none, the default
	// location, with Found false.
	Path  string `json:"path"`
	Found bool   `json:"found"`
	// Columns are the register's own column names in order; Fields the canonical field each
	// holds (id, source, description, ...), "" for a column ismscheck leaves blank.
	Columns []string `json:"columns"`
	Fields  []string `json:"fields"`
}

// CorrectiveAction is one proposed row of the corrective-action register.
type CorrectiveAction struct {
	ID       string   `json:"id"`
	RuleID   string   `json:"rule_id"`
	Title    string   `json:"title"`
	Grade    string   `json:"grade"`
	Controls []string `json:"controls"`
	// Findings are the fingerprints of the open nonconformities the action covers.
	Findings    []string `json:"findings"`
	Source      string   `json:"source"`
	Description string   `json:"description"`
	Correction  string   `json:"correction"`
	Owner       string   `json:"owner"`
	// OwnerBasis says where the owner was found, so it can be checked (or "unassigned").
	OwnerBasis string `json:"owner_basis"`
	DueDate    string `json:"due_date"`
	Status     string `json:"status"`
	// Link is the token that lets the next run find this action's finding again:
	// "ismscheck:" and the rule id. It goes in the register's `finding_ref` column, or at the
	// end of `source` when the register has no such column.
	Link string `json:"link"`
}

// ActionLinkPrefix starts the token naming the rule a corrective action addresses.
const ActionLinkPrefix = "ismscheck:"

// ActionLink is the token for a rule's corrective action.
func ActionLink(ruleID string) string { return ActionLinkPrefix + ruleID }

// Field is the value of a canonical register field for this action; "" for fields the
// owner fills in (root cause, corrective action, effectiveness review).
func (a CorrectiveAction) Field(name string, hasLinkColumn bool) string {
	switch name {
	case "id":
		return a.ID
	case "source":
		if hasLinkColumn {
			return a.Source
		}
		return fmt.Sprintf("%s [%s]", a.Source, a.Link)
	case "description":
		return a.Description
	case "correction":
		return a.Correction
	case "owner":
		return a.Owner
	case "due_date":
		return a.DueDate
	case "status":
		return a.Status
	case "finding_ref":
		return a.Link
	}
	return ""
}

// HasField tells whether the register has a column for the canonical field.
func (r ActionRegister) HasField(name string) bool {
	for _, f := range r.Fields {
		if f == name {
			return true
		}
	}
	return false
}

// Row is the action as one register row, column by column.
func (r ActionRegister) Row(a CorrectiveAction) []string {
	link := r.HasField("finding_ref")
	row := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		row[i] = strings.TrimSpace(a.Field(f, link))
	}
	return row
}

// Follow-up outcomes of an action already in the register.
const (
	ActionInProgress = "in_progress" // open, not yet due, its finding still fails
	ActionOverdue    = "overdue"     // open, past its due date, its finding still fails
	ActionRepeated   = "repeated"    // closed, but its finding still fails
	ActionEffective  = "effective"   // closed, and its finding no longer fails
	ActionResolved   = "resolved"    // open, but its finding no longer fails: ready to verify and close
	// ActionUnverified: the rule did not run, or its evidence could not be read, so whether
	// the nonconformity persists is unknown.
	ActionUnverified = "unverified"
)

// ActionFollowUp is how one register action that names an ismscheck rule stands.
type ActionFollowUp struct {
	ActionID string    `json:"action_id"`
	RuleID   string    `json:"rule_id"`
	Status   string    `json:"status"`
	DueDate  string    `json:"due_date,omitempty"`
	Outcome  string    `json:"outcome"`
	Location *Location `json:"location,omitempty"`
}
