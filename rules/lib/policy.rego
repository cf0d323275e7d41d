# The organisation's own policy, for any rule: whether its Statement of Applicability
# keeps a control in force, and where a parameter's value came from.
#
# Parameters reach rules already resolved in input.params, in this order (later wins):
#   1. the rule's METADATA `params` defaults;
#   2. the organisation's policies: front matter `parameters:` of its ISMS documents
#      (e.g. `parameters: {max_access_key_age_days: 90, mfa_required: true}`);
#   3. ismscheck.yaml `rules.params`, then `rules.rule_params.<RULE-ID>`.
# data.ismscheck.policy keeps, per parameter stated in a policy, {value, source}.
package lib.policy

# excluded(control) is true when the SoA explicitly marks the control not applicable.
excluded(control) if data.ismscheck.soa.controls[control].applicable == false

# applicable(control) is true unless the SoA excludes it: a control the SoA does not
# mention, or with no readable SoA, stays in force (never a silent exemption).
applicable(control) if not excluded(control)

# param_source(name) says where input.params[name] came from, for messages: the policy
# document that states it, "ismscheck.yaml" when the configuration overrides it, or "default".
param_source(name) := "ismscheck.yaml" if {
	stated := data.ismscheck.policy[name]
	input.params[name] != stated.value
} else := data.ismscheck.policy[name].source if {
	data.ismscheck.policy[name]
} else := "default"
