package ismscheck.awsiam03_test

import data.ismscheck.awsiam03

user(name, groups, password, mfa, fido) := {
	"kind": "aws.iam.user", "id": sprintf("aws:111111111111:user/%s", [name]), "complete": true,
	"data": {
		"account_id": "111111111111", "name": name, "attached_policies": [], "groups": groups,
		"password_enabled": password, "mfa_active": mfa, "mfa_phishing_resistant": fido,
	},
}

admins_group := {
	"kind": "aws.iam.policy", "id": "aws:111111111111:arn:aws:iam::aws:policy/AdministratorAccess", "complete": true,
	"data": {"account_id": "111111111111", "arn": "arn:aws:iam::aws:policy/AdministratorAccess", "type": "aws", "document": null, "attached_to": {"users": [], "groups": ["Admins"], "roles": []}},
}

custom_admin := {
	"kind": "aws.iam.policy", "id": "aws:111111111111:arn:aws:iam::111111111111:policy/Ops", "complete": true,
	"data": {"account_id": "111111111111", "arn": "arn:aws:iam::111111111111:policy/Ops", "type": "customer", "document": {"Statement": [{"Effect": "Allow", "Action": ["ec2:*"], "Resource": ["*"]}]}, "attached_to": {"users": [], "groups": ["Ops"], "roles": []}},
}

run(users, params) := r if {
	r := awsiam03.deny with input as {"documents": {"aws.iam.user": users, "aws.iam.policy": [admins_group, custom_admin]}, "as_of": "2026-11-21", "params": params}
}

test_admin_with_fido_keys_only_passes if {
	count(run([user("alice", ["Admins"], true, true, true)], {})) == 0
}

test_admin_with_authenticator_app_is_minor if {
	r := run([user("bob", ["Admins"], true, true, false)], {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.resource == {"kind": "aws.iam.user", "id": "aws:111111111111:user/bob"}
	contains(f.msg, "not a FIDO security key")
}

test_admin_without_mfa_says_so if {
	some f in run([user("carol", ["Admins"], true, false, false)], {})
	contains(f.msg, "without any MFA device")
}

test_non_admins_and_keys_only_admins_are_not_judged if {
	count(run([user("dave", ["Devs"], true, true, false), user("ci", ["Admins"], false, false, false)], {})) == 0
}

test_unreadable_device_type_is_never_a_failure if {
	# null: the engine skips or errors the user through the document's error, never passes it here
	count(run([user("erin", ["Admins"], true, true, null)], {})) == 0
}

test_admin_policy_arns_extend_the_admins if {
	users := [user("frank", ["Ops"], true, true, false)]
	count(run(users, {})) == 0
	count(run(users, {"admin_policy_arns": ["arn:aws:iam::111111111111:policy/Ops"]})) == 1
}
