# METADATA
# title: The account is governed through AWS Organizations
# description: >-
#   An account outside AWS Organizations cannot be held to organization-wide guardrails
#   (observation). The security contact, once part of this rule, is AWS-19, so that a refused
#   account:GetAlternateContact no longer skips this check. The service control policies
#   (deny leaving the organization, protect CloudTrail and Config, allow-list regions) are
#   AWS-23; IMDSv2 on instances is AWS-20.
# scope: package
# custom:
#   id: AWS-18
#   severity: observation
#   controls: ["A.5.23", "A.8.9"]
#   kinds: [aws.account]
#   input: document
#   remediation: >-
#     Invite the account into your AWS Organization (or create it there) and apply the guardrail
#     SCPs.
#   permissions:
#     - aws:organizations:DescribeOrganization
package ismscheck.aws18

import data.lib.aws

a := input.document

# organization is null outside an organization; when DescribeOrganization was refused the
# document carries that error and the engine skips this rule (it declares the action).
deny contains {
	"key": "no-organization",
	"msg": sprintf("account %s is not a member of an AWS Organization: no organization-wide guardrails (SCPs) apply to it", [aws.account_label(a)]),
	"grade": "observation",
} if {
	"organization" in object.keys(a.data)
	a.data.organization == null
}
