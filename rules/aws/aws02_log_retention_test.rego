package ismscheck.aws02_test

import data.ismscheck.aws02

group(days) := {
	"kind": "aws.logs.log_group", "id": "arn:aws:logs:eu-west-1:111111111111:log-group:/app/api", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "name": "/app/api", "retention_in_days": days, "kms_key_id": null},
}

run(d, params) := r if {
	r := aws02.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

test_long_enough_retention_passes if {
	count(run(group(365), {})) == 0
	count(run(group(3653), {})) == 0
}

test_never_expire_passes if {
	count(run(group(null), {})) == 0
}

test_short_retention_is_minor if {
	r := run(group(30), {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "log group /app/api (eu-west-1) keeps events for 30 days; the logging policy requires 365 (log_retention_days)"
}

test_policy_retention_is_a_param if {
	count(run(group(90), {"log_retention_days": 90})) == 0
	count(run(group(90), {"log_retention_days": 180})) == 1
}

# The aws.region document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_region_document_is_not_judged if {
	not aws02.applies with input as {"document": {"kind": "aws.region", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws02.applies with input as {"document": {"kind": "aws.logs.log_group", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
