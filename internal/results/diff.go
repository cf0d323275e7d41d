package results

import (
	"sort"

	"github.com/ismscheck/ismscheck/evidence"
)

// Diff says how the failures of one run differ from an earlier one. Findings are matched by
// fingerprint (rule, resource and key), never by message text, which may change wording.
type Diff struct {
	From string `json:"from"` // run ids
	To   string `json:"to"`
	// New failures, and failures whose grade rose (minor → major).
	New       []Finding `json:"new"`
	Regressed []Finding `json:"regressed"`
	// Resolved failures now pass; Unverified ones were not evaluated this time (error,
	// skipped or not present), so nobody can say they were fixed.
	Resolved   []Finding `json:"resolved"`
	Unverified []Finding `json:"unverified"`
	Improved   []Finding `json:"improved"` // grade fell
	Unchanged  []Finding `json:"unchanged"`
}

// Compare matches the failures of two runs.
func Compare(before, after *Results) Diff {
	d := Diff{From: before.Run.ID, To: after.Run.ID, New: []Finding{}, Regressed: []Finding{}, Resolved: []Finding{},
		Unverified: []Finding{}, Improved: []Finding{}, Unchanged: []Finding{}}
	was := map[string]Finding{}
	for _, f := range before.Findings {
		if f.Status == StatusFail {
			was[f.Fingerprint] = f
		}
	}
	now := map[string]Finding{}
	// judged: rule and resource pairs the later run passed or failed. A failure with a key
	// (one per register row, one per missing field) has no pass of its own; when its rule
	// judged the resource again without it, it was resolved, not left unverified.
	type ruleResource struct {
		rule     string
		resource evidence.Ref
	}
	judged := map[ruleResource]bool{}
	for _, f := range after.Findings {
		now[f.Fingerprint] = f
		if f.Status == StatusPass || f.Status == StatusFail {
			judged[ruleResource{f.RuleID, f.Resource}] = true
		}
		if f.Status != StatusFail {
			continue
		}
		old, seen := was[f.Fingerprint]
		switch {
		case !seen:
			d.New = append(d.New, f)
		case GradeRank(f.Grade) < GradeRank(old.Grade):
			d.Regressed = append(d.Regressed, f)
		case GradeRank(f.Grade) > GradeRank(old.Grade):
			d.Improved = append(d.Improved, f)
		default:
			d.Unchanged = append(d.Unchanged, f)
		}
	}
	for fp, old := range was {
		cur, present := now[fp]
		switch {
		case present && cur.Status == StatusPass, !present && judged[ruleResource{old.RuleID, old.Resource}]:
			d.Resolved = append(d.Resolved, old)
		case !present || cur.Status != StatusFail:
			d.Unverified = append(d.Unverified, old)
		}
	}
	for _, list := range []*[]Finding{&d.New, &d.Regressed, &d.Resolved, &d.Unverified, &d.Improved, &d.Unchanged} {
		sortByFingerprintOrder(*list)
	}
	return d
}

// Gating is what a baseline gate fails on: failures that are new or got worse.
func (d Diff) Gating() []Finding { return append(append([]Finding{}, d.New...), d.Regressed...) }

func sortByFingerprintOrder(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		if GradeRank(fs[i].Grade) != GradeRank(fs[j].Grade) {
			return GradeRank(fs[i].Grade) < GradeRank(fs[j].Grade)
		}
		if fs[i].RuleID != fs[j].RuleID {
			return fs[i].RuleID < fs[j].RuleID
		}
		return fs[i].Fingerprint < fs[j].Fingerprint
	})
}
