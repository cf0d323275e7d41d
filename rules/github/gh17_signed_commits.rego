# METADATA
# title: Critical repositories require signed commits on the default branch
# description: >-
#   On repositories marked critical, the default branch should accept only signed commits
#   (classic "Require signed commits" or an active ruleset's required_signatures rule), giving
#   cryptographic provenance to every change. Not checked yet: signed or immutable releases and
#   build attestations, which the evidence contract does not carry (it would need the releases
#   and attestations APIs).
# scope: package
# custom:
#   id: GH-17
#   severity: ofi
#   controls: ["A.8.4", "A.8.24", "A.8.32"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the ruleset protecting the default branch of the critical repository enable "Require
#     signed commits" (classic: Settings > Branches > "Require signed commits"), and have
#     contributors sign with GPG, SSH or S/MIME keys registered on their accounts.
#   permissions: ["github:administration:read"]
package ismscheck.gh17

import data.lib.github

r := input.document.data

applies if {
	github.in_scope(r)
	github.critical(r)
	github.readable_protection(r)
}

deny contains {
	"msg": sprintf("%s (critical repository) accepts unsigned commits: neither classic protection nor an active ruleset requires signatures", [github.branch(r)]),
	"grade": "ofi",
} if {
	not github.signatures_required(r)
}
