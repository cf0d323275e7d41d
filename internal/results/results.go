// Package results defines the results document every output format is made from: findings,
// the status of every clause and control, coverage, a summary and the readiness verdict.
package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// SchemaVersion is bumped when the results document changes incompatibly.
const SchemaVersion = "1"

// Finding statuses.
const (
	StatusPass    = "pass"
	StatusFail    = "fail"
	StatusError   = "error"   // evidence was collected but could not be read, or the rule failed
	StatusSkipped = "skipped" // nothing to evaluate: source not in scope, or rule disabled
)

// Grades, from most to least severe. Only failed findings carry one.
const (
	GradeMajor       = "major"
	GradeMinor       = "minor"
	GradeObservation = "observation"
	GradeOFI         = "ofi"
)

// Grades lists the grades from most to least severe.
var Grades = []string{GradeMajor, GradeMinor, GradeObservation, GradeOFI}

// GradeRank orders grades: lower is more severe; unknown grades rank last.
func GradeRank(g string) int {
	for i, x := range Grades {
		if x == g {
			return i
		}
	}
	return len(Grades)
}

// ValidGrade tells whether g is one of the four grades.
func ValidGrade(g string) bool { return GradeRank(g) < len(Grades) }

// Results is the whole outcome of one evaluation.
type Results struct {
	SchemaVersion string         `json:"schema_version"`
	Tool          Tool           `json:"tool"`
	Run           Run            `json:"run"`
	Coverage      Coverage       `json:"coverage"`
	Findings      []Finding      `json:"findings"`
	Controls      []ControlState `json:"controls"`
	Summary       Summary        `json:"summary"`
	Readiness     Readiness      `json:"readiness"`
	Warnings      []string       `json:"warnings"`
	// History summarises earlier runs from the history store, oldest first, not counting
	// this one; reports draw trends from it. Empty when the run kept no history.
	History []RunPoint `json:"history,omitempty"`
	// CorrectiveActions is the plan for this run's open nonconformities, in the shape of the
	// ISMS's corrective-action register, and what became of the actions already there.
	CorrectiveActions *CorrectiveActionPlan `json:"corrective_actions,omitempty"`
}

// RunPoint is one earlier run as a trend needs it: when, the verdict, and the counts.
type RunPoint struct {
	RunID   string `json:"run_id"`
	AsOf    string `json:"as_of"`
	Verdict string `json:"verdict"`
	// Grades counts failing findings per grade; Controls counts clause and control statuses.
	Grades   map[string]int `json:"grades"`
	Controls map[string]int `json:"controls"`
	// Themes counts control statuses per Annex A theme and "clauses" for clauses 4 to 10.
	Themes map[string]map[string]int `json:"themes"`
}

// Tool identifies what produced the results.
type Tool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	RulePackDigest string `json:"rule_pack_digest"`
	CatalogVersion string `json:"catalog_version"`
}

// Run says when and on what the evaluation ran.
type Run struct {
	ID             string `json:"id"`
	AsOf           string `json:"as_of"`
	Scope          Scope  `json:"scope"`
	EvidenceDigest string `json:"evidence_digest"`
	ManifestDigest string `json:"manifest_digest,omitempty"`
}

// Scope names the organisation and the ISMS scope statement the run covered.
type Scope struct {
	Organization string   `json:"organization,omitempty"`
	Statement    string   `json:"statement,omitempty"`
	Sources      []string `json:"sources"`
	// SoA is the Statement of Applicability register the run read ("" when none was read).
	SoA string `json:"soa,omitempty"`
}

// Coverage tells how much evidence was expected and collected, and how many rules ran.
type Coverage struct {
	Collectors []evidence.Coverage `json:"collectors"`
	Documents  int                 `json:"documents"`
	Incomplete int                 `json:"incomplete"`
	Rules      RuleCoverage        `json:"rules"`
}

// RuleCoverage counts rules by what happened to them.
type RuleCoverage struct {
	Total     int `json:"total"`
	Evaluated int `json:"evaluated"` // produced at least one pass or fail
	Errored   int `json:"errored"`   // produced at least one error
	Skipped   int `json:"skipped"`   // nothing to evaluate or disabled
	// Unmatched rules ran but applied to no document (their `applies` matched nothing), so
	// they gave no result at all; counted so that the numbers add up to Total.
	Unmatched int `json:"unmatched"`
	// NotApplicable rules had nothing to judge: the collector read their subject kind in
	// full and found none (an account without RDS instances). Counted apart from Unmatched
	// and Skipped, each with its reason, so "none exists" is neither "not read" nor a pass.
	NotApplicable      int        `json:"not_applicable,omitempty"`
	NotApplicableRules []RuleNote `json:"not_applicable_rules,omitempty"`
	// NotConfigured rules read only sources the configuration does not use; with
	// NotConfiguredSources, so a reader sees what was left out rather than guessing.
	NotConfigured        int      `json:"not_configured,omitempty"`
	NotConfiguredSources []string `json:"not_configured_sources,omitempty"`
}

// RuleNote says why one rule gave no finding.
type RuleNote struct {
	RuleID string `json:"rule_id"`
	Reason string `json:"reason"`
}

// Finding is one rule's verdict on one resource.
type Finding struct {
	RuleID      string       `json:"rule_id"`
	Title       string       `json:"title"`
	Status      string       `json:"status"`
	Grade       string       `json:"grade,omitempty"`
	Controls    []string     `json:"controls"`
	Resource    evidence.Ref `json:"resource"`
	Message     string       `json:"message"`
	Remediation string       `json:"remediation,omitempty"`
	Evidence    []string     `json:"evidence"`
	Location    *Location    `json:"location,omitempty"`
	Waiver      *Waiver      `json:"waiver"`
	Grading     []string     `json:"grading,omitempty"`
	Fingerprint string       `json:"fingerprint"`
	// Key tells apart several findings of one rule on one resource (e.g. one per register
	// row); it is part of the fingerprint. Never the message text, which may change.
	Key string `json:"key,omitempty"`
	// Severity is the rule's declared default grade; it decides whether an error or skip
	// on this rule matters for the gate (exit code 3).
	Severity string `json:"severity"`
}

// Location points into a user file.
type Location struct {
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
}

// Waiver is a risk acceptance applied to a finding.
type Waiver struct {
	Justification string `json:"justification"`
	Approver      string `json:"approver"`
	RiskID        string `json:"risk_id"`
	Expires       string `json:"expires"`
}

// Fingerprint is a stable id for a finding across runs: rule, resource and key.
func Fingerprint(ruleID string, r evidence.Ref, key string) string {
	sum := sha256.Sum256([]byte(ruleID + "\x00" + r.Kind + "\x00" + r.ID + "\x00" + key))
	return hex.EncodeToString(sum[:8])
}

// Control statuses.
const (
	ControlConformant    = "conformant"
	ControlNonconformity = "nonconformity"
	ControlObservation   = "observation"
	ControlNotApplicable = "not_applicable"
	ControlManual        = "manual"       // no automated rule; needs attested evidence
	ControlNotAssessed   = "not_assessed" // rules exist but their evidence was not collected
	ControlInconclusive  = "inconclusive" // evidence errored, and nothing failed
	// ControlRiskAccepted: its only failures are covered by current waivers (risk
	// acceptances traced to the risk register). Not conformant, and said so.
	ControlRiskAccepted = "risk_accepted"
)

// ControlState is the status of one clause requirement or Annex A control in this run.
type ControlState struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Kind          string   `json:"kind"`
	Theme         string   `json:"theme,omitempty"`
	Status        string   `json:"status"`
	Grade         string   `json:"grade,omitempty"`
	Findings      int      `json:"findings"`
	Passed        int      `json:"passed"`
	Rules         []string `json:"rules"`
	Applicability string   `json:"applicability,omitempty"` // from the SoA: applicable, excluded, unknown
	// Basis is what the status rests on: "automated" (rules over collected evidence),
	// "attested" (a valid attestation in the ISMS repo) or "none".
	Basis         string `json:"basis"`
	Attestation   string `json:"attestation,omitempty"` // the attestation relied on, or the lapsed one
	Justification string `json:"justification,omitempty"`
	// ValidUntil is the last day of the attestation relied on (basis "attested").
	ValidUntil string `json:"valid_until,omitempty"`
	// Declared is the implementation status the ISMS's own SoA claims ("implemented",
	// "partially"), shown beside the status this run evidences.
	Declared string `json:"declared,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Summary counts findings and control statuses.
type Summary struct {
	Grades   map[string]int `json:"grades"`
	Statuses map[string]int `json:"statuses"`
	Controls map[string]int `json:"controls"`
}

// Readiness is the certification readiness verdict.
type Readiness struct {
	Verdict  string      `json:"verdict"` // ready, not_ready, incomplete
	Reason   string      `json:"reason"`
	Stage1   StageResult `json:"stage1"`
	Stage2   StageResult `json:"stage2"`
	Blocking []string    `json:"blocking"` // fingerprints of open majors
}

// Verdicts.
const (
	VerdictReady    = "ready"
	VerdictNotReady = "not_ready"
	// VerdictIncomplete: no open major, but some requirements have no usable evidence
	// (manual, not assessed, or inconclusive), so readiness cannot be claimed.
	VerdictIncomplete = "incomplete"
)

// ReadinessVerdict is the readiness of a stage or of any group of requirements: one open
// major nonconformity means not ready; otherwise a requirement without evidence (manual, not
// assessed, inconclusive) means readiness cannot be claimed.
func ReadinessVerdict(majors, withoutEvidence int) string {
	switch {
	case majors > 0:
		return VerdictNotReady
	case withoutEvidence > 0:
		return VerdictIncomplete
	}
	return VerdictReady
}

// StageResult summarises one audit stage.
type StageResult struct {
	Verdict       string `json:"verdict"`
	Requirements  int    `json:"requirements"`
	Conformant    int    `json:"conformant"`
	Majors        int    `json:"majors"`
	Minors        int    `json:"minors"`
	Observations  int    `json:"observations"`
	Unassessed    int    `json:"unassessed"` // manual, not assessed or inconclusive
	Automated     int    `json:"automated"`  // status rests on automated rules
	Attested      int    `json:"attested"`   // status rests on a valid attestation
	NotApplicable int    `json:"not_applicable"`
	// RiskAccepted counts requirements whose only failures are covered by waivers.
	RiskAccepted int `json:"risk_accepted,omitempty"`
}

// RunID is reproducible: the same evidence, rules and as_of give the same id.
func RunID(asOf time.Time, evidenceDigest, rulePackDigest string) string {
	sum := sha256.Sum256([]byte(asOf.UTC().Format(time.RFC3339) + "\x00" + evidenceDigest + "\x00" + rulePackDigest))
	return hex.EncodeToString(sum[:8])
}

// Write stores results as indented JSON.
func Write(path string, r *Results) error {
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// Read loads a results file written by Write.
func Read(path string) (*Results, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, evidence.JSONErrorLine(raw, err))
	}
	if r.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("%s: schema_version %q, this ismscheck reads %q", path, r.SchemaVersion, SchemaVersion)
	}
	return &r, nil
}
