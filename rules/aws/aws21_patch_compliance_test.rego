package ismscheck.aws21_test

import data.ismscheck.aws21

instance(state, patches) := managed_instance(state, true, patches)

managed_instance(state, managed, patches) := {
	"kind": "aws.ec2.instance", "id": "aws:111111111111:eu-west-1:i-0abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "instance_id": "i-0abc", "state": state,
		"tags": {"Name": "web"}, "ssm_managed": managed, "patch_status": patches},
}

run(d) := r if {
	r := aws21.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_compliant_instance_passes if {
	count(run(instance("running", "COMPLIANT"))) == 0
}

# A managed instance never scanned shows nothing patched: an observation, not a pass.
test_managed_instance_without_patch_compliance_is_an_observation if {
	r := run(instance("running", "UNKNOWN"))
	count(r) == 1
	some f in r
	f.key == "no-patch-scan"
	f.grade == "observation"
	f.msg == "running instance i-0abc (web) (eu-west-1, account 111111111111) is managed by Systems Manager but has no patch compliance recorded (status UNKNOWN)"
}

test_any_status_but_compliant_or_non_compliant_is_not_recorded if {
	every status in ["UNKNOWN", "", "INSUFFICIENT_DATA"] {
		{f.key | some f in run(instance("running", status))} == {"no-patch-scan"}
	}
	missing := json.remove(instance("running", "COMPLIANT"), ["/data/patch_status"])
	some f in run(missing)
	f.key == "no-patch-scan"
	contains(f.msg, "(no status)")
}

# Whether SSM manages the instance is AWS-17's: an unmanaged (or unread) one is not judged here.
test_unmanaged_instance_is_left_to_aws17 if {
	count(run(managed_instance("running", false, "UNKNOWN"))) == 0
	count(run(managed_instance("running", null, "UNKNOWN"))) == 0
}

test_stopped_instance_without_patch_compliance_is_not_judged if {
	count(run(instance("stopped", "UNKNOWN"))) == 0
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
