package ismscheck.aws05_test

import data.ismscheck.aws05

# 2026-11-21
as_of_ns := 1795219200000000000

good_root := {
	"mfa_active": true, "hardware_mfa": true, "access_key_1_active": false, "access_key_2_active": false,
	"password_last_used": "2025-01-10T09:00:00Z", "access_key_1_last_used": null, "access_key_2_last_used": null,
}

account(root) := {
	"kind": "aws.account", "id": "aws:111111111111", "complete": true,
	"data": {"account_id": "111111111111", "alias": "acme-prod", "root": root},
}

run(root, params) := r if {
	r := aws05.deny with input as {"document": account(root), "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

keys(root) := {f.key: f.grade | some f in run(root, {})}

test_locked_away_root_passes if {
	count(run(good_root, {})) == 0
}

test_root_without_mfa_is_major if {
	r := run(object.union(good_root, {"mfa_active": false, "hardware_mfa": false}), {})
	count(r) == 1
	some f in r
	f.grade == "major"
	f.msg == "account 111111111111 (acme-prod): the root user has no MFA"
}

test_virtual_mfa_is_minor if {
	keys(object.union(good_root, {"hardware_mfa": false})) == {"virtual-mfa": "minor"}
}

test_unknown_hardware_mfa_is_not_judged if {
	count(run(object.union(good_root, {"hardware_mfa": null}), {})) == 0
}

test_root_access_keys_are_major if {
	r := run(object.union(good_root, {"access_key_1_active": true, "access_key_2_active": true, "access_key_2_last_used": "2026-10-01T00:00:00Z"}), {})
	{f.key: f.msg | some f in r} == {
		"access-key-1": "account 111111111111 (acme-prod): the root user has an active access key (key 1), never used",
		"access-key-2": "account 111111111111 (acme-prod): the root user has an active access key (key 2), last used 2026-10-01",
	}
}

test_recent_root_sign_in_is_minor if {
	r := run(object.union(good_root, {"password_last_used": "2026-11-11T12:00:00Z"}), {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "account 111111111111 (acme-prod): the root user signed in on 2026-11-11 (10 days ago); root is for break-glass tasks only (root_use_days 30)"
	count(run(object.union(good_root, {"password_last_used": "2026-11-11T12:00:00Z"}), {"root_use_days": 7})) == 0
}
