package grading

import (
	"fmt"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// What an earlier run says about one finding (matched by fingerprint).
type runState int

const (
	// notSeen: the run did not evaluate it (error, skipped, source not collected, rule
	// not yet in the pack), or a waiver accepted the risk then. It neither counts towards
	// a streak nor breaks one: nothing showed the lapse was corrected.
	notSeen runState = iota
	// open: an unwaived minor or major nonconformity.
	open
	// closed: the run saw it corrected (the resource passed, or the rule failed the
	// resource for other reasons only), or it was only an observation or OFI then.
	closed
)

// escalateRepeats raises an unwaived minor to major when it was an open nonconformity in
// each of the previous runs-1 audit dates of the history with nothing in between showing it
// corrected: a lapse left open audit after audit means the corrective-action process (10.2)
// is not working, which an auditor grades as a systemic failure.
//
// earlier holds runs before this one, oldest first; several runs of one date are merged (a
// date counts as open when one of its runs has it open and none saw it corrected), so a day
// with many CI runs is one step of a streak, not many.
func escalateRepeats(findings []results.Finding, earlier []*results.Results, asOf string, runs int) {
	if runs < 2 || len(earlier) == 0 {
		return
	}
	type date struct {
		asOf string
		runs []runIndex
	}
	var dates []date // newest first
	for i := len(earlier) - 1; i >= 0; i-- {
		r := earlier[i]
		if r.Run.AsOf >= asOf {
			continue // not earlier: a re-run of this date, or a later run
		}
		if len(dates) == 0 || dates[len(dates)-1].asOf != r.Run.AsOf {
			dates = append(dates, date{asOf: r.Run.AsOf})
		}
		d := &dates[len(dates)-1]
		d.runs = append(d.runs, indexRun(r))
	}
	for i := range findings {
		f := &findings[i]
		if f.Status != results.StatusFail || f.Grade != results.GradeMinor || f.Waiver != nil || f.Fingerprint == "" {
			continue
		}
		streak, since := 0, ""
	walk:
		for _, d := range dates {
			state := notSeen
			for _, ri := range d.runs {
				switch ri.state(*f) {
				case closed:
					break walk
				case open:
					state = open
				}
			}
			if state == open {
				streak, since = streak+1, d.asOf
				if streak == runs-1 {
					f.Grade = results.GradeMajor
					f.Grading = append(f.Grading, fmt.Sprintf("escalated to major: open in %d consecutive runs since %s (escalation.consecutive_runs %d)", runs, since, runs))
					break walk
				}
			}
		}
	}
}

// runIndex finds a run's findings by fingerprint, and the rule/resource pairs it evaluated.
// Escalation asks it about an earlier run; the corrective-action follow-up about this one.
type runIndex struct {
	byFingerprint map[string]results.Finding
	evaluated     map[ruleResource]bool
}

type ruleResource struct {
	rule     string
	resource evidence.Ref
}

func indexRun(r *results.Results) runIndex { return indexFindings(r.Findings) }

func indexFindings(findings []results.Finding) runIndex {
	ri := runIndex{byFingerprint: map[string]results.Finding{}, evaluated: map[ruleResource]bool{}}
	for _, f := range findings {
		ri.byFingerprint[f.Fingerprint] = f
		if f.Status == results.StatusPass || f.Status == results.StatusFail {
			ri.evaluated[ruleResource{f.RuleID, f.Resource}] = true
		}
	}
	return ri
}

func (ri runIndex) state(now results.Finding) runState {
	was, found := ri.byFingerprint[now.Fingerprint]
	switch {
	case !found:
		// A finding with a key (one per register row) has no pass of its own: the rule
		// judging the same resource without it means the row was corrected.
		if ri.evaluated[ruleResource{now.RuleID, now.Resource}] {
			return closed
		}
		return notSeen
	case was.Status == results.StatusPass:
		return closed
	case was.Status != results.StatusFail:
		return notSeen
	case was.Waiver != nil:
		return notSeen
	case was.Grade == results.GradeMinor || was.Grade == results.GradeMajor:
		return open
	}
	return closed // an observation or OFI then: the nonconformity is newer
}
