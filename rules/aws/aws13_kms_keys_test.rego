package ismscheck.aws13_test

import data.ismscheck.aws13

key(overrides) := {
	"kind": "aws.kms.key", "id": "arn:aws:kms:eu-west-1:111111111111:key/k1", "complete": true,
	"data": object.union(
		{
			"account_id": "111111111111", "region": "eu-west-1", "key_id": "k1", "key_state": "Enabled", "key_manager": "CUSTOMER",
			"key_spec": "SYMMETRIC_DEFAULT", "rotation_enabled": true, "deletion_date": null, "tags": {},
		},
		overrides,
	),
}

run(d, params) := r if {
	r := aws13.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_rotating_key_passes if {
	count(run(key({}), {})) == 0
}

test_key_without_rotation_is_minor if {
	f := only(run(key({"rotation_enabled": false}), {}))
	f.key == "rotation"
	f.msg == "KMS key k1 (eu-west-1, account 111111111111) does not rotate automatically"
}

test_asymmetric_and_unknown_rotation_are_not_judged if {
	count(run(key({"rotation_enabled": false, "key_spec": "RSA_2048"}), {})) == 0
	count(run(key({"rotation_enabled": null}), {})) == 0
}

test_deletion_without_change_record_is_minor if {
	f := only(run(key({"key_state": "PendingDeletion", "deletion_date": "2026-12-01T00:00:00Z", "rotation_enabled": false}), {}))
	f.key == "pending-deletion"
	f.grade == "minor"
	f.msg == "KMS key k1 (eu-west-1, account 111111111111) is scheduled for deletion on 2026-12-01 and carries no change record tag (change, change-record, change_record, ticket)"
}

test_deletion_with_change_record_passes if {
	count(run(key({"key_state": "PendingDeletion", "deletion_date": "2026-12-01T00:00:00Z", "tags": {"Change": "CHG-42"}}), {})) == 0
	count(run(key({"key_state": "PendingDeletion", "tags": {"rfc": "CHG-42"}}), {"change_record_tags": ["rfc"]})) == 0
}

# The aws.region document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_region_document_is_not_judged if {
	not aws13.applies with input as {"document": {"kind": "aws.region", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws13.applies with input as {"document": {"kind": "aws.kms.key", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
