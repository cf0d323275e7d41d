package ismscheck.gh09_test

import data.ismscheck.gh09

classic(enforce_admins) := {
	"required_approving_review_count": 1, "require_code_owner_reviews": false, "dismiss_stale_reviews": true,
	"enforce_admins": enforce_admins, "allow_force_pushes": false, "allow_deletions": false,
	"bypass_pull_request_allowances": {"users": [], "teams": [], "apps": []},
}

rule(type) := {"type": type, "parameters": {}, "ruleset_id": 7, "ruleset_source_type": "Organization", "ruleset_source": "acme"}

ruleset(actors) := {"id": 7, "name": "default branch", "target": "branch", "enforcement": "active", "source_type": "Organization", "source": "acme", "conditions": {}, "bypass_actors": actors, "rules": []}

team := {"actor_id": 1234, "actor_type": "Team", "bypass_mode": "always"}

repo(bp, rules, rulesets) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "default_branch": "main", "archived": false,
	"critical": false, "branch_protection": bp, "branch_rules": rules, "rulesets": rulesets,
}}

run(d, params) := r if {
	r := gh09.deny with input as {"document": d, "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_enforced_on_everyone_passes if {
	count(run(repo(classic(true), [], []), {})) == 0
	count(run(repo({}, [rule("pull_request"), rule("deletion")], [ruleset([])]), {})) == 0
}

test_classic_not_enforced_on_admins_is_minor if {
	f := only(run(repo(classic(false), [], []), {}))
	f.grade == "minor"
	f.key == "bypass:classic-admins"
	f.msg == "default branch main of acme/api: classic branch protection (enforce_admins off) can be bypassed by repository administrators; deletion block, force-push block, pull request reviews not enforced on them by any other protection"
}

test_ruleset_without_bypass_covers_classic_admins if {
	rules := [rule("pull_request"), rule("non_fast_forward"), rule("deletion")]
	count(run(repo(classic(false), rules, [ruleset([])]), {})) == 0
}

test_ruleset_bypass_actor_is_minor if {
	f := only(run(repo({}, [rule("pull_request")], [ruleset([team])]), {}))
	f.key == "bypass:ruleset:7"
	f.msg == `default branch main of acme/api: ruleset "default branch" (id 7, organization) can be bypassed by team 1234 (always); pull request reviews not enforced on them by any other protection`
}

test_break_glass_actor_is_allowed if {
	count(run(repo({}, [rule("pull_request")], [ruleset([team])]), {"break_glass_actors": ["Team:1234"]})) == 0
}

test_unknown_bypass_actors_are_an_observation if {
	rs := object.remove(ruleset([]), ["bypass_actors"])
	f := only(run(repo({}, [rule("pull_request")], [rs]), {}))
	f.grade == "observation"
	f.key == "bypass-unknown:7"
	contains(f.msg, `ruleset "default branch" (id 7, organization) were not collected`)
}

test_unprotected_branch_is_left_to_gh07 if {
	not gh09.applies with input as {"document": repo({}, [], [])}
}
