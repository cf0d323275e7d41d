package engine

import (
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// gap is what the unreadable parts of a document mean for one rule: nothing (status ""),
// a resource the rule cannot judge because the source refused a permission it declares
// (skipped), or evidence it needed that could not be read (error).
type gap struct {
	status string
	errs   []evidence.Error
}

func (g gap) message() string {
	if g.status == results.StatusSkipped {
		return "not evaluated: " + joinErrors(g.errs)
	}
	return "evidence incomplete: " + joinErrors(g.errs)
}

// gapFor decides whether a rule may judge a document that is not complete.
//
// An error naming the permission it needs (Needs) spoils only the rules that declare that
// permission, because a collector marks an unreadable fact null and rules that do not read
// it are still right. Rules that declare no permission of that source at all are treated as
// reading everything: without a declaration there is no telling, and guessing could pass.
func gapFor(r *Rule, d *evidence.Document) gap {
	if d.Complete {
		return gap{}
	}
	if len(d.Errors) == 0 {
		return gap{status: results.StatusError}
	}
	var g gap
	denied := true
	for _, e := range d.Errors {
		if e.Needs != "" && r.declaresSource(e.Needs) && !contains(r.Permissions, e.Needs) {
			continue
		}
		g.errs = append(g.errs, e)
		denied = denied && e.Needs != "" && e.Denied
	}
	switch {
	case len(g.errs) == 0:
		return gap{}
	case denied:
		g.status = results.StatusSkipped
	default:
		g.status = results.StatusError
	}
	return g
}

// declaresSource tells whether the rule declares any permission of the source a permission
// id belongs to ("github" for "github:contents:read").
func (r *Rule) declaresSource(permission string) bool {
	source, _, _ := strings.Cut(permission, ":")
	for _, p := range r.Permissions {
		if s, _, _ := strings.Cut(p, ":"); s == source {
			return true
		}
	}
	return false
}

// combine merges the gaps of every document an inventory rule reads: any error makes the
// whole result inconclusive; only refusals make it skipped.
func combine(gaps []gap) gap {
	var out gap
	for _, g := range gaps {
		if g.status == "" {
			continue
		}
		out.errs = append(out.errs, g.errs...)
		if out.status != results.StatusError {
			out.status = g.status
		}
	}
	return out
}
