# METADATA
# title: Changes to the default branch need approving reviews
# description: >-
#   Merging into the default branch must need at least min_approvals approving reviews
#   (critical_min_approvals on repositories marked critical), review by code owners, and
#   dismissal of approvals when new commits are pushed. Classic branch protection and active
#   rulesets both count; the stronger setting wins. A critical repository with fewer than
#   min_approvals is major (the four-eyes principle is absent where it matters most).
# scope: package
# custom:
#   id: GH-08
#   severity: minor
#   controls: ["A.8.32", "A.8.25", "A.5.3"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the ruleset protecting the default branch (organisation or repository Settings > Rules
#     > Rulesets) enable "Require a pull request before merging" with "Required approvals" set
#     to the policy's number (2 on critical repositories), "Require review from Code Owners"
#     (and keep a CODEOWNERS file), and "Dismiss stale pull request approvals when new commits
#     are pushed". With classic protection the same options are under Settings > Branches.
#   permissions: ["github:administration:read"]
#   params:
#     min_approvals: 1
#     critical_min_approvals: 2
#     require_code_owner_review: true
#     dismiss_stale_reviews: true
package ismscheck.gh08

import data.lib.github
import data.lib.isms

min_approvals := isms.number_param("min_approvals", 1)

critical_min_approvals := isms.number_param("critical_min_approvals", 2)

r := input.document.data

applies if {
	github.in_scope(r)
	github.readable_protection(r)
}

required := critical_min_approvals if github.critical(r)

else := min_approvals

deny contains {
	"key": "approvals",
	"msg": sprintf("%s requires %s%s; policy requires %s", [github.branch(r), isms.plural(n, "approving review"), no_pr_note, requirement]),
	"grade": approvals_grade(n),
} if {
	n := github.approvals(r)
	n < required
}

no_pr_note := " (no pull request is required)" if not github.pull_request_required(r)

else := ""

requirement := sprintf("%d for critical repositories (critical_min_approvals)", [critical_min_approvals]) if github.critical(r)

else := sprintf("%d (min_approvals)", [min_approvals])

approvals_grade(n) := "major" if {
	github.critical(r)
	n < min_approvals
} else := "minor"

deny contains {
	"key": "code-owner-review",
	"msg": sprintf("%s does not require review from code owners (require_code_owner_review)", [github.branch(r)]),
	"grade": "minor",
} if {
	isms.param("require_code_owner_review", true) == true
	github.pull_request_required(r)
	not github.code_owner_review(r)
}

deny contains {
	"key": "stale-reviews",
	"msg": sprintf("%s keeps approvals when new commits are pushed: stale approvals are not dismissed (dismiss_stale_reviews)", [github.branch(r)]),
	"grade": "minor",
} if {
	isms.param("dismiss_stale_reviews", true) == true
	github.pull_request_required(r)
	not github.stale_reviews_dismissed(r)
}
