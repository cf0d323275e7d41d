package ismscheck.aws07_test

import data.ismscheck.aws07

# 2026-11-21
as_of_ns := 1795219200000000000

key(suffix, rotated, used) := {"id_suffix": suffix, "active": true, "last_rotated": rotated, "last_used": used, "last_used_service": "s3"}

user(overrides) := {
	"kind": "aws.iam.user", "id": "aws:111111111111:user/alice", "complete": true,
	"data": object.union(
		{
			"account_id": "111111111111", "name": "alice", "created_at": "2024-01-01T00:00:00Z",
			"password_enabled": true, "password_last_used": "2026-11-20T08:00:00Z", "password_last_changed": "2026-06-01T00:00:00Z",
			"mfa_active": true, "access_keys": [key("ABCD", "2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z")],
		},
		overrides,
	),
}

run(d, params) := r if {
	r := aws07.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_used_password_and_fresh_key_pass if {
	count(run(user({}), {})) == 0
}

test_old_key_is_minor if {
	f := only(run(user({"access_keys": [key("ABCD", "2026-04-23T10:00:00Z", "2026-11-20T00:00:00Z")]}), {}))
	f.key == "key-age:ABCD"
	f.grade == "minor"
	f.msg == "access key …ABCD of IAM user alice (account 111111111111) was last rotated 212 days ago (2026-04-23); policy allows 90 (max_access_key_age_days)"
}

test_key_age_limit_is_the_policys if {
	d := user({"access_keys": [key("ABCD", "2026-04-23T10:00:00Z", "2026-11-20T00:00:00Z")]})
	count(run(d, {"max_access_key_age_days": 365})) == 0
}

test_key_near_rotation_is_observation if {
	f := only(run(user({"access_keys": [key("ABCD", "2026-08-25T00:00:00Z", "2026-11-20T00:00:00Z")]}), {}))
	f.key == "key-age:ABCD"
	f.grade == "observation"
	f.msg == "access key …ABCD of IAM user alice (account 111111111111) is 88 days old (2026-08-25) and must be rotated within 2 days (max_access_key_age_days 90)"
}

test_inactive_keys_are_ignored if {
	k := object.union(key("ABCD", "2020-01-01T00:00:00Z", null), {"active": false})
	count(run(user({"access_keys": [k]}), {})) == 0
}

test_unused_key_is_minor if {
	r := run(user({"access_keys": [key("WXYZ", "2026-10-01T00:00:00Z", null), key("ABCD", "2026-10-01T00:00:00Z", "2026-06-01T00:00:00Z")]}), {})
	{f.key | some f in r} == {"key-unused:ABCD"}
	some f in r
	f.msg == "access key …ABCD of IAM user alice (account 111111111111) is unused: last used 2026-06-01 (173 days ago); policy allows 90 (dormant_account_days)"
}

test_never_used_key_counts_from_creation if {
	r := run(user({"access_keys": [key("WXYZ", "2026-07-01T00:00:00Z", null)]}), {"max_access_key_age_days": 365})
	f := only(r)
	f.key == "key-unused:WXYZ"
	f.msg == "access key …WXYZ of IAM user alice (account 111111111111) is unused: never used; created 2026-07-01 (143 days ago); policy allows 90 (dormant_account_days)"
}

test_unused_password_is_minor if {
	f := only(run(user({"password_last_used": "2026-05-01T00:00:00Z"}), {}))
	f.key == "password-unused"
	f.msg == "console password of IAM user alice (account 111111111111) is unused: last used 2026-05-01 (204 days ago); policy allows 90 (dormant_account_days)"
	count(run(user({"password_last_used": "2026-05-01T00:00:00Z"}), {"dormant_account_days": 365})) == 0
}

test_never_used_password_counts_from_when_it_was_set if {
	f := only(run(user({"password_last_used": null, "password_last_changed": null}), {}))
	f.msg == "console password of IAM user alice (account 111111111111) is unused: never used; set 2024-01-01 (1055 days ago); policy allows 90 (dormant_account_days)"
	count(run(user({"password_last_used": null, "password_last_changed": "2026-11-01T00:00:00Z"}), {})) == 0
}

test_no_password_no_password_finding if {
	count(run(user({"password_enabled": false, "password_last_used": null}), {})) == 0
}

test_keys_without_ids_are_named_by_position if {
	k1 := object.union(key("ABCD", "2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z"), {"id_suffix": null})
	k2 := object.union(key("ABCD", "2026-04-23T00:00:00Z", "2026-11-20T00:00:00Z"), {"id_suffix": null})
	f := only(run(user({"access_keys": [k1, k2]}), {}))
	f.key == "key-age:2"
	f.msg == "access key 2 of IAM user alice (account 111111111111) was last rotated 212 days ago (2026-04-23); policy allows 90 (max_access_key_age_days)"
}

test_keys_without_ids_are_named_by_slot if {
	# only the report's second key exists: it is "access key 2", not the first in the list
	k2 := object.union(key("ABCD", "2026-04-23T00:00:00Z", "2026-11-20T00:00:00Z"), {"id_suffix": null, "slot": 2})
	f := only(run(user({"access_keys": [k2]}), {}))
	f.key == "key-age:2"
	startswith(f.msg, "access key 2 of IAM user alice")
}
