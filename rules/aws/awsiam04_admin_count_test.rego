package ismscheck.awsiam04_test

import data.ismscheck.awsiam04

account := {"kind": "aws.account", "id": "aws:111111111111", "complete": true, "data": {"account_id": "111111111111", "alias": null}}

user(name, groups) := {
	"kind": "aws.iam.user", "id": sprintf("aws:111111111111:user/%s", [name]), "complete": true,
	"data": {"account_id": "111111111111", "name": name, "attached_policies": [], "groups": groups},
}

admins_group := {
	"kind": "aws.iam.policy", "id": "aws:111111111111:arn:aws:iam::aws:policy/AdministratorAccess", "complete": true,
	"data": {"account_id": "111111111111", "arn": "arn:aws:iam::aws:policy/AdministratorAccess", "type": "aws", "document": null, "attached_to": {"users": [], "groups": ["Admins"], "roles": []}},
}

run(users, params) := r if {
	r := awsiam04.deny with input as {"documents": {"aws.account": [account], "aws.iam.user": users, "aws.iam.policy": [admins_group]}, "as_of": "2026-11-21", "params": params}
}

test_two_admins_pass if {
	count(run([user("alice", ["Admins"]), user("bob", ["Admins"]), user("carol", ["Devs"])], {})) == 0
}

test_too_many_admins_is_minor if {
	users := [user("dave", ["Admins"]), user("alice", ["Admins"]), user("bob", ["Admins"])]
	r := run(users, {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.resource == {"kind": "aws.account", "id": "aws:111111111111"}
	f.msg == "account 111111111111: 3 IAM users have full administrative access (alice, bob, dave); the access control policy allows 2 (max_admin_users)"
	count(run(users, {"max_admin_users": 3})) == 0
}
