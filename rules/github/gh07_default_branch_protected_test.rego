package ismscheck.gh07_test

import data.ismscheck.gh07

repo(name, bp, rules, rulesets) := {"kind": "github.repository", "id": sprintf("github.com/acme/%s", [name]), "complete": true, "data": {
	"owner": "acme", "name": name, "full_name": sprintf("acme/%s", [name]), "default_branch": "main",
	"archived": false, "critical": false, "visibility": "private",
	"branch_protection": bp, "branch_rules": rules, "rulesets": rulesets,
}}

classic := {"required_approving_review_count": 1, "enforce_admins": true, "allow_force_pushes": false, "allow_deletions": false}

ruleset(id, enforcement) := {"id": id, "name": "main", "target": "branch", "enforcement": enforcement, "source_type": "Organization", "source": "acme", "conditions": {}, "bypass_actors": [], "rules": []}

rule(type, id) := {"type": type, "parameters": null, "ruleset_id": id, "ruleset_source_type": "Organization", "ruleset_source": "acme"}

classic_repo := repo("api", classic, [], [])

ruleset_repo := repo("web", {}, [rule("non_fast_forward", 3)], [ruleset(3, "active")])

bare_repo := repo("docs", {}, [], [])

run(repos) := r if {
	r := gh07.deny with input as {"documents": {"github.repository": repos}, "params": {}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_classic_or_ruleset_protection_passes if {
	count(run([classic_repo, ruleset_repo])) == 0
}

test_unprotected_repo_is_minor_when_others_are_protected if {
	f := only(run([classic_repo, ruleset_repo, bare_repo]))
	f.grade == "minor"
	f.resource == {"kind": "github.repository", "id": "github.com/acme/docs"}
	f.msg == "default branch main of acme/docs is not protected: no classic branch protection and no active ruleset rule applies to it"
}

test_none_protected_org_wide_is_major if {
	r := run([bare_repo, repo("ops", {}, [], [])])
	count(r) == 2
	every f in r {
		f.grade == "major"
		endswith(f.msg, "; no in-scope repository of acme has a protected default branch")
	}
}

test_critical_unprotected_repo_is_major if {
	crit := json.patch(bare_repo, [{"op": "replace", "path": "/data/critical", "value": true}])
	f := only(run([classic_repo, crit]))
	f.grade == "major"
	endswith(f.msg, "; the repository is marked critical")
}

test_evaluate_ruleset_does_not_protect if {
	evaluating := repo("web", {}, [rule("pull_request", 3), rule("deletion", 3)], [ruleset(3, "evaluate")])
	f := only(run([classic_repo, evaluating]))
	f.grade == "minor"
	f.msg == `default branch main of acme/web is not protected: no classic branch protection and no active ruleset rule applies to it (ruleset "main" (id 3, organization) (evaluate) does not enforce)`
}

test_archived_and_unreadable_repos_are_not_judged if {
	archived := json.patch(bare_repo, [{"op": "replace", "path": "/data/archived", "value": true}])
	unreadable := repo("ops", null, null, null)
	count(run([classic_repo, archived, unreadable])) == 0
}

test_archived_protected_repo_does_not_count_org_wide if {
	archived := json.patch(classic_repo, [{"op": "replace", "path": "/data/archived", "value": true}])
	f := only(run([archived, bare_repo]))
	f.grade == "major"
}

test_organisations_are_judged_apart if {
	other := json.patch(bare_repo, [{"op": "replace", "path": "/data/owner", "value": "globex"}, {"op": "replace", "path": "/data/full_name", "value": "globex/docs"}, {"op": "replace", "path": "/id", "value": "github.com/globex/docs"}])
	r := run([classic_repo, bare_repo, other])
	{[f.resource.id, f.grade] | some f in r} == {["github.com/acme/docs", "minor"], ["github.com/globex/docs", "major"]}
}
