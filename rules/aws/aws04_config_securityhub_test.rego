package ismscheck.aws04_test

import data.ismscheck.aws04

recorder := {"name": "default", "all_supported": true, "include_global_resource_types": true, "recording": true, "last_status": "SUCCESS"}

hub := {"enabled": true, "standards": [{"arn": "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0", "status": "READY"}]}

region(recorders, sh) := {
	"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "config_recorders": recorders, "securityhub": sh},
}

run(d) := r if {
	r := aws04.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

keys(d) := {f.key: f.grade | some f in run(d)}

test_recording_and_hub_with_standard_passes if {
	count(run(region([recorder], hub))) == 0
}

test_unreadable_facts_are_not_judged if {
	count(run(region(null, null))) == 0
}

test_no_recorder_and_no_hub_are_minor if {
	keys(region([], {"enabled": false, "standards": []})) == {"no-recorder": "minor", "no-securityhub": "minor"}
	some f in run(region([], hub))
	f.msg == "region eu-west-1 of account 111111111111 has no AWS Config recorder: configuration changes are not recorded"
}

test_stopped_recorder_is_minor if {
	keys(region([object.union(recorder, {"recording": false, "last_status": "FAILURE"})], hub)) == {"not-recording": "minor"}
}

test_partial_recording_is_observation if {
	keys(region([object.union(recorder, {"all_supported": false})], hub)) == {"partial-recording": "observation"}
}

test_hub_without_ready_standard_is_minor if {
	keys(region([recorder], {"enabled": true, "standards": []})) == {"no-standard": "minor"}
	f := [f | some f in run(region([recorder], {"enabled": true, "standards": [{"arn": "cis", "status": "FAILED"}]}))][0]
	f.msg == "region eu-west-1 of account 111111111111: Security Hub is enabled but no security standard is ready (standards: cis FAILED)"
}
