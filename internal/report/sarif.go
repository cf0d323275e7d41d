package report

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// SARIF output is shaped for GitHub code scanning, which reads a subset of SARIF 2.1.0.
//
// Choices, and why:
//   - Only fail and error findings become results. A pass is not an alert, and a skip has no
//     resource to point at; both are counted in runs[0].properties so nothing is hidden.
//   - Grades map to levels as an auditor would rank them: major and minor nonconformities
//     are "error", observations "warning", opportunities for improvement "note".
//   - An error (evidence unreadable, never a pass) is a result of kind "open" — SARIF's word
//     for "the tool could not decide" — with level "none", because SARIF requires level
//     "none" for any kind other than "fail". It is also raised as a warning notification of
//     the invocation, which GitHub shows on the tool status page.
//   - GitHub needs a file for every alert. A finding without a location (a repository-wide
//     finding such as "no management review in 12 months", or a resource that is not a
//     file such as a GitHub repository) is anchored on the configuration file
//     ismscheck.yaml in the ISMS root, the file that put the resource in scope; the
//     resource itself is kept as a logical location. (Results do not record whether the
//     config was spelled .yml; .yaml is the documented name.)
//   - Paths are made relative to the directory ismscheck ran in (the ISMS root as given,
//     joined with the finding's path), with uriBaseId %SRCROOT% as CodeQL writes it.
//   - security-severity lives on the rule (GitHub reads it there only) and comes from the
//     rule's declared grade, so an alert's GitHub severity is stable across runs; the grade
//     computed for this finding (escalated, or gated by the SoA) is its level and is in
//     the result's properties.
//   - GitHub accepts at most 25,000 results a run; beyond that the most severe are kept
//     (see sarifResultLimit) and the cut is stated, never silent.

const (
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// InformationURI is where SARIF consumers send people to learn about the tool.
	InformationURI = "https://github.com/ismscheck/ismscheck"
	// fallbackArtifact anchors findings that have no file of their own.
	fallbackArtifact = "ismscheck.yaml"
	// fingerprintKey names the fingerprint scheme; bump the version if it ever changes so
	// GitHub does not match unrelated alerts.
	fingerprintKey = "ismscheck/v1"
	// maxRuleTags is GitHub's limit of tags per rule.
	maxRuleTags = 20
)

// sarifResultLimit is GitHub code scanning's limit of results per run; a variable so tests
// can exercise truncation without building 25,000 findings.
var sarifResultLimit = 25000

// securitySeverity is what GitHub sorts and labels alerts by: over 9.0 critical, 7.0-8.9
// high, 4.0-6.9 medium, 0.1-3.9 low.
var securitySeverity = map[string]string{
	results.GradeMajor: "9.0", results.GradeMinor: "6.0", results.GradeObservation: "3.0", results.GradeOFI: "1.0",
}

var sarifLevel = map[string]string{
	results.GradeMajor: "error", results.GradeMinor: "error", results.GradeObservation: "warning", results.GradeOFI: "note",
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool         `json:"tool"`
	AutomationDetails sarifAutomation   `json:"automationDetails"`
	Invocations       []sarifInvocation `json:"invocations"`
	Results           []sarifResult     `json:"results"`
	Properties        map[string]any    `json:"properties"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	FullDescription      sarifMessage    `json:"fullDescription"`
	Help                 *sarifMessage   `json:"help,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string              `json:"level"`
	Message    sarifMessage        `json:"message"`
	Descriptor *sarifDescriptorRef `json:"descriptor,omitempty"`
	Locations  []sarifLocation     `json:"locations,omitempty"`
}

type sarifDescriptorRef struct {
	ID string `json:"id"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifMessage  `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// SARIF writes a SARIF 2.1.0 log with one run, ready for GitHub code scanning upload.
func SARIF(w io.Writer, r *results.Results) error {
	return writeJSON(w, buildSARIF(r))
}

func buildSARIF(r *results.Results) sarifLog {
	kept, dropped := sarifSelect(r.Findings)

	var rules []sarifRule
	ruleIndex := map[string]int{}
	out := make([]sarifResult, 0, len(kept))
	var notes []sarifNotification
	for _, f := range kept {
		idx, ok := ruleIndex[f.RuleID]
		if !ok {
			idx = len(rules)
			ruleIndex[f.RuleID] = idx
			rules = append(rules, sarifRuleFor(f))
		}
		res := sarifResultFor(r, f, idx)
		out = append(out, res)
		if f.Status == results.StatusError {
			notes = append(notes, sarifNotification{
				Level:      "warning",
				Message:    sarifMessage{Text: fmt.Sprintf("%s not evaluated on %s %s: %s", f.RuleID, f.Resource.Kind, f.Resource.ID, f.Message)},
				Descriptor: &sarifDescriptorRef{ID: f.RuleID},
				Locations:  res.Locations,
			})
		}
	}

	props := map[string]any{
		"runId":          r.Run.ID,
		"asOf":           r.Run.AsOf,
		"verdict":        r.Readiness.Verdict,
		"rulePackDigest": r.Tool.RulePackDigest,
		"evidenceDigest": r.Run.EvidenceDigest,
		"statuses":       r.Summary.Statuses,
		"grades":         r.Summary.Grades,
		"resultLimit":    sarifResultLimit,
		"truncated":      dropped > 0,
		"omittedResults": dropped,
	}
	if dropped > 0 {
		notes = append(notes, sarifNotification{
			Level: "warning",
			Message: sarifMessage{Text: fmt.Sprintf("%d of %d results omitted: GitHub code scanning accepts at most %d results a run, so the most severe were kept; the json, csv or html report has every finding",
				dropped, dropped+len(kept), sarifResultLimit)},
		})
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	return sarifLog{
		Schema:  sarifSchemaURI,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:              sarifTool{Driver: sarifDriver{Name: "ismscheck", Version: r.Tool.Version, InformationURI: InformationURI, Rules: rules}},
			AutomationDetails: sarifAutomation{ID: "ismscheck/" + r.Run.ID},
			Invocations:       []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: notes}},
			Results:           out,
			Properties:        props,
		}},
	}
}

// sarifSelect picks the findings that become results, in their original order, keeping the
// most severe when there are more than GitHub accepts. It returns how many were dropped.
func sarifSelect(all []results.Finding) ([]results.Finding, int) {
	var idx []int
	for i, f := range all {
		if f.Status == results.StatusFail || f.Status == results.StatusError {
			idx = append(idx, i)
		}
	}
	dropped := 0
	if len(idx) > sarifResultLimit {
		// Severity first (fails by grade, then errors), then the original order, so the
		// cut is the same every time for the same results.
		rank := func(f results.Finding) int {
			if f.Status == results.StatusError {
				return len(results.Grades)
			}
			return results.GradeRank(f.Grade)
		}
		sort.SliceStable(idx, func(a, b int) bool { return rank(all[idx[a]]) < rank(all[idx[b]]) })
		dropped = len(idx) - sarifResultLimit
		idx = idx[:sarifResultLimit]
		sort.Ints(idx)
	}
	kept := make([]results.Finding, len(idx))
	for i, j := range idx {
		kept[i] = all[j]
	}
	return kept, dropped
}

func sarifRuleFor(f results.Finding) sarifRule {
	tags := []string{"security", "iso27001"}
	if f.Severity != "" {
		tags = append(tags, "grade/"+f.Severity)
	}
	for _, c := range f.Controls {
		if len(tags) == maxRuleTags {
			break
		}
		tags = append(tags, "iso27001:2022/"+c)
	}
	controls := strings.Join(f.Controls, ", ")
	full := f.Title
	if controls != "" {
		full += " (ISO/IEC 27001:2022 " + controls + ")"
	}
	rule := sarifRule{
		ID:                   f.RuleID,
		Name:                 ruleName(f.RuleID),
		ShortDescription:     sarifMessage{Text: f.Title},
		FullDescription:      sarifMessage{Text: full},
		DefaultConfiguration: sarifRuleConfig{Level: levelOr(sarifLevel[f.Severity], "warning")},
		Properties: map[string]any{
			"tags":     tags,
			"controls": nonNil(f.Controls),
			"severity": f.Severity,
		},
	}
	if s, ok := securitySeverity[f.Severity]; ok {
		rule.Properties["security-severity"] = s
	}
	if rem := strings.TrimSpace(f.Remediation); rem != "" || controls != "" {
		text := rem
		md := rem
		if controls != "" {
			text = strings.TrimSpace(text + "\n\nControls: " + controls)
			md = strings.TrimSpace(md + "\n\n**Controls:** " + controls)
		}
		rule.Help = &sarifMessage{Text: text, Markdown: md}
	}
	return rule
}

// ruleName is the PascalCase name SARIF suggests for a rule; rule ids are already stable,
// so the name is the id without punctuation.
func ruleName(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' || r == ' ' {
			return -1
		}
		return r
	}, id)
}

func sarifResultFor(r *results.Results, f results.Finding, ruleIdx int) sarifResult {
	res := sarifResult{
		RuleID:              f.RuleID,
		RuleIndex:           ruleIdx,
		Kind:                "fail",
		Level:               levelOr(sarifLevel[f.Grade], "warning"),
		Message:             sarifMessage{Text: f.Message},
		Locations:           []sarifLocation{sarifLocationFor(r, f)},
		PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint},
		Properties: map[string]any{
			"status":   f.Status,
			"controls": nonNil(f.Controls),
			"resource": f.Resource,
			"evidence": nonNil(f.Evidence),
		},
	}
	if f.Status == results.StatusError {
		res.Kind, res.Level = "open", "none"
		res.Message.Text = "Not evaluated (evidence could not be read; not a pass): " + f.Message
	} else {
		res.Properties["grade"] = f.Grade
		if s, ok := securitySeverity[f.Grade]; ok {
			res.Properties["security-severity"] = s
		}
		if len(f.Grading) > 0 {
			res.Properties["grading"] = f.Grading
		}
	}
	if res.Message.Text == "" {
		res.Message.Text = f.Title
	}
	if f.Waiver != nil {
		// A waiver is a risk acceptance made outside the tool: "external", and "accepted"
		// because someone with authority approved it.
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: waiverNote(f.Waiver)}}
		res.Properties["waiver"] = f.Waiver
	}
	return res
}

func sarifLocationFor(r *results.Results, f results.Finding) sarifLocation {
	loc := sarifLocation{
		LogicalLocations: []sarifLogical{{Name: f.Resource.ID, FullyQualifiedName: f.Resource.Kind + "/" + f.Resource.ID, Kind: f.Resource.Kind}},
	}
	if f.Location != nil && f.Location.Path != "" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uriOf(repoPath(r, f.Location.Path)), URIBaseID: "%SRCROOT%"}}
		if f.Location.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Location.Line}
		}
		return loc
	}
	loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uriOf(repoPath(r, fallbackArtifact)), URIBaseID: "%SRCROOT%"}}
	loc.Message = &sarifMessage{Text: fmt.Sprintf("%s %s (no file of its own; shown on the configuration that scopes it)", f.Resource.Kind, f.Resource.ID)}
	return loc
}

// uriOf turns a slash path into a relative URI reference: spaces and other characters
// that are not allowed in a URI are percent-encoded.
func uriOf(p string) string {
	return (&url.URL{Path: p}).String()
}

func levelOr(level, fallback string) string {
	if level == "" {
		return fallback
	}
	return level
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
