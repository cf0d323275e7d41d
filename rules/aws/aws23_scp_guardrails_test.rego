package ismscheck.aws23_test

import data.ismscheck.aws23

guarded := {
	"denies_leave_organization": true, "denies_cloudtrail_stop_logging": true, "denies_cloudtrail_delete_trail": true,
	"denies_config_stop_recorder": true, "region_allow_list": true, "policies": [],
}

account(master, scps) := {
	"kind": "aws.account", "id": "aws:111111111111", "complete": true,
	"data": {"account_id": "111111111111", "alias": "acme-root",
		"organization": {"id": "o-exampleorgid", "master_account_id": master},
		"service_control_policies": scps},
}

run(d) := r if {
	r := aws23.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

applies(d) if aws23.applies with input as {"document": d, "as_of": "2026-11-21", "params": {}}

test_all_guardrails_pass if {
	applies(account("111111111111", guarded))
	count(run(account("111111111111", guarded))) == 0
}

test_each_missing_guardrail_is_an_observation if {
	r := run(account("111111111111", json.patch(guarded, [
		{"op": "replace", "path": "/denies_config_stop_recorder", "value": false},
		{"op": "replace", "path": "/region_allow_list", "value": false},
	])))
	{f.key | some f in r} == {"config-stop", "region-allow-list"}
	every f in r {
		f.grade == "observation"
	}
	some f in r
	f.key == "config-stop"
	f.msg == "no service control policy attached to the root of organization o-exampleorgid (management account 111111111111 (acme-root)) denies stopping the Config recorder (config:StopConfigurationRecorder)"
}

# A guardrail attached only below the root is still an observation, naming the policy.
test_guardrail_attached_below_the_root_is_named_not_credited if {
	scps := json.patch(guarded, [
		{"op": "replace", "path": "/denies_config_stop_recorder", "value": false},
		{"op": "replace", "path": "/region_allow_list", "value": false},
		{"op": "replace", "path": "/policies", "value": [
			{"id": "p-1", "name": "ProtectConfig", "targets": 2, "attached_to_root": false, "denies": ["config:StopConfigurationRecorder"], "region_allow_list": false},
			{"id": "p-2", "name": "Regions", "targets": 1, "attached_to_root": false, "denies": [], "region_allow_list": true},
			{"id": "p-3", "name": "Draft", "targets": 0, "attached_to_root": false, "denies": ["config:StopConfigurationRecorder"], "region_allow_list": true},
		]},
	])
	r := run(account("111111111111", scps))
	{f.key | some f in r} == {"config-stop", "region-allow-list"}
	some f in r
	f.key == "config-stop"
	f.msg == "no service control policy attached to the root of organization o-exampleorgid (management account 111111111111 (acme-root)) denies stopping the Config recorder (config:StopConfigurationRecorder); ProtectConfig, attached only to some OUs or accounts, is not credited"
	some g in r
	g.key == "region-allow-list"
	endswith(g.msg, "(aws:RequestedRegion); Regions, attached only to some OUs or accounts, is not credited")
}

test_no_guardrail_at_all_gives_five if {
	none := {"denies_leave_organization": false, "denies_cloudtrail_stop_logging": false, "denies_cloudtrail_delete_trail": false,
		"denies_config_stop_recorder": false, "region_allow_list": false, "policies": []}
	count(run(account("111111111111", none))) == 5
}

# Member accounts cannot read SCPs: no claim either way.
test_member_account_is_not_judged if {
	d := json.remove(account("222222222222", guarded), ["/data/service_control_policies"])
	not applies(d)
	not applies(json.patch(account("111111111111", null), [{"op": "replace", "path": "/data/account_id", "value": "222222222222"}]))
}

test_account_outside_an_organization_is_not_judged if {
	d := json.patch(account("111111111111", guarded), [{"op": "replace", "path": "/data/organization", "value": null}])
	not applies(d)
}

# Unread (null, with the error the engine acts on) is never judged.
test_unread_policies_are_not_judged if {
	not applies(account("111111111111", null))
}
