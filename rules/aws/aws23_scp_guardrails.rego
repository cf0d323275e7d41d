# METADATA
# title: Service control policies guard the organization
# description: >-
#   The organization's management account should hold service control policies, attached to
#   the organization's root, that deny leaving the organization, stopping or deleting
#   CloudTrail trails and stopping the Config recorder, and that deny requests outside an
#   allow-list of regions (`aws:RequestedRegion`); each missing guardrail is an observation.
#   The collector credits a Deny only on every resource and with no condition but principal
#   exemptions (aws:PrincipalArn) and the region allow-list; a policy attached only to some
#   OUs or accounts is not credited (the finding names it). One limited by
#   aws:RequestedRegion guards only outside the allowed regions and counts as the
#   allow-list. Only the management account can read SCPs: member accounts and accounts
#   outside an organization are not judged here (AWS-18 judges membership). Split from AWS-18
#   so that each rule declares only what it reads.
# scope: package
# custom:
#   id: AWS-23
#   severity: observation
#   controls: ["A.5.23", "A.8.9"]
#   kinds: [aws.account]
#   input: document
#   remediation: >-
#     Attach to the organization's root an SCP that denies
#     organizations:LeaveOrganization, cloudtrail:StopLogging, cloudtrail:DeleteTrail and
#     config:StopConfigurationRecorder (exempting only a break-glass role), and one that denies
#     requests outside the approved regions (Deny with NotAction for global services and
#     StringNotEquals on aws:RequestedRegion).
#   permissions:
#     - aws:organizations:DescribeOrganization
#     - aws:organizations:ListPolicies
#     - aws:organizations:DescribePolicy
#     - aws:organizations:ListTargetsForPolicy
package ismscheck.aws23

import data.lib.aws

a := input.document.data

scps := a.service_control_policies

# Only the management account reads its organization's SCPs.
applies if {
	a.organization.master_account_id == a.account_id
	is_object(scps)
}

guardrails := [
	{"key": "leave-organization", "fact": "denies_leave_organization", "action": "organizations:LeaveOrganization", "what": "leaving the organization (organizations:LeaveOrganization)"},
	{"key": "cloudtrail-stop", "fact": "denies_cloudtrail_stop_logging", "action": "cloudtrail:StopLogging", "what": "stopping CloudTrail logging (cloudtrail:StopLogging)"},
	{"key": "cloudtrail-delete", "fact": "denies_cloudtrail_delete_trail", "action": "cloudtrail:DeleteTrail", "what": "deleting CloudTrail trails (cloudtrail:DeleteTrail)"},
	{"key": "config-stop", "fact": "denies_config_stop_recorder", "action": "config:StopConfigurationRecorder", "what": "stopping the Config recorder (config:StopConfigurationRecorder)"},
]

deny contains {
	"key": g.key,
	"msg": sprintf("no service control policy attached to the root of organization %s (management account %s) denies %s%s", [a.organization.id, aws.account_label(input.document), g.what, not_credited_text({p | some p in below_root; g.action in p.denies})]),
	"grade": "observation",
} if {
	some g in guardrails
	scps[g.fact] == false
}

deny contains {
	"key": "region-allow-list",
	"msg": sprintf("no service control policy attached to the root of organization %s (management account %s) limits requests to approved regions (aws:RequestedRegion)%s", [a.organization.id, aws.account_label(input.document), not_credited_text({p | some p in below_root; p.region_allow_list == true})]),
	"grade": "observation",
} if {
	scps.region_allow_list == false
}

# Policies attached below the root guard only their OUs or accounts, which are not compared
# with the organization's accounts: named in the finding, not credited.
below_root contains p if {
	some p in scps.policies
	p.attached_to_root == false
	p.targets > 0
}

not_credited_text(policies) := sprintf("; %s, attached only to some OUs or accounts, is not credited", [concat(", ", sort([p.name | some p in policies]))]) if {
	count(policies) > 0
} else := ""
