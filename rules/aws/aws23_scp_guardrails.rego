# METADATA
# title: Service control policies guard the organization
# description: >-
#   The organization's management account should hold service control policies, attached to
#   the root, an organizational unit or an account, that deny leaving the organization,
#   stopping or deleting CloudTrail trails and stopping the Config recorder, and that deny
#   requests outside an allow-list of regions (`aws:RequestedRegion`); each missing guardrail
#   is an observation. A Deny that exempts a break-glass principal still counts; one limited
#   by aws:RequestedRegion guards only outside the allowed regions and counts as the
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
#     Attach to the organization's root (or every workload OU) an SCP that denies
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
	{"key": "leave-organization", "fact": "denies_leave_organization", "what": "leaving the organization (organizations:LeaveOrganization)"},
	{"key": "cloudtrail-stop", "fact": "denies_cloudtrail_stop_logging", "what": "stopping CloudTrail logging (cloudtrail:StopLogging)"},
	{"key": "cloudtrail-delete", "fact": "denies_cloudtrail_delete_trail", "what": "deleting CloudTrail trails (cloudtrail:DeleteTrail)"},
	{"key": "config-stop", "fact": "denies_config_stop_recorder", "what": "stopping the Config recorder (config:StopConfigurationRecorder)"},
]

deny contains {
	"key": g.key,
	"msg": sprintf("no attached service control policy of organization %s (management account %s) denies %s", [a.organization.id, aws.account_label(input.document), g.what]),
	"grade": "observation",
} if {
	some g in guardrails
	scps[g.fact] == false
}

deny contains {
	"key": "region-allow-list",
	"msg": sprintf("no attached service control policy of organization %s (management account %s) limits requests to approved regions (aws:RequestedRegion)", [a.organization.id, aws.account_label(input.document)]),
	"grade": "observation",
} if {
	scps.region_allow_list == false
}
