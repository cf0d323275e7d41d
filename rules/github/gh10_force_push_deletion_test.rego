package ismscheck.gh10_test

import data.ismscheck.gh10

rule(type) := {"type": type, "parameters": null, "ruleset_id": 7, "ruleset_source_type": "Repository", "ruleset_source": "acme/api"}

ruleset(enforcement) := {"id": 7, "name": "main", "target": "branch", "enforcement": enforcement, "source_type": "Repository", "source": "acme/api", "conditions": {}, "bypass_actors": [], "rules": []}

repo(bp, rules) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "default_branch": "main", "archived": false,
	"critical": false, "branch_protection": bp, "branch_rules": rules, "rulesets": [ruleset("active")],
}}

run(d) := r if {
	r := gh10.deny with input as {"document": d, "params": {}}
}

test_classic_blocks_both if {
	count(run(repo({"allow_force_pushes": false, "allow_deletions": false, "enforce_admins": true}, []))) == 0
}

test_ruleset_blocks_both if {
	count(run(repo({}, [rule("non_fast_forward"), rule("deletion")]))) == 0
}

test_one_from_each_source if {
	count(run(repo({"allow_force_pushes": false, "allow_deletions": true, "enforce_admins": true}, [rule("deletion")]))) == 0
}

test_unprotected_fails_both if {
	r := run(repo({}, []))
	{f.key | some f in r} == {"force-push", "deletion"}
	some f in r
	f.key == "force-push"
	f.grade == "minor"
	f.msg == "default branch main of acme/api allows force pushes: neither classic protection (allow_force_pushes false) nor an active ruleset (non_fast_forward) blocks them"
}

test_classic_allowing_deletion if {
	r := run(repo({"allow_force_pushes": false, "allow_deletions": true, "enforce_admins": true}, []))
	[f] := [f | some f in r]
	f.key == "deletion"
	f.msg == "default branch main of acme/api can be deleted: neither classic protection (allow_deletions false) nor an active ruleset (deletion) restricts it"
}

test_evaluate_ruleset_does_not_block if {
	d := json.patch(repo({}, [rule("non_fast_forward"), rule("deletion")]), [{"op": "replace", "path": "/data/rulesets/0/enforcement", "value": "evaluate"}])
	count(run(d)) == 2
}
