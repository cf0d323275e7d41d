package ismscheck.awsiam02_test

import data.ismscheck.awsiam02

account := {"kind": "aws.account", "id": "aws:111111111111", "complete": true, "data": {"account_id": "111111111111", "alias": "prod"}}

user(name, password) := {"kind": "aws.iam.user", "id": sprintf("aws:111111111111:user/%s", [name]), "complete": true, "data": {"account_id": "111111111111", "name": name, "password_enabled": password}}

run(users, params) := r if {
	r := awsiam02.deny with input as {"documents": {"aws.account": [account], "aws.iam.user": users}, "as_of": "2026-11-21", "params": params}
}

test_no_console_users_passes if {
	count(run([user("ci", false)], {})) == 0
	count(run([], {})) == 0
}

test_console_users_are_one_minor_finding_per_account if {
	r := run([user("bob", true), user("alice", true), user("ci", false)], {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.resource == {"kind": "aws.account", "id": "aws:111111111111"}
	f.msg == "account 111111111111 (prod): 2 IAM users have a console password instead of signing in through the identity provider: alice, bob"
}

test_break_glass_user_is_allowed if {
	count(run([user("breakglass", true)], {"break_glass_users": ["breakglass"]})) == 0
	some f in run([user("breakglass", true), user("bob", true)], {"break_glass_users": ["breakglass"]})
	contains(f.msg, "1 IAM user has a console password")
}
