package ismscheck.awsiam03_test

import data.ismscheck.awsiam03

admin_arn := "arn:aws:iam::aws:policy/AdministratorAccess"

user(name, attached, devices) := {
	"kind": "aws.iam.user", "id": sprintf("aws:111111111111:user/%s", [name]), "complete": true,
	"data": {
		"account_id": "111111111111", "name": name, "password_enabled": true, "mfa_active": count(devices) > 0,
		"mfa_devices": devices, "attached_policies": attached, "inline_policies": [], "groups": [],
	},
}

run(users, params) := r if {
	r := awsiam03.deny with input as {"documents": {"aws.iam.user": users, "aws.iam.policy": []}, "as_of": "2026-11-21", "params": params}
}

key := {"serial": "arn:aws:iam::111111111111:u2f/user/alice/key", "type": "u2f"}

totp := {"serial": "arn:aws:iam::111111111111:mfa/alice", "type": "virtual"}

test_admin_with_security_key_and_non_admin_pass if {
	count(run([user("alice", [admin_arn], [key, totp]), user("bob", [], [totp])], {})) == 0
}

test_admin_with_totp_only_is_minor if {
	r := run([user("alice", [admin_arn], [totp])], {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.resource == {"kind": "aws.iam.user", "id": "aws:111111111111:user/alice"}
	f.msg == "IAM user alice (account 111111111111) has full administrative access but no phishing-resistant MFA (devices: virtual)"
}

test_accepted_types_and_admin_policies_are_params if {
	count(run([user("alice", [admin_arn], [{"serial": "GAKT1", "type": "hardware"}])], {"phishing_resistant_mfa_types": ["u2f", "hardware"]})) == 0
	some f in run([user("ops", ["arn:aws:iam::111111111111:policy/Ops"], [])], {"admin_policy_arns": ["arn:aws:iam::111111111111:policy/Ops"]})
	contains(f.msg, "(devices: none)")
}

test_unknown_devices_are_not_judged if {
	u := json.patch(user("alice", [admin_arn], []), [{"op": "replace", "path": "/data/mfa_devices", "value": null}])
	count(run([u], {})) == 0
}
