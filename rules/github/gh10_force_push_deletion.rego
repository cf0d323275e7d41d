# METADATA
# title: Force pushes to and deletion of the default branch are blocked
# description: >-
#   The default branch's history must not be rewritten or the branch deleted: classic
#   protection with force pushes and deletions disallowed, or an active ruleset with the
#   "Block force pushes" (non_fast_forward) and "Restrict deletions" (deletion) rules.
# scope: package
# custom:
#   id: GH-10
#   severity: minor
#   controls: ["A.8.4", "A.8.32", "A.8.13"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the ruleset protecting the default branch (Settings > Rules > Rulesets, or the
#     organisation's rulesets) enable "Block force pushes" and "Restrict deletions". With
#     classic protection, leave "Allow force pushes" and "Allow deletions" unticked under
#     Settings > Branches.
#   permissions: ["github:administration:read"]
package ismscheck.gh10

import data.lib.github

r := input.document.data

applies if {
	github.in_scope(r)
	github.readable_protection(r)
}

deny contains {
	"key": "force-push",
	"msg": sprintf("%s allows force pushes: neither classic protection (allow_force_pushes false) nor an active ruleset (non_fast_forward) blocks them", [github.branch(r)]),
	"grade": "minor",
} if {
	not github.force_push_blocked(r)
}

deny contains {
	"key": "deletion",
	"msg": sprintf("%s can be deleted: neither classic protection (allow_deletions false) nor an active ruleset (deletion) restricts it", [github.branch(r)]),
	"grade": "minor",
} if {
	not github.deletion_blocked(r)
}
