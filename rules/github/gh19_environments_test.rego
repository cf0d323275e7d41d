package ismscheck.gh19_test

import data.ismscheck.gh19

reviewers := {"type": "required_reviewers", "reviewers": [{"type": "Team", "slug": "release-approvers"}], "wait_timer": 0}

env(name, rules, policy) := {"name": name, "protection_rules": rules, "deployment_branch_policy": policy}

protected_only := {"protected_branches": true, "custom_branch_policies": false}

repo(envs) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "archived": false, "environments": envs,
}}

run(d, params) := r if {
	r := gh19.deny with input as {"document": d, "params": params}
}

test_protected_production_passes if {
	count(run(repo([env("Production", [reviewers], protected_only), env("staging", [], null)]), {})) == 0
	count(run(repo([env("prod", [reviewers], {"protected_branches": false, "custom_branch_policies": true})]), {})) == 0
}

test_unprotected_production_is_minor_twice if {
	r := run(repo([env("production", [{"type": "wait_timer", "wait_timer": 5}], null)]), {})
	{f.key | some f in r} == {"reviewers:production", "branches:production"}
	some f in r
	f.key == "reviewers:production"
	f.grade == "minor"
	f.msg == "acme/api: environment production deploys without required reviewers: nobody approves a deployment to production"
}

test_empty_reviewer_list_does_not_count if {
	r := run(repo([env("production", [{"type": "required_reviewers", "reviewers": []}], protected_only)]), {})
	{f.key | some f in r} == {"reviewers:production"}
}

test_repos_without_production_environment_are_not_judged if {
	not gh19.applies with input as {"document": repo([env("staging", [], null)])}
	not gh19.applies with input as {"document": repo([])}
	not gh19.applies with input as {"document": repo(null)}
}

test_environment_names_are_the_organisations if {
	r := run(repo([env("live-eu", [], null)]), {"production_environments": ["live-eu"]})
	count(r) == 2
}
