package ismscheck.gh04_test

import data.ismscheck.gh04

members(owners) := {"kind": "github.members", "id": "github.com/acme/members", "complete": true, "data": {
	"org": "acme", "owners": owners, "outside_collaborators": [],
	"members": [{"login": o, "role": "admin"} | some o in owners],
}}

run(owners, params) := r if {
	r := gh04.deny with input as {"document": members(owners), "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_two_or_three_owners_pass if {
	count(run(["alice", "bob"], {})) == 0
	count(run(["alice", "bob", "carol"], {})) == 0
}

test_one_owner_is_minor if {
	f := only(run(["alice"], {}))
	f.grade == "minor"
	f.key == "too-few"
	f.msg == "Organisation acme has 1 owner (alice); policy requires at least 2 (min_owners)"
}

test_no_owner_is_minor if {
	f := only(run([], {}))
	f.key == "none"
}

test_too_many_owners_are_minor if {
	f := only(run(["e", "d", "c", "b", "a"], {}))
	f.grade == "minor"
	f.key == "too-many"
	f.msg == "Organisation acme has 5 owners (a, b, c, d, e); policy allows at most 3 (max_owners)"
}

test_limits_are_the_organisations if {
	count(run(["e", "d", "c", "b", "a"], {"max_owners": 5})) == 0
	count(run(["alice"], {"min_owners": 1})) == 0
	count(run([], {"min_owners": 0})) == 0
}
