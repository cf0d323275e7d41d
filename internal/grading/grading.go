// Package grading turns rule outcomes into an auditor's findings: it applies severity
// overrides, Statement of Applicability gating and escalation, then rolls findings up into a
// status for every clause requirement and Annex A control and a readiness verdict.
package grading

import (
	"fmt"
	"path"
	"sort"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/attestation"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/internal/soa"
)

// Input is everything grading needs.
type Input struct {
	// SoA, when the caller has already read it from the documents (nil: read here).
	SoA            *soa.SoA
	Findings       []results.Finding
	Pack           *engine.Pack
	Config         *config.Config
	Documents      []evidence.Document
	Coverage       []evidence.Coverage
	AsOf           time.Time
	Tool           results.Tool
	ManifestDigest string
	Warnings       []string
	// NotConfigured names sources the configuration does not use; their rules are left out
	// of coverage and of every control's rule list.
	NotConfigured map[string]bool
	// Earlier runs from the history store, oldest first; a minor open in every one of the
	// last escalation.consecutive_runs-1 of them becomes a major (see escalateRepeats).
	Earlier []*results.Results
}

// Grade produces the results document.
func Grade(in Input) *results.Results {
	cat := catalog.Load()
	var applicability soa.SoA
	if in.SoA != nil {
		applicability = *in.SoA
	} else {
		applicability = soa.Read(in.Documents, cat)
	}
	cfg := in.Config
	if cfg == nil {
		cfg = config.Defaults(".")
	}
	findings := append([]results.Finding(nil), in.Findings...)
	applyOverrides(findings, in.Pack, cfg)
	gate(findings, applicability)
	escalate(findings, cfg.Escalation)
	findings, waiverWarnings := applyWaivers(findings, cfg, in.AsOf, readRiskRegister(in.Documents))
	// Repeats first, so the corrective action plan proposes actions at their final grade.
	escalateRepeats(findings, in.Earlier, in.AsOf.UTC().Format("2006-01-02"), cfg.Escalation.RepeatRuns())
	evidenceDigest := evidence.SetDigest(in.Documents)
	runID := results.RunID(in.AsOf, evidenceDigest, in.Tool.RulePackDigest)
	findings, plan, planWarnings := correctiveActions(findings, in.Documents, cfg, in.AsOf, runID, in.Earlier)

	r := &results.Results{
		SchemaVersion: results.SchemaVersion,
		Tool:          in.Tool,
		Run: results.Run{
			ID:             runID,
			EvidenceDigest: evidenceDigest,
			AsOf:           in.AsOf.UTC().Format("2006-01-02"),
			ManifestDigest: in.ManifestDigest,
			Scope:          results.Scope{Organization: cfg.Organization, Statement: cfg.Scope, Sources: []string{}, SoA: applicability.Source},
		},
		Findings:          findings,
		Warnings:          append(append(append(append([]string{}, in.Warnings...), applicability.Warnings...), waiverWarnings...), planWarnings...),
		CorrectiveActions: plan,
	}
	for _, c := range in.Coverage {
		r.Run.Scope.Sources = append(r.Run.Scope.Sources, c.Collector+":"+c.Source)
	}
	r.Coverage = coverage(in, findings)
	attested := attestation.Read(in.Documents, in.AsOf)
	r.Warnings = append(r.Warnings, attested.Warnings...)
	r.Controls = rollUp(cat, in.Pack.RulesByControl(in.NotConfigured), findings, applicability, attested)
	r.Summary = summarize(findings, r.Controls)
	r.Readiness = readiness(findings, r.Controls)
	return r
}

func applyOverrides(findings []results.Finding, pack *engine.Pack, cfg *config.Config) {
	for i := range findings {
		f := &findings[i]
		if f.Status != results.StatusFail {
			continue
		}
		over, ok := cfg.Rules.Severity[f.RuleID]
		if !ok {
			continue
		}
		// The override replaces the rule's default grade; grades the rule chose for a
		// particular case (an observation for "due soon") stay as the rule gave them.
		if r, found := pack.Rule(f.RuleID); found && f.Grade == r.Severity && over != f.Grade {
			f.Grading = append(f.Grading, fmt.Sprintf("grade set to %s by rules.severity in the configuration (rule default %s)", over, f.Grade))
			f.Grade = over
		}
	}
}

// gate applies the SoA: a failure tagged only with Annex A controls that the SoA excludes is
// not a nonconformity; it becomes an observation against 6.1.3 (is the exclusion justified?).
func gate(findings []results.Finding, applicability soa.SoA) {
	for i := range findings {
		f := &findings[i]
		if f.Status != results.StatusFail || len(f.Controls) == 0 {
			continue
		}
		allExcluded := true
		for _, c := range f.Controls {
			if !catalog.IsAnnexA(c) || !applicability.Excluded(c) {
				allExcluded = false
				break
			}
		}
		if !allExcluded {
			continue
		}
		if f.Grade != results.GradeObservation && f.Grade != results.GradeOFI {
			f.Grading = append(f.Grading, fmt.Sprintf("%v excluded in the SoA (%s): graded observation against 6.1.3 instead of %s", f.Controls, applicability.Source, f.Grade))
			f.Grade = results.GradeObservation
		}
		f.Controls = append(append([]string{}, f.Controls...), "6.1.3")
		catalog.SortIDs(f.Controls)
	}
}

// escalate raises minors to majors when a rule fails on more than a share of the resources
// it evaluated (a systemic failure), or on a resource configured as critical.
func escalate(findings []results.Finding, esc config.Escalation) {
	type tally struct{ resources, failed map[evidence.Ref]bool }
	byRule := map[string]*tally{}
	for _, f := range findings {
		if f.Status == results.StatusSkipped {
			continue
		}
		t := byRule[f.RuleID]
		if t == nil {
			t = &tally{map[evidence.Ref]bool{}, map[evidence.Ref]bool{}}
			byRule[f.RuleID] = t
		}
		t.resources[f.Resource] = true
		if f.Status == results.StatusFail && f.Grade == results.GradeMinor {
			t.failed[f.Resource] = true
		}
	}
	for i := range findings {
		f := &findings[i]
		if f.Status != results.StatusFail || f.Grade != results.GradeMinor {
			continue
		}
		t := byRule[f.RuleID]
		n, failed := len(t.resources), len(t.failed)
		if n >= esc.MinResources && float64(failed) > esc.Share*float64(n) {
			f.Grade = results.GradeMajor
			f.Grading = append(f.Grading, fmt.Sprintf("escalated to major: %s fails on %d of %d resources (%.0f%%, above %.0f%%)", f.RuleID, failed, n, 100*float64(failed)/float64(n), 100*esc.Share))
			continue
		}
		for _, p := range esc.CriticalResources {
			if ok, _ := path.Match(p, f.Resource.ID); ok {
				f.Grade = results.GradeMajor
				f.Grading = append(f.Grading, fmt.Sprintf("escalated to major: %s is a critical resource (escalation.critical_resources %q)", f.Resource.ID, p))
				break
			}
		}
	}
}

func coverage(in Input, findings []results.Finding) results.Coverage {
	c := results.Coverage{Collectors: in.Coverage, Documents: len(in.Documents)}
	if c.Collectors == nil {
		c.Collectors = []evidence.Coverage{}
	}
	for _, d := range in.Documents {
		if !d.Complete {
			c.Incomplete++
		}
	}
	statuses := map[string]map[string]bool{}
	for _, f := range findings {
		if statuses[f.RuleID] == nil {
			statuses[f.RuleID] = map[string]bool{}
		}
		statuses[f.RuleID][f.Status] = true
	}
	if in.Pack != nil {
		c.Rules.Total = len(in.Pack.Rules)
		listed := evidence.ListedKinds(in.Coverage)
		present := map[string]bool{}
		for _, d := range in.Documents {
			present[d.Kind] = true
		}
		for _, r := range in.Pack.Rules {
			switch {
			case r.ReadsOnly(in.NotConfigured):
				c.Rules.NotConfigured++
			case statuses[r.ID] == nil && listed[r.Subject] && !present[r.Subject]:
				c.Rules.NotApplicable++
				c.Rules.NotApplicableRules = append(c.Rules.NotApplicableRules, results.RuleNote{RuleID: r.ID,
					Reason: fmt.Sprintf("nothing to judge: the %s collector read every %s and found none", evidence.CollectorOf(r.Subject), r.Subject)})
			case statuses[r.ID] == nil:
				c.Rules.Unmatched++
			}
		}
		for s, off := range in.NotConfigured {
			if off {
				c.Rules.NotConfiguredSources = append(c.Rules.NotConfiguredSources, s)
			}
		}
		sort.Strings(c.Rules.NotConfiguredSources)
	}
	for _, s := range statuses {
		switch {
		case s[results.StatusSkipped]:
			c.Rules.Skipped++
		default:
			if s[results.StatusPass] || s[results.StatusFail] {
				c.Rules.Evaluated++
			}
			if s[results.StatusError] {
				c.Rules.Errored++
			}
		}
	}
	return c
}

func summarize(findings []results.Finding, controls []results.ControlState) results.Summary {
	s := results.Summary{Grades: map[string]int{}, Statuses: map[string]int{}, Controls: map[string]int{}}
	for _, g := range results.Grades {
		s.Grades[g] = 0
	}
	for _, st := range []string{results.StatusPass, results.StatusFail, results.StatusError, results.StatusSkipped} {
		s.Statuses[st] = 0
	}
	for _, f := range findings {
		s.Statuses[f.Status]++
		if f.Status == results.StatusFail {
			s.Grades[f.Grade]++
		}
	}
	for _, c := range controls {
		s.Controls[c.Status]++
	}
	return s
}

// SortFindings orders findings most severe first, then by rule and resource.
func SortFindings(fs []results.Finding) {
	rank := func(f results.Finding) int {
		switch f.Status {
		case results.StatusFail:
			return results.GradeRank(f.Grade)
		case results.StatusError:
			return 10
		case results.StatusSkipped:
			return 11
		}
		return 12
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Resource.ID < b.Resource.ID
	})
}
