package ismscheck.gh14_test

import data.ismscheck.gh14

hardened := {"enabled": true, "allowed_actions": "selected", "default_workflow_permissions": "read", "can_approve_pull_request_reviews": false}

use(action, ref, pinned, line) := {"action": action, "ref": ref, "pinned": pinned, "line": line}

workflow(uses) := {"path": ".github/workflows/ci.yml", "permissions": {"contents": "read"}, "uses": uses}

repo(actions, workflows) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "archived": false,
	"actions": actions, "workflows": workflows,
}}

sha := "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"

run(d, params) := r if {
	r := gh14.deny with input as {"document": d, "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_hardened_passes if {
	uses := [
		use("actions/checkout", "v4", false, 10),
		use("acme/shared-actions/deploy", "main", false, 20),
		use("./.github/actions/build", null, false, 30),
		use("docker://alpine:3.20", null, false, 40),
		use("aquasecurity/trivy-action", sha, true, 50),
	]
	count(run(repo(hardened, [workflow(uses)]), {})) == 0
}

test_loose_settings_are_minor_each if {
	r := run(repo({"enabled": true, "allowed_actions": "all", "default_workflow_permissions": "write", "can_approve_pull_request_reviews": true}, []), {})
	{f.key | some f in r} == {"token-write", "approve-prs", "allowed-actions"}
	every f in r {
		f.grade == "minor"
	}
	some f in r
	f.key == "token-write"
	f.msg == `acme/api: the default GITHUB_TOKEN of workflows can write (default_workflow_permissions "write"); it should be read-only`
}

test_unpinned_third_party_action_is_minor if {
	f := only(run(repo(hardened, [workflow([use("aquasecurity/trivy-action", "master", false, 12), use("actions/checkout", "v4", false, 8)])]), {}))
	f.key == "unpinned"
	f.msg == "acme/api: 1 third-party action not pinned to a commit SHA: aquasecurity/trivy-action@master (.github/workflows/ci.yml:12)"
}

test_trusted_owners_are_the_organisations if {
	d := repo(hardened, [workflow([use("actions/checkout", "v4", false, 8)])])
	f := only(run(d, {"trusted_action_owners": []}))
	f.key == "unpinned"
	count(run(repo(hardened, [workflow([use("aquasecurity/trivy-action", "v1", false, 8)])]), {"trusted_action_owners": ["actions", "aquasecurity"]})) == 0
}

test_actions_disabled_is_not_judged if {
	not gh14.applies with input as {"document": repo({"enabled": false, "allowed_actions": null, "default_workflow_permissions": null, "can_approve_pull_request_reviews": null}, [])}
	not gh14.applies with input as {"document": repo(null, [])}
	not gh14.applies with input as {"document": repo(hardened, null)}
}
