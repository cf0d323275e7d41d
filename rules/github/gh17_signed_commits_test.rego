package ismscheck.gh17_test

import data.ismscheck.gh17

repo(critical, bp, rules) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "default_branch": "main", "archived": false,
	"critical": critical, "branch_protection": bp, "branch_rules": rules,
	"rulesets": [{"id": 7, "name": "main", "target": "branch", "enforcement": "active", "source_type": "Repository", "source": "acme/api", "conditions": {}, "bypass_actors": [], "rules": []}],
}}

signatures := {"type": "required_signatures", "parameters": null, "ruleset_id": 7, "ruleset_source_type": "Repository", "ruleset_source": "acme/api"}

run(d) := r if {
	r := gh17.deny with input as {"document": d, "params": {}}
}

test_signatures_required_passes if {
	count(run(repo(true, {}, [signatures]))) == 0
	count(run(repo(true, {"required_signatures": true, "enforce_admins": true}, []))) == 0
}

test_unsigned_critical_is_ofi if {
	r := run(repo(true, {"required_signatures": false, "enforce_admins": true}, []))
	count(r) == 1
	some f in r
	f.grade == "ofi"
	f.msg == "default branch main of acme/api (critical repository) accepts unsigned commits: neither classic protection nor an active ruleset requires signatures"
}

test_only_critical_repos_are_judged if {
	not gh17.applies with input as {"document": repo(false, {}, [])}
	not gh17.applies with input as {"document": repo(true, null, [])}
}

with_immutable(d, v) := json.patch(d, [{"op": "add", "path": "/data/immutable_releases", "value": v}])

test_immutable_releases_pass if {
	signed := repo(true, {"required_signatures": true}, [])
	count(run(with_immutable(signed, {"enabled": true, "enforced_by_owner": false}))) == 0
	count(run(with_immutable(signed, {"enabled": true, "enforced_by_owner": true}))) == 0
}

test_mutable_releases_are_ofi if {
	r := run(with_immutable(repo(true, {"required_signatures": true}, []), {"enabled": false, "enforced_by_owner": false}))
	count(r) == 1
	some f in r
	f.key == "immutable_releases"
	f.grade == "ofi"
	f.msg == "acme/api (critical repository) does not have immutable releases: its releases and their assets can still be changed or deleted after publication"
}

test_unread_immutable_releases_report_nothing if {
	# null: unreadable (the document's denied error makes the rule skipped); absent: evidence
	# from before the field existed
	count(run(with_immutable(repo(true, {"required_signatures": true}, []), null))) == 0
	count(run(repo(true, {"required_signatures": true}, []))) == 0
}

test_immutable_releases_judged_when_protection_is_unreadable if {
	d := with_immutable(repo(true, null, []), {"enabled": false, "enforced_by_owner": false})
	gh17.applies with input as {"document": d}
	r := run(d)
	count(r) == 1
	some f in r
	f.key == "immutable_releases"
}

test_non_critical_repos_need_no_immutable_releases if {
	not gh17.applies with input as {"document": with_immutable(repo(false, {}, []), {"enabled": false, "enforced_by_owner": false})}
}
