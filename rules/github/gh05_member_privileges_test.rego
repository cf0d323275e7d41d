package ismscheck.gh05_test

import data.ismscheck.gh05

org(public, fork) := {"kind": "github.organization", "id": "github.com/acme", "complete": true, "data": {
	"login": "acme", "members_can_create_public_repositories": public,
	"members_can_create_private_repositories": true, "members_can_fork_private_repositories": fork,
}}

test_restricted_passes if {
	count(gh05.deny) == 0 with input as {"document": org(false, false)}
}

test_each_setting_is_its_own_minor_finding if {
	r := gh05.deny with input as {"document": org(true, true)}
	count(r) == 2
	{f.key | some f in r} == {"members_can_create_public_repositories", "members_can_fork_private_repositories"}
	every f in r {
		f.grade == "minor"
	}
	some f in r
	f.msg == "Organisation acme: members can create public repositories (members_can_create_public_repositories is true); only administrators should"
}

test_forking_alone if {
	r := gh05.deny with input as {"document": org(false, true)}
	[f] := [f | some f in r]
	f.key == "members_can_fork_private_repositories"
}
