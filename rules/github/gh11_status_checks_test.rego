package ismscheck.gh11_test

import data.ismscheck.gh11

checks_rule(names) := {"type": "required_status_checks", "ruleset_id": 7, "ruleset_source_type": "Repository", "ruleset_source": "acme/api", "parameters": {
	"strict_required_status_checks_policy": true,
	"required_status_checks": [{"context": n} | some n in names],
}}

code_scanning := {"type": "code_scanning", "ruleset_id": 7, "ruleset_source_type": "Repository", "ruleset_source": "acme/api", "parameters": {
	"code_scanning_tools": [{"tool": "CodeQL", "alerts_threshold": "errors", "security_alerts_threshold": "high_or_higher"}],
}}

ruleset := {"id": 7, "name": "main", "target": "branch", "enforcement": "active", "source_type": "Repository", "source": "acme/api", "conditions": {}, "bypass_actors": [], "rules": []}

repo(bp, rules) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "default_branch": "main", "archived": false,
	"critical": false, "branch_protection": bp, "branch_rules": rules, "rulesets": [ruleset],
}}

classic(contexts) := {"required_status_checks": contexts, "enforce_admins": true, "allow_force_pushes": false, "allow_deletions": false}

run(d, params) := r if {
	r := gh11.deny with input as {"document": d, "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_build_and_codeql_pass if {
	count(run(repo(classic(["build", "CodeQL"]), []), {})) == 0
	count(run(repo({}, [checks_rule(["test", "Analyze (go)"])]), {})) == 0
}

test_code_scanning_rule_counts_as_sast if {
	count(run(repo(classic(["build"]), [code_scanning]), {})) == 0
}

test_no_checks_is_minor if {
	f := only(run(repo({}, []), {}))
	f.key == "no-checks"
	f.grade == "minor"
	f.msg == "default branch main of acme/api requires no status checks before merging: no build, test or static analysis result gates the change"
}

test_no_sast_is_minor if {
	f := only(run(repo(classic(["test", "build"]), []), {}))
	f.key == "no-sast"
	f.msg == "default branch main of acme/api requires 2 status checks (build, test) but no static analysis: no required check matches sast_checks and no active ruleset requires code scanning results"
}

test_only_sast_is_minor if {
	f := only(run(repo({}, [code_scanning]), {}))
	f.key == "no-build"
	f.msg == "default branch main of acme/api requires only static analysis (CodeQL): no build or test check is required"
}

test_sast_names_are_the_organisations if {
	count(run(repo(classic(["build", "security-lint"]), []), {"sast_checks": ["security-lint"]})) == 0
	f := only(run(repo(classic(["build", "CodeQL"]), []), {"sast_checks": ["security-lint"]}))
	f.key == "no-sast"
}
