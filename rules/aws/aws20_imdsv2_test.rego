package ismscheck.aws20_test

import data.ismscheck.aws20

instance(state, tokens, endpoint) := {
	"kind": "aws.ec2.instance", "id": "aws:111111111111:eu-west-1:i-0abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "instance_id": "i-0abc", "state": state, "http_tokens": tokens, "http_endpoint": endpoint},
}

run(d) := r if {
	r := aws20.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_imdsv2_required_passes if {
	count(run(instance("running", "required", "enabled"))) == 0
}

test_metadata_endpoint_disabled_passes if {
	count(run(instance("running", "optional", "disabled"))) == 0
}

test_imdsv1_on_running_instance_is_observation if {
	r := run(instance("running", "optional", "enabled"))
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "running instance i-0abc (eu-west-1, account 111111111111) accepts IMDSv1: its metadata options do not require session tokens"
}

test_stopped_or_unknown_is_not_judged if {
	count(run(instance("stopped", "optional", "enabled"))) == 0
	count(run(instance("running", null, null))) == 0
}

test_region_document_is_not_judged if {
	not aws20.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
