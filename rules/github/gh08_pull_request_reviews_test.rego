package ismscheck.gh08_test

import data.ismscheck.gh08

classic(n) := {
	"required_approving_review_count": n, "require_code_owner_reviews": true, "dismiss_stale_reviews": true,
	"enforce_admins": true, "allow_force_pushes": false, "allow_deletions": false,
}

pr(n, code_owners, stale) := {"type": "pull_request", "ruleset_id": 7, "ruleset_source_type": "Repository", "ruleset_source": "acme/api", "parameters": {
	"required_approving_review_count": n, "require_code_owner_review": code_owners,
	"dismiss_stale_reviews_on_push": stale, "require_last_push_approval": false,
}}

ruleset(enforcement) := {"id": 7, "name": "main", "target": "branch", "enforcement": enforcement, "source_type": "Repository", "source": "acme/api", "conditions": {}, "bypass_actors": [], "rules": []}

repo(critical, bp, rules) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "default_branch": "main", "archived": false,
	"critical": critical, "branch_protection": bp, "branch_rules": rules, "rulesets": [ruleset("active")],
}}

run(d, params) := r if {
	r := gh08.deny with input as {"document": d, "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_classic_review_passes if {
	count(run(repo(false, classic(1), []), {})) == 0
}

test_ruleset_review_passes if {
	count(run(repo(false, {}, [pr(1, true, true)]), {})) == 0
}

test_classic_and_ruleset_combine if {
	# 0 approvals in classic, 2 in the ruleset: 2 count; code owners from classic
	bp := object.union(classic(0), {"require_code_owner_reviews": true})
	count(run(repo(true, bp, [pr(2, false, true)]), {})) == 0
}

test_no_review_is_minor if {
	f := only(run(repo(false, {}, []), {}))
	f.key == "approvals"
	f.grade == "minor"
	f.msg == "default branch main of acme/api requires 0 approving reviews (no pull request is required); policy requires 1 (min_approvals)"
}

test_pull_request_without_approvals if {
	f := only(run(repo(false, {}, [pr(0, true, true)]), {}))
	f.msg == "default branch main of acme/api requires 0 approving reviews; policy requires 1 (min_approvals)"
}

test_critical_needs_two if {
	f := only(run(repo(true, {}, [pr(1, true, true)]), {}))
	f.grade == "minor"
	f.msg == "default branch main of acme/api requires 1 approving review; policy requires 2 for critical repositories (critical_min_approvals)"
}

test_critical_without_review_is_major if {
	f := only(run(repo(true, {}, []), {}))
	f.grade == "major"
}

test_evaluate_ruleset_does_not_count if {
	d := json.patch(repo(false, {}, [pr(1, true, true)]), [{"op": "replace", "path": "/data/rulesets/0/enforcement", "value": "evaluate"}])
	f := only(run(d, {}))
	f.key == "approvals"
}

test_code_owners_and_stale_reviews if {
	r := run(repo(false, {}, [pr(1, false, false)]), {})
	{f.key | some f in r} == {"code-owner-review", "stale-reviews"}
	every f in r {
		f.grade == "minor"
	}
	count(run(repo(false, {}, [pr(1, false, false)]), {"require_code_owner_review": false, "dismiss_stale_reviews": false})) == 0
}

test_policy_numbers if {
	count(run(repo(false, {}, [pr(1, true, true)]), {"min_approvals": 2})) == 1
	count(run(repo(true, {}, [pr(1, true, true)]), {"critical_min_approvals": 1})) == 0
}

test_not_applicable_when_archived_or_unreadable if {
	not gh08.applies with input as {"document": repo(false, null, null)}
	not gh08.applies with input as {"document": json.patch(repo(false, {}, []), [{"op": "replace", "path": "/data/archived", "value": true}])}
}
