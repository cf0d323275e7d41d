package ismscheck.aws12_test

import data.ismscheck.aws12

bucket(v) := {"kind": "aws.s3.bucket", "id": "aws:111111111111:s3:data", "data": {"account_id": "111111111111", "name": "data", "denies_insecure_transport": v}}

run(d) := r if {
	r := aws12.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_tls_only_bucket_passes if {
	count(run(bucket(true))) == 0
	count(run(bucket(null))) == 0
}

test_bucket_accepting_plain_http_is_minor if {
	r := run(bucket(false))
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "bucket data (account 111111111111) accepts requests without TLS: its policy does not deny aws:SecureTransport false"
}

# The aws.account document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_account_document_is_not_judged if {
	not aws12.applies with input as {"document": {"kind": "aws.account", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws12.applies with input as {"document": {"kind": "aws.s3.bucket", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
