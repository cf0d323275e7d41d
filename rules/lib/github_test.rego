package lib.github_test

import data.lib.github

# 2026-11-21T00:00:00Z
as_of_ns := 1795219200000000000

classic_full := {
	"required_approving_review_count": 1, "require_code_owner_reviews": true, "dismiss_stale_reviews": true,
	"require_last_push_approval": false, "enforce_admins": true, "required_status_checks": ["build"],
	"strict_status_checks": true, "required_signatures": false, "allow_force_pushes": false,
	"allow_deletions": false, "required_linear_history": false,
	"bypass_pull_request_allowances": {"users": [], "teams": [], "apps": []},
}

repo(bp, rules, rulesets) := {
	"full_name": "acme/api", "owner": "acme", "name": "api", "default_branch": "main",
	"archived": false, "critical": false,
	"branch_protection": bp, "branch_rules": rules, "rulesets": rulesets,
}

rule(type, params, id) := {"type": type, "parameters": params, "ruleset_id": id, "ruleset_source_type": "Repository", "ruleset_source": "acme/api"}

ruleset(id, enforcement, actors) := {
	"id": id, "name": sprintf("rs%d", [id]), "target": "branch", "enforcement": enforcement,
	"source_type": "Repository", "source": "acme/api", "conditions": {}, "bypass_actors": actors, "rules": [],
}

pr(n) := rule(
	"pull_request", {
		"required_approving_review_count": n, "require_code_owner_review": false,
		"dismiss_stale_reviews_on_push": true, "require_last_push_approval": false,
	},
	7,
)

# --- protection from either source --------------------------------------------

test_unprotected if {
	r := repo({}, [], [])
	github.readable_protection(r)
	not github.protected(r)
	github.approvals(r) == 0
	not github.force_push_blocked(r)
	not github.deletion_blocked(r)
	count(github.status_checks(r)) == 0
}

test_unreadable if {
	not github.readable_protection(repo(null, [], []))
	not github.readable_protection(repo({}, null, null))
}

test_classic_only if {
	r := repo(classic_full, [], [])
	github.protected(r)
	github.approvals(r) == 1
	github.code_owner_review(r)
	github.stale_reviews_dismissed(r)
	github.force_push_blocked(r)
	github.deletion_blocked(r)
	github.status_checks(r) == {"build"}
	not github.signatures_required(r)
	github.pull_request_required(r)
}

test_rulesets_only if {
	r := repo(
		{}, [
			pr(2), rule("non_fast_forward", null, 7), rule("deletion", null, 7),
			rule("required_signatures", null, 7),
			rule("required_status_checks", {"required_status_checks": [{"context": "test"}, {"context": "codeql", "integration_id": 1}]}, 7),
		],
		[ruleset(7, "active", [])],
	)
	github.protected(r)
	github.approvals(r) == 2
	not github.code_owner_review(r)
	github.stale_reviews_dismissed(r)
	github.force_push_blocked(r)
	github.deletion_blocked(r)
	github.signatures_required(r)
	github.status_checks(r) == {"test", "codeql"}
}

test_the_stronger_source_counts if {
	r := repo(object.union(classic_full, {"allow_deletions": true, "required_status_checks": ["lint"]}), [pr(2), rule("deletion", null, 7), rule("required_status_checks", {"required_status_checks": [{"context": "test"}]}, 7)], [ruleset(7, "active", [])])
	github.approvals(r) == 2
	github.deletion_blocked(r)
	github.status_checks(r) == {"lint", "test"}
}

test_evaluate_rulesets_do_not_count if {
	r := repo({}, [pr(2), rule("non_fast_forward", null, 7)], [ruleset(7, "evaluate", [])])
	not github.protected(r)
	github.approvals(r) == 0
	not github.force_push_blocked(r)
	github.not_enforcing(r) == [`ruleset "rs7" (id 7) (evaluate)`]
}

test_rules_without_ruleset_detail_count if {
	# branch_rules holds active rules; a missing detail does not make them inactive
	r := repo({}, [pr(1)], null)
	github.protected(r)
	github.approvals(r) == 1
	github.unknown_rulesets(r) == {7}
}

test_metadata_rules_do_not_protect if {
	r := repo({}, [rule("creation", null, 7), rule("commit_message_pattern", {"pattern": "x"}, 7)], [ruleset(7, "active", [])])
	not github.protected(r)
}

test_classic_pull_request_requirement_with_no_reviews_is_not_known if {
	r := repo(object.union(classic_full, {"required_approving_review_count": 0, "require_code_owner_reviews": false}), [], [])
	github.protected(r)
	not github.pull_request_required(r)
}

# The collector's require_pull_request settles it both ways.
test_classic_require_pull_request_fact if {
	zero := {"required_approving_review_count": 0, "require_code_owner_reviews": false}
	github.pull_request_required(repo(object.union(classic_full, object.union(zero, {"require_pull_request": true})), [], []))
	"pull request reviews" in github.classic_aspects(repo(object.union(classic_full, object.union(zero, {"require_pull_request": true})), [], []))
	not github.pull_request_required(repo(object.union(classic_full, {"require_pull_request": false}), [], []))
}

# --- bypass -----------------------------------------------------------------

test_classic_not_enforced_on_admins if {
	r := repo(object.union(classic_full, {"enforce_admins": false}), [], [])
	[g] := github.effective_bypasses(r, [])
	g.key == "classic-admins"
	g.actors == ["repository administrators"]
	g.aspects == {"pull request reviews", "force-push block", "deletion block", "required status checks"}
}

test_ruleset_without_bypass_covers_admin_bypass_of_classic if {
	r := repo(object.union(classic_full, {"enforce_admins": false}), [pr(1), rule("non_fast_forward", null, 7)], [ruleset(7, "active", [])])
	[g] := github.effective_bypasses(r, [])
	g.aspects == {"deletion block", "required status checks"}
}

test_ruleset_bypass_actors_and_break_glass if {
	actors := [
		{"actor_id": 42, "actor_type": "Team", "bypass_mode": "always"},
		{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "pull_request"},
		{"actor_id": 1, "actor_type": "OrganizationAdmin", "bypass_mode": "always"},
	]
	r := repo({}, [pr(1), rule("deletion", null, 7)], [ruleset(7, "active", actors)])
	[g] := github.effective_bypasses(r, [])
	g.key == "ruleset:7"
	g.source == `ruleset "rs7" (id 7)`
	g.actors == ["organization owners (always)", "repository role admin (pull_request)", "team 42 (always)"]
	g.aspects == {"pull request reviews", "deletion block"}
	[h] := github.effective_bypasses(r, ["team:42", "OrganizationAdmin"])
	h.actors == ["repository role admin (pull_request)"]
	count(github.effective_bypasses(r, ["Team:42", "OrganizationAdmin", "RepositoryRole:5"])) == 0
}

test_classic_enforced_covers_ruleset_bypass if {
	actors := [{"actor_id": 42, "actor_type": "Team", "bypass_mode": "always"}]
	r := repo(classic_full, [pr(1)], [ruleset(7, "active", actors)])
	count(github.effective_bypasses(r, [])) == 0
}

test_classic_pull_request_allowances if {
	bp := object.union(classic_full, {"bypass_pull_request_allowances": {"users": ["alice"], "teams": [{"slug": "release"}], "apps": []}})
	[g] := github.effective_bypasses(repo(bp, [], []), [])
	g.key == "classic-pull-request-bypass"
	g.actors == ["team release", "user alice"]
	g.aspects == {"pull request reviews"}
	[h] := github.effective_bypasses(repo(bp, [], []), ["Team:release"])
	h.actors == ["user alice"]
}

test_unknown_ruleset_detail_is_not_bypass_free if {
	r := repo(object.union(classic_full, {"enforce_admins": false}), [pr(1)], [])
	[g] := github.effective_bypasses(r, [])
	"pull request reviews" in g.aspects
}

# --- time -------------------------------------------------------------------

test_age_days if {
	github.age_days("2026-11-20T23:59:59Z") == 0 with time.now_ns as as_of_ns
	github.age_days("2026-11-20T00:00:00Z") == 1 with time.now_ns as as_of_ns
	github.age_days("2025-11-21T12:00:00+02:00") == 364 with time.now_ns as as_of_ns
	not github.age_days("2026-02-30T00:00:00Z")
	not github.age_days("yesterday")
	not github.age_days(null)
	github.date_of("2026-11-20T10:00:00Z") == "2026-11-20"
}

test_names if {
	github.branch(repo({}, [], [])) == "default branch main of acme/api"
	github.name({"owner": "acme", "name": "web"}) == "acme/web"
	github.in_scope({"archived": false})
	not github.in_scope({"archived": true})
}

test_ruleset_without_bypass_list_is_unknown if {
	rs := object.remove(ruleset(7, "active", []), ["bypass_actors"])
	r := repo(object.union(classic_full, {"enforce_admins": false}), [pr(1)], [rs])
	github.unknown_rulesets(r) == {7}
	[g] := github.effective_bypasses(r, [])
	"pull request reviews" in g.aspects
	count(github.unknown_rulesets(repo({}, [pr(1)], [ruleset(7, "active", [])]))) == 0
}
