package ismscheck.aws21_test

import data.ismscheck.aws21

instance(state, patches) := {
	"kind": "aws.ec2.instance", "id": "aws:111111111111:eu-west-1:i-0abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "instance_id": "i-0abc", "state": state,
		"tags": {"Name": "web"}, "ssm_managed": false, "patch_status": patches},
}

run(d) := r if {
	r := aws21.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

# Whether SSM manages the instance is AWS-17's: only the patch status is judged here.
test_compliant_or_never_scanned_instance_passes if {
	count(run(instance("running", "COMPLIANT"))) == 0
	count(run(instance("running", "UNKNOWN"))) == 0
}

test_non_compliant_patches_are_minor if {
	r := run(instance("running", "NON_COMPLIANT"))
	count(r) == 1
	some f in r
	f.key == "patches"
	f.grade == "minor"
	f.msg == "running instance i-0abc (web) (eu-west-1, account 111111111111) is NON_COMPLIANT with its patch baseline"
}

test_stopped_instances_are_not_judged if {
	count(run(instance("stopped", "NON_COMPLIANT"))) == 0
}

test_unread_fact_is_not_judged if {
	count(run(instance("running", null))) == 0
}

test_region_document_is_not_judged if {
	not aws21.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
