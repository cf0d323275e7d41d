package ismscheck.aws17_test

import data.ismscheck.aws17

instance(state, managed) := {
	"kind": "aws.ec2.instance", "id": "aws:111111111111:eu-west-1:i-0abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "instance_id": "i-0abc", "state": state,
		"tags": {"Name": "web"}, "ssm_managed": managed, "patch_status": "NON_COMPLIANT"},
}

run(d) := r if {
	r := aws17.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

# Patch compliance is AWS-21's: a managed instance passes here whatever its patches.
test_managed_instance_passes if {
	count(run(instance("running", true))) == 0
}

test_unmanaged_running_instance_is_minor if {
	r := run(instance("running", false))
	count(r) == 1
	some f in r
	f.key == "not-managed"
	f.grade == "minor"
	f.msg == "running instance i-0abc (web) (eu-west-1, account 111111111111) is not managed by Systems Manager: it is neither inventoried nor patched centrally"
}

test_unnamed_instance_has_no_name_text if {
	d := json.patch(instance("running", false), [{"op": "replace", "path": "/data/tags", "value": {}}])
	some f in run(d)
	f.msg == "running instance i-0abc (eu-west-1, account 111111111111) is not managed by Systems Manager: it is neither inventoried nor patched centrally"
}

test_stopped_instances_are_not_judged if {
	count(run(instance("stopped", false))) == 0
}

# An unread fact (null, with the SSM error the engine acts on) is never judged.
test_unread_fact_is_not_judged if {
	count(run(instance("running", null))) == 0
}

test_region_document_is_not_judged if {
	not aws17.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
