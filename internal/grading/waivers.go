package grading

import (
	"fmt"
	"sort"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

// WaiverRuleID is the rule id of findings about waivers themselves: an expired risk
// acceptance, or one whose risk is not in the risk register. They are not in the rule pack
// because they judge the configuration, not evidence.
const WaiverRuleID = "WAIVER"

// WaiverKind is the resource kind of those findings; the id is "waivers[N]".
const WaiverKind = "config.waiver"

// applyWaivers marks failures that a valid risk acceptance covers. A waiver that has
// expired covers nothing and becomes a finding itself (the risk treatment lapsed: 6.1.3,
// 8.3), as does one whose risk id the risk register does not hold, since an acceptance that
// cannot be traced to an assessed risk is not a risk-treatment decision. A waiver that
// matches no failure is reported as a warning: it may be stale.
func applyWaivers(findings []results.Finding, cfg *config.Config, asOf time.Time, risks riskRegister) ([]results.Finding, []string) {
	var extra []results.Finding
	var warnings []string
	day := asOf.UTC().Truncate(24 * time.Hour)
	for i, w := range cfg.Waivers {
		ref := evidence.Ref{Kind: WaiverKind, ID: fmt.Sprintf("waivers[%d]", i)}
		problem := func(key, msg, remediation string) {
			f := results.Finding{
				RuleID: WaiverRuleID, Title: "Risk acceptances are current and traceable", Status: results.StatusFail,
				Grade: results.GradeMinor, Severity: results.GradeMinor, Controls: []string{"6.1.3", "8.3"}, Resource: ref,
				Message: msg, Remediation: remediation, Evidence: []string{}, Key: key,
			}
			if cfg.Path != "" {
				f.Location = &results.Location{Path: cfg.Path, Line: w.Line}
			}
			f.Fingerprint = results.Fingerprint(f.RuleID, evidence.Ref{Kind: WaiverKind, ID: w.Rule + " " + w.Resource}, key)
			extra = append(extra, f)
		}
		expired := w.ExpiresOn().Before(day)
		if expired {
			problem("expired", fmt.Sprintf("the waiver of %s for %q approved by %s expired on %s; its findings count again", w.Rule, pattern(w.Resource), w.Approver, w.Expires),
				"Review the risk "+w.RiskID+": treat it, or renew the acceptance with a new expiry approved by the risk owner.")
		}
		if risks.known && !risks.ids[w.RiskID] {
			problem("unknown-risk", fmt.Sprintf("the waiver of %s names risk %s, which is not in the risk register (%s)", w.Rule, w.RiskID, risks.source),
				"Record the accepted risk in the risk register, or correct the waiver's risk_id.")
		} else if !risks.known {
			warnings = append(warnings, fmt.Sprintf("waiver of %s: risk %s could not be checked, no complete risk register was read", w.Rule, w.RiskID))
		}
		if expired {
			continue
		}
		matched := 0
		for j := range findings {
			f := &findings[j]
			if f.Status != results.StatusFail || f.Waiver != nil || !w.Covers(f.RuleID, f.Resource.ID) {
				continue
			}
			f.Waiver = &results.Waiver{Justification: w.Justification, Approver: w.Approver, RiskID: w.RiskID, Expires: w.Expires}
			matched++
		}
		if matched == 0 {
			warnings = append(warnings, fmt.Sprintf("waiver of %s for %q matches no failing finding: remove it if the risk is gone", w.Rule, pattern(w.Resource)))
		}
	}
	return append(findings, extra...), warnings
}

func pattern(p string) string {
	if p == "" {
		return "*"
	}
	return p
}

// riskRegister is the set of risk ids the ISMS's risk registers hold.
type riskRegister struct {
	known  bool
	ids    map[string]bool
	source string
}

func readRiskRegister(docs []evidence.Document) riskRegister {
	rr := riskRegister{ids: map[string]bool{}}
	var sources []string
	for _, d := range docs {
		if d.Kind != "isms.register" || d.Data["register"] != "risk_register" {
			continue
		}
		if !d.Complete {
			// Rows may be missing from a register that could not be read in full: an id not
			// found there proves nothing, so no waiver is judged against it.
			return riskRegister{ids: map[string]bool{}}
		}
		rows, _ := d.Data["rows"].([]any)
		for _, row := range rows {
			if m, ok := row.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && id != "" {
					rr.ids[id] = true
				}
			}
		}
		rr.known = true
		sources = append(sources, d.ID)
	}
	sort.Strings(sources)
	if len(sources) > 0 {
		rr.source = sources[0]
		if len(sources) > 1 {
			rr.source += fmt.Sprintf(" and %d more", len(sources)-1)
		}
	}
	return rr
}
