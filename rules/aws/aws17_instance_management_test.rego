package ismscheck.aws17_test

import data.ismscheck.aws17

instance(state, managed, patches) := {
	"kind": "aws.ec2.instance", "id": "aws:111111111111:eu-west-1:i-0abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "instance_id": "i-0abc", "state": state,
		"tags": {"Name": "web"}, "ssm_managed": managed, "patch_status": patches},
}

run(d) := r if {
	r := aws17.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_managed_compliant_instance_passes if {
	count(run(instance("running", true, "COMPLIANT"))) == 0
	count(run(instance("running", true, "UNKNOWN"))) == 0
}

test_unmanaged_running_instance_is_minor if {
	r := run(instance("running", false, "UNKNOWN"))
	count(r) == 1
	some f in r
	f.key == "not-managed"
	f.grade == "minor"
	f.msg == "running instance i-0abc (web) (eu-west-1, account 111111111111) is not managed by Systems Manager: it is neither inventoried nor patched centrally"
}

test_non_compliant_patches_are_minor if {
	r := run(instance("running", true, "NON_COMPLIANT"))
	count(r) == 1
	some f in r
	f.key == "patches"
	f.msg == "running instance i-0abc (web) (eu-west-1, account 111111111111) is NON_COMPLIANT with its patch baseline"
}

test_stopped_instances_are_not_judged if {
	count(run(instance("stopped", false, "NON_COMPLIANT"))) == 0
}

# Unread facts (null, with the SSM error the engine acts on) are never judged.
test_unread_facts_are_not_judged if {
	count(run(instance("running", null, null))) == 0
}

test_region_document_is_not_judged if {
	not aws17.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
