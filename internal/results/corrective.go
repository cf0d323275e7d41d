package results

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
)

// CorrectiveActionPlan proposes corrective actions for open nonconformities, grouped per rule
// (at most MaxFindingsPerAction findings each, so a rule failing on 400 repositories is 20
// actions, not 400), in the
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
	// Link is the token that lets the next run find this action's findings again:
	// "ismscheck:", the rule id and one entry per finding it covers (see CoveredFinding), e.g.
	// "ismscheck:DOC-05 80dc7f502348bbab@a1b2c3d4". It goes in the register's `finding_ref`
	// column, or at the end of `source` when the register has no such column.
	Link string `json:"link"`
}

// ActionLinkPrefix starts the token naming the rule a corrective action addresses.
const ActionLinkPrefix = "ismscheck:"

// MaxFindingsPerAction bounds the findings one action (one register cell) names: a rule
// failing on more resources gets several actions.
const MaxFindingsPerAction = 20

// CoveredFinding is one finding a corrective action covers, as its link token names it: the
// finding's fingerprint and, for a finding with a key (one of several a rule can report on a
// resource), the first 8 hex digits of its resource's fingerprint, written "FP@RES". A keyed
// finding that is corrected is simply not reported again; the resource part lets the next run
// tell that (the rule judged the resource without it) from the resource not being judged.
type CoveredFinding struct {
	Fingerprint string
	Resource    string // "" when the fingerprint is the resource's own (a finding without key)
}

// Cover is the entry of a finding in a link token.
func Cover(f Finding) CoveredFinding {
	c := CoveredFinding{Fingerprint: f.Fingerprint}
	if f.Key != "" {
		c.Resource = ResourcePrint(f.RuleID, f.Resource)
	}
	return c
}

// ResourcePrint is the short fingerprint of a rule's resource in link tokens.
func ResourcePrint(ruleID string, r evidence.Ref) string { return Fingerprint(ruleID, r, "")[:8] }

func (c CoveredFinding) String() string {
	if c.Resource == "" {
		return c.Fingerprint
	}
	return c.Fingerprint + "@" + c.Resource
}

// ActionLink is the token for a corrective action on a rule's findings.
func ActionLink(ruleID string, covers []CoveredFinding) string {
	parts := []string{ActionLinkPrefix + ruleID}
	for _, c := range covers {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, " ")
}

// actionLinkToken: the rule id, then the entries that follow it.
var actionLinkToken = regexp.MustCompile(regexp.QuoteMeta(ActionLinkPrefix) +
	`([A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)((?:[ \t]+[0-9A-Fa-f]{16}(?:@[0-9A-Fa-f]{8})?\b)*)`)

// ParseActionLink finds the first link token in text: the rule and the findings it names
// (none in tokens written before actions recorded their findings).
func ParseActionLink(text string) (ruleID string, covers []CoveredFinding, ok bool) {
	m := actionLinkToken.FindStringSubmatch(text)
	if m == nil {
		return "", nil, false
	}
	for _, entry := range strings.Fields(strings.ToLower(m[2])) {
		fp, res, _ := strings.Cut(entry, "@")
		covers = append(covers, CoveredFinding{Fingerprint: fp, Resource: res})
	}
	return m[1], covers, true
}

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
	ActionInProgress = "in_progress" // open, not yet due, one of its findings still fails
	ActionOverdue    = "overdue"     // open, past its due date, one of its findings still fails
	ActionRepeated   = "repeated"    // closed, but one of its findings fails again
	ActionEffective  = "effective"   // closed, and each of its findings was seen corrected
	ActionResolved   = "resolved"    // open, but each of its findings was seen corrected: ready to verify and close
	// ActionRiskAccepted: none of its findings is an open nonconformity, but some still fail
	// under a risk acceptance (waiver): not corrected, so not effective.
	ActionRiskAccepted = "risk_accepted"
	// ActionUnverified: a finding it covers was not evaluated (rule not run, evidence
	// unreadable), or the action names no findings, so whether it worked is unknown.
	ActionUnverified = "unverified"
)

// ActionFollowUp is how one register action that names an ismscheck rule stands.
type ActionFollowUp struct {
	ActionID string `json:"action_id"`
	RuleID   string `json:"rule_id"`
	Status   string `json:"status"`
	DueDate  string `json:"due_date,omitempty"`
	Outcome  string `json:"outcome"`
	// Findings are the fingerprints the register row names.
	Findings []string `json:"findings,omitempty"`
	// Reason says why, when the outcome alone does not (unverified, risk accepted).
	Reason   string    `json:"reason,omitempty"`
	Location *Location `json:"location,omitempty"`
}
