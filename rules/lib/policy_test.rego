package lib.policy_test

import data.lib.policy

soa := {"known": true, "controls": {"A.8.30": {"applicable": false}, "A.8.5": {"applicable": true}}}

test_excluded_control_is_not_applicable if {
	policy.excluded("A.8.30") with data.ismscheck.soa as soa
	not policy.applicable("A.8.30") with data.ismscheck.soa as soa
}

test_applicable_and_unmentioned_controls_stay_in_force if {
	policy.applicable("A.8.5") with data.ismscheck.soa as soa
	policy.applicable("A.5.1") with data.ismscheck.soa as soa
	policy.applicable("A.5.1") with data.ismscheck.soa as {"known": false, "controls": {}}
}

stated := {"max_access_key_age_days": {"value": 90, "source": "policies/access-control.md"}}

test_param_stated_in_a_policy if {
	src := policy.param_source("max_access_key_age_days") with data.ismscheck.policy as stated
		with input.params as {"max_access_key_age_days": 90}
	src == "policies/access-control.md"
}

test_param_overridden_in_config if {
	src := policy.param_source("max_access_key_age_days") with data.ismscheck.policy as stated
		with input.params as {"max_access_key_age_days": 30}
	src == "ismscheck.yaml"
}

test_param_default if {
	src := policy.param_source("dormant_account_days") with data.ismscheck.policy as stated
		with input.params as {"dormant_account_days": 90}
	src == "default"
}
