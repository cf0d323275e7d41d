package ismscheck.awsiam01_test

import data.ismscheck.awsiam01

account(pp) := {"kind": "aws.account", "id": "aws:111111111111", "complete": true, "data": {"account_id": "111111111111", "alias": null, "password_policy": pp}}

good := {
	"minimum_password_length": 14, "require_symbols": true, "require_numbers": true, "require_uppercase": true,
	"require_lowercase": true, "max_password_age": null, "password_reuse_prevention": 24, "allow_users_to_change": true,
}

run(pp, params) := r if {
	r := awsiam01.deny with input as {"document": account(pp), "as_of": "2026-11-21", "params": params}
}

test_policy_meeting_the_standard_passes if {
	count(run(good, {})) == 0
	count(run(null, {})) == 0
}

test_no_policy_is_observation if {
	r := run({}, {})
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "account 111111111111 has no IAM password policy: AWS's default allows 8-character passwords; the authentication policy requires 14 (password_min_length)"
}

test_short_minimum_and_reuse_are_observations if {
	r := run(object.union(good, {"minimum_password_length": 8, "password_reuse_prevention": null}), {})
	{f.key | some f in r} == {"length", "reuse"}
	some f in r
	f.msg == "account 111111111111: the IAM password policy allows 8-character passwords; the authentication policy requires 14 (password_min_length)"
	count(run(object.union(good, {"minimum_password_length": 12}), {"password_min_length": 12})) == 0
}
