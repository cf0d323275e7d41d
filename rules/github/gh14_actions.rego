# METADATA
# title: GitHub Actions is hardened
# description: >-
#   CI is part of the change path and of the supply chain. Where Actions is enabled for the
#   repository: the default GITHUB_TOKEN is read-only, workflows cannot approve pull requests,
#   the allowed actions are restricted (not "all"), and third-party actions (owners other than
#   the repository's own and trusted_action_owners) are pinned to a full commit SHA. The
#   repository's own Actions settings are read; GitHub does not let a repository be looser
#   than its organisation's policy.
# scope: package
# custom:
#   id: GH-14
#   severity: minor
#   controls: ["A.8.25", "A.5.21", "A.8.2"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the organisation's Settings > Actions > General (or the repository's): under "Actions
#     permissions" choose "Allow <org>, and select non-<org>, actions and reusable workflows"
#     and list what is allowed; under "Workflow permissions" choose "Read repository contents
#     and packages permissions" and untick "Allow GitHub Actions to create and approve pull
#     requests". Pin every third-party action to a full commit SHA (`uses:
#     owner/action@<40-hex sha> # v1.2.3`) and let Dependabot update the pins.
#   permissions: ["github:administration:read", "github:contents:read"]
#   params:
#     trusted_action_owners: ["actions", "github"]
package ismscheck.gh14

import data.lib.github
import data.lib.isms

trusted := {lower(o) | some o in isms.param("trusted_action_owners", ["actions", "github"]); is_string(o)}

r := input.document.data

applies if {
	github.in_scope(r)
	is_object(r.actions)
	is_array(r.workflows)
	r.actions.enabled != false
}

deny contains {
	"key": "token-write",
	"msg": sprintf("%s: the default GITHUB_TOKEN of workflows can write (default_workflow_permissions \"write\"); it should be read-only", [github.name(r)]),
	"grade": "minor",
} if {
	r.actions.default_workflow_permissions == "write"
}

deny contains {
	"key": "approve-prs",
	"msg": sprintf("%s: workflows can create and approve pull requests (can_approve_pull_request_reviews true), so CI can supply the approving review", [github.name(r)]),
	"grade": "minor",
} if {
	r.actions.can_approve_pull_request_reviews == true
}

deny contains {
	"key": "allowed-actions",
	"msg": sprintf("%s: any action from any author may run (allowed_actions \"all\")", [github.name(r)]),
	"grade": "minor",
} if {
	r.actions.allowed_actions == "all"
}

unpinned := [sprintf("%v@%v (%v:%v)", [u.action, u.ref, w.path, u.line]) |
	some w in r.workflows
	some u in w.uses
	u.pinned == false
	third_party(u.action)
]

third_party(action) if {
	is_string(action)
	not startswith(action, "./")
	not startswith(action, "docker://")
	owner := lower(split(action, "/")[0])
	not owner in trusted
	owner != lower(r.owner)
}

deny contains {
	"key": "unpinned",
	"msg": sprintf("%s: %s not pinned to a commit SHA: %s", [github.name(r), isms.plural(count(unpinned), "third-party action"), isms.list_text(unpinned, 5)]),
	"grade": "minor",
} if {
	count(unpinned) > 0
}
