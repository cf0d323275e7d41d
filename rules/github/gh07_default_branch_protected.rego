# METADATA
# title: The default branch of every repository is protected
# description: >-
#   Every in-scope (unarchived) repository's default branch needs protection, either classic
#   branch protection or an active ruleset with a rule that restricts changes (pull request,
#   force-push, deletion, status checks, signatures...). Rulesets in evaluate mode do not
#   enforce and do not count. Minor per repository; major when no in-scope repository of the
#   organisation has a protected default branch (the control is absent, not failing in one
#   place) or when the repository is marked critical.
# scope: package
# custom:
#   id: GH-07
#   severity: minor
#   controls: ["A.8.4", "A.8.32"]
#   kinds: [github.repository]
#   input: inventory
#   remediation: >-
#     Protect the default branch: in the organisation's Settings > Repository > Rulesets create
#     a branch ruleset targeting the default branch of all repositories ("~DEFAULT_BRANCH"),
#     set Enforcement status to Active, and add at least "Require a pull request before
#     merging", "Block force pushes" and "Restrict deletions". For a single repository the
#     same is in the repository's Settings > Rules > Rulesets, or classic Settings > Branches >
#     Add branch protection rule.
#   permissions: ["github:administration:read"]
package ismscheck.gh07

import data.lib.github
import data.lib.isms

repos := [d | some d in input.documents["github.repository"]; github.in_scope(d.data)]

# Organisations (owners) with at least one in-scope repository whose default branch is protected.
protected_owners := {d.data.owner | some d in repos; github.protected(d.data)}

deny contains {
	"msg": concat("", [
		sprintf("%s is not protected: no classic branch protection and no active ruleset rule applies to it", [github.branch(r)]),
		evaluate_note(r),
		grade_note(r),
	]),
	"grade": grade(r),
	"resource": isms.resource(d),
} if {
	some d in repos
	r := d.data
	github.readable_protection(r)
	not github.protected(r)
}

grade(r) := "major" if not r.owner in protected_owners

else := "major" if github.critical(r)

else := "minor"

grade_note(r) := sprintf("; no in-scope repository of %v has a protected default branch", [r.owner]) if {
	not r.owner in protected_owners
} else := "; the repository is marked critical" if {
	github.critical(r)
} else := ""

evaluate_note(r) := sprintf(" (%s does not enforce)", [concat(", ", names)]) if {
	names := github.not_enforcing(r)
	count(names) > 0
} else := ""
