package ismscheck.gh01_test

import data.ismscheck.gh01

org(v) := {"kind": "github.organization", "id": "github.com/acme", "complete": true, "data": {"login": "acme", "two_factor_requirement_enabled": v}}

test_required_passes if {
	count(gh01.deny) == 0 with input as {"document": org(true)}
}

test_not_required_is_major if {
	r := gh01.deny with input as {"document": org(false)}
	count(r) == 1
	some f in r
	f.grade == "major"
	f.msg == "Organisation acme does not require two-factor authentication (two_factor_requirement_enabled is false)"
}

test_unreadable_gives_no_finding if {
	# null is unreadable: the engine skips the rule for the missing permission
	count(gh01.deny) == 0 with input as {"document": org(null)}
}
