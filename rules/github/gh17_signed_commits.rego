# METADATA
# title: Critical repositories require signed commits and immutable releases
# description: >-
#   On repositories marked critical, the default branch should accept only signed commits
#   (classic "Require signed commits" or an active ruleset's required_signatures rule), and
#   releases should be immutable (the repository's immutable-releases setting, set there or
#   enforced by the owner), giving cryptographic provenance to every change and release. Release
#   attestations are not checked: GitHub's attestations API looks them up by artifact digest and
#   cannot list a repository's.
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
#     contributors sign with GPG, SSH or S/MIME keys registered on their accounts. Enable
#     release immutability (repository Settings > General > Releases, or for all repositories
#     in the organization's repository settings) so published releases and their assets
#     cannot change.
#   permissions: ["github:administration:read"]
package ismscheck.gh17

import data.lib.github

r := input.document.data

applies if {
	github.in_scope(r)
	github.critical(r)
	judgeable(r)
}

judgeable(r) if github.readable_protection(r)

judgeable(r) if is_object(r.immutable_releases)

# No key: the finding's fingerprint stays the one it had before releases were checked.
deny contains {
	"msg": sprintf("%s (critical repository) accepts unsigned commits: neither classic protection nor an active ruleset requires signatures", [github.branch(r)]),
	"grade": "ofi",
} if {
	github.readable_protection(r)
	not github.signatures_required(r)
}

deny contains {
	"key": "immutable_releases",
	"msg": sprintf("%s (critical repository) does not have immutable releases: its releases and their assets can still be changed or deleted after publication", [github.name(r)]),
	"grade": "ofi",
} if {
	r.immutable_releases.enabled == false
}
