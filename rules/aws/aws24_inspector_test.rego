package ismscheck.aws24_test

import data.ismscheck.aws24

region(status) := {
	"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "inspector2": status},
}

run(d) := r if {
	r := aws24.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

applies(d) if {
	aws24.applies with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_ec2_and_ecr_enabled_pass if {
	count(run(region({"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "DISABLED"}))) == 0
	applies(region({"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "DISABLED"}))
}

test_disabled_ecr_is_minor if {
	r := run(region({"ec2": "ENABLED", "ecr": "DISABLED", "lambda": "ENABLED"}))
	count(r) == 1
	some f in r
	f.key == "ecr-not-enabled"
	f.grade == "minor"
	f.msg == "region eu-west-1 of account 111111111111: Inspector v2 scanning of ECR container images is DISABLED, not ENABLED"
}

test_each_scan_type_is_judged if {
	r := run(region({"ec2": "SUSPENDED", "ecr": "ENABLING"}))
	{f.key | some f in r} == {"ec2-not-enabled", "ecr-not-enabled"}
}

# The collector makes a missing status an unread fact (the engine then errors the rule);
# evidence that still carries one without an error is not credited as ENABLED.
test_unreported_status_is_not_enabled if {
	r := run(region({"ec2": null, "ecr": "ENABLED"}))
	count(r) == 1
	some f in r
	f.key == "ec2-not-enabled"
	f.msg == "region eu-west-1 of account 111111111111: Inspector v2 scanning of EC2 instances is not reported, not ENABLED"
	{f.key | some f in run(region({"ec2": "ENABLED"}))} == {"ecr-not-enabled"}
	{f.key | some f in run(region({"ec2": true, "ecr": {}}))} == {"ec2-not-enabled", "ecr-not-enabled"}
}

test_unread_fact_does_not_apply if {
	not applies(region(null))
}
