package ismscheck.aws06_test

import data.ismscheck.aws06

user(password, mfa) := {
	"kind": "aws.iam.user", "id": "aws:111111111111:user/alice", "complete": true,
	"data": {"account_id": "111111111111", "name": "alice", "password_enabled": password, "mfa_active": mfa},
}

run(d, params) := r if {
	r := aws06.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

test_console_user_with_mfa_passes if {
	count(run(user(true, true), {})) == 0
}

test_user_without_password_needs_no_mfa if {
	count(run(user(false, false), {})) == 0
}

test_console_user_without_mfa_is_minor if {
	r := run(user(true, false), {"mfa_required": true})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "IAM user alice (account 111111111111) can sign in to the console with a password but has no MFA device"
}

test_policy_without_mfa_requirement_is_not_applied if {
	not aws06.applies with input as {"document": user(true, false), "params": {"mfa_required": false}}
	aws06.applies with input as {"document": user(true, false), "params": {}}
}
