package grading

import (
	"fmt"

	"github.com/ismscheck/ismscheck/internal/attestation"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/internal/soa"
)

// rollUp gives every requirement-bearing clause and every Annex A control a status. None is
// ever left out: without a rule it is "manual", without evidence "not_assessed".
func rollUp(cat *catalog.Catalog, rulesFor map[string][]string, findings []results.Finding, applicability soa.SoA, attested attestation.Set) []results.ControlState {
	lapsed := map[string]attestation.Attestation{}
	for _, a := range attested.All {
		for _, c := range a.Controls {
			if !a.Valid {
				lapsed[c] = a
			}
		}
	}
	byControl := map[string][]results.Finding{}
	for _, f := range findings {
		for _, c := range f.Controls {
			byControl[c] = append(byControl[c], f)
		}
	}
	var out []results.ControlState
	for _, it := range cat.Requirements() {
		st := results.ControlState{ID: it.ID, Title: it.Title, Kind: it.Kind, Theme: it.Theme, Rules: rulesFor[it.ID]}
		if st.Rules == nil {
			st.Rules = []string{}
		}
		if it.Kind == catalog.KindAnnexA {
			st.Applicability = "unknown"
			if a, ok := applicability.Controls[it.ID]; ok && applicability.Known {
				st.Applicability, st.Justification, st.Declared = "applicable", a.Justification, a.Declared
				if !a.Applicable {
					st.Applicability = "excluded"
				}
			}
		}
		worst := len(results.Grades)
		var errors, skipped, waived int
		for _, f := range byControl[it.ID] {
			switch {
			case f.Status == results.StatusFail && f.Waiver != nil:
				st.Findings++
				waived++
			case f.Status == results.StatusFail:
				st.Findings++
				if r := results.GradeRank(f.Grade); r < worst {
					worst = r
				}
			case f.Status == results.StatusPass:
				st.Passed++
			case f.Status == results.StatusError:
				errors++
			case f.Status == results.StatusSkipped:
				skipped++
			}
		}
		switch {
		case st.Applicability == "excluded":
			st.Status = results.ControlNotApplicable
			st.Reason = "excluded in the Statement of Applicability"
			if st.Justification == "" {
				st.Reason += " without a justification"
			}
		case worst <= results.GradeRank(results.GradeMinor):
			st.Status, st.Grade = results.ControlNonconformity, results.Grades[worst]
		case worst == results.GradeRank(results.GradeObservation):
			st.Status, st.Grade = results.ControlObservation, results.GradeObservation
		case waived > 0:
			st.Status = results.ControlRiskAccepted
			st.Reason = fmt.Sprintf("%d failing result(s) covered by risk acceptances (waivers)", waived)
		case errors > 0:
			st.Status = results.ControlInconclusive
			st.Reason = fmt.Sprintf("%d result(s) could not be evaluated because evidence was incomplete", errors)
		case st.Passed > 0 || worst == results.GradeRank(results.GradeOFI):
			st.Status = results.ControlConformant
			if worst == results.GradeRank(results.GradeOFI) {
				st.Grade = results.GradeOFI
			}
		case skipped > 0 || len(st.Rules) > 0:
			st.Status = results.ControlNotAssessed
			st.Reason = "its rules had no evidence to evaluate"
		default:
			st.Status = results.ControlManual
			st.Reason = "no automated rule: needs attested evidence"
		}
		st.Basis = "automated"
		switch st.Status {
		case results.ControlNotApplicable:
			st.Basis = "none"
		case results.ControlManual, results.ControlNotAssessed:
			st.Basis = "none"
			if a, ok := attested.For(it.ID); ok {
				st.Status, st.Basis, st.Attestation, st.ValidUntil = results.ControlConformant, "attested", a.Source, a.ValidUntil
				st.Reason = fmt.Sprintf("attested by %s on %s, valid until %s", a.By, a.On, a.ValidUntil)
			} else if a, ok := lapsed[it.ID]; ok {
				st.Attestation = a.Source
				st.Reason += fmt.Sprintf("; the attestation in %s does not count: %s", a.Source, a.Problem)
			}
		}
		out = append(out, st)
	}
	return out
}

// readiness gives the Stage 1 (documentation: clauses 4–10) and Stage 2 (implementation:
// applicable Annex A controls) verdicts. Any open major means not ready; a requirement with
// no usable evidence (manual, not assessed, inconclusive) means readiness is incomplete.
func readiness(findings []results.Finding, controls []results.ControlState) results.Readiness {
	var r results.Readiness
	r.Blocking = []string{}
	for _, f := range findings {
		if f.Status == results.StatusFail && f.Grade == results.GradeMajor && f.Waiver == nil {
			r.Blocking = append(r.Blocking, f.Fingerprint)
		}
	}
	stage := func(kind string) results.StageResult {
		var s results.StageResult
		for _, c := range controls {
			if c.Kind != kind {
				continue
			}
			s.Requirements++
			switch c.Basis {
			case "automated":
				s.Automated++
			case "attested":
				s.Attested++
			}
			switch c.Status {
			case results.ControlConformant:
				s.Conformant++
			case results.ControlNonconformity:
				if c.Grade == results.GradeMajor {
					s.Majors++
				} else {
					s.Minors++
				}
			case results.ControlObservation:
				s.Observations++
			case results.ControlNotApplicable:
				s.NotApplicable++
			case results.ControlRiskAccepted:
				s.RiskAccepted++
			default:
				s.Unassessed++
			}
		}
		s.Verdict = results.ReadinessVerdict(s.Majors, s.Unassessed)
		return s
	}
	r.Stage1 = stage(catalog.KindClause)
	r.Stage2 = stage(catalog.KindAnnexA)
	switch {
	case len(r.Blocking) > 0:
		r.Verdict = results.VerdictNotReady
		r.Reason = fmt.Sprintf("%d open major nonconformit%s", len(r.Blocking), plural(len(r.Blocking), "y", "ies"))
	case r.Stage1.Verdict == results.VerdictIncomplete || r.Stage2.Verdict == results.VerdictIncomplete:
		r.Verdict = results.VerdictIncomplete
		r.Reason = "no open major found, but not every requirement has evidence"
	default:
		r.Verdict = results.VerdictReady
		r.Reason = "no open major nonconformity, and every requirement has evidence"
	}
	if n := r.Stage1.Unassessed + r.Stage2.Unassessed; n > 0 {
		r.Reason += fmt.Sprintf("; %d requirement%s without evidence (no automated result and no valid attestation)", n, plural(n, "", "s"))
	}
	return r
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
