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

with_enterprise(policies) := object.union(org(false, false), {"data": {"enterprise": "acme-corp", "enterprise_policies": policies}})

test_enterprise_enabled_is_minor_no_policy_is_observation if {
	r := gh05.deny with input as {"document": with_enterprise({
		"members_can_delete_repositories": "enabled",
		"members_can_change_repository_visibility": "no_policy",
		"members_can_create_repositories": "all",
	})}
	{[f.key, f.grade] | some f in r} == {
		["members_can_delete_repositories", "minor"],
		["members_can_change_repository_visibility", "observation"],
	}
	some f in r
	f.key == "members_can_delete_repositories"
	f.msg == "Organisation acme: enterprise acme-corp allows repository admins to delete or transfer repositories (policy members_can_delete_repositories is enabled); only organisation owners should"
}

test_enterprise_disabled_passes if {
	count(gh05.deny) == 0 with input as {"document": with_enterprise({
		"members_can_delete_repositories": "disabled",
		"members_can_change_repository_visibility": "disabled",
		"members_can_create_repositories": "disabled",
	})}
}

test_no_enterprise_says_nothing_about_those_parts if {
	count(gh05.deny) == 0 with input as {"document": object.union(org(false, false), {"data": {"enterprise": null, "enterprise_policies": null}})}
}

test_organisation_findings_stand_beside_enterprise_ones if {
	d := object.union(org(true, false), {"data": {"enterprise": "acme-corp", "enterprise_policies": {"members_can_delete_repositories": "enabled", "members_can_change_repository_visibility": "disabled"}}})
	r := gh05.deny with input as {"document": d}
	{f.key | some f in r} == {"members_can_create_public_repositories", "members_can_delete_repositories"}
}

# A value GH-05 does not know (a new GitHub setting value, or none at all) is a gap, never a pass.
test_enterprise_unknown_or_missing_value_is_a_gap if {
	r := gh05.deny with input as {"document": with_enterprise({
		"members_can_delete_repositories": "enabled_for_admins",
		"members_can_create_repositories": "all",
	})}
	{[f.key, f.grade] | some f in r} == {
		["members_can_delete_repositories", "minor"],
		["members_can_change_repository_visibility", "minor"],
	}
	some f in r
	f.key == "members_can_delete_repositories"
	f.msg == "Organisation acme: enterprise acme-corp reports members_can_delete_repositories as \"enabled_for_admins\", not enabled, disabled or no_policy; whether repository admins may delete or transfer repositories cannot be evidenced"
	some g in r
	g.key == "members_can_change_repository_visibility"
	contains(g.msg, "as null,")
}
