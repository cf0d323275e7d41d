package ismscheck.aws11_test

import data.ismscheck.aws11

region(ebs) := {"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "data": {"account_id": "111111111111", "region": "eu-west-1", "ebs_default_encryption": ebs}}

bucket(enc) := {"kind": "aws.s3.bucket", "id": "aws:111111111111:s3:data", "data": {"account_id": "111111111111", "name": "data", "encryption": enc}}

rds(encrypted) := {
	"kind": "aws.rds.instance", "id": "arn:aws:rds:eu-west-1:111111111111:db:orders",
	"data": {"account_id": "111111111111", "region": "eu-west-1", "identifier": "orders", "engine": "postgres", "storage_encrypted": encrypted},
}

run(d) := r if {
	r := aws11.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

msg(d) := m if {
	r := run(d)
	count(r) == 1
	some f in r
	f.grade == "minor"
	m := f.msg
}

test_encrypted_resources_pass if {
	count(run(region(true))) == 0
	count(run(bucket({"configured": true, "algorithm": "aws:kms", "kms_key_id": "k"}))) == 0
	count(run(rds(true))) == 0
}

test_unreadable_facts_are_not_judged if {
	count(run(region(null))) == 0
	count(run(bucket(null))) == 0
}

test_unencrypted_resources_are_minor if {
	msg(region(false)) == "region eu-west-1 of account 111111111111: EBS encryption by default is off, so new volumes can be created unencrypted"
	msg(bucket({"configured": false, "algorithm": null, "kms_key_id": null})) == "bucket data (account 111111111111) has no default encryption"
	msg(rds(false)) == "RDS instance orders (postgres, eu-west-1, account 111111111111) does not encrypt its storage"
}

# The aws.account document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_account_document_is_not_judged if {
	not aws11.applies with input as {"document": {"kind": "aws.account", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws11.applies with input as {"document": {"kind": "aws.region", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
