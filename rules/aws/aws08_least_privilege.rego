# METADATA
# title: No policy grants full administrative access, and users get permissions through groups
# description: >-
#   A customer-managed or inline policy whose Allow statement grants every action on every
#   resource ("*" / "*:*" on "*") is minor, as is an IAM user with policies attached directly
#   or inline instead of through groups or roles (entitlements that cannot be reviewed by role).
#   AWS-managed policies (AdministratorAccess) are left to AWS-IAM-04; NotAction and
#   permission boundaries are not interpreted.
# scope: package
# custom:
#   id: AWS-08
#   severity: minor
#   controls: ["A.8.2", "A.5.15", "A.5.18"]
#   kinds: [aws.iam.policy, aws.iam.user]
#   input: document
#   remediation: >-
#     Replace `"Action": "*"` on `"Resource": "*"` with the actions and resources the job needs
#     (IAM Access Analyzer can generate a policy from CloudTrail activity); keep full
#     administration in one break-glass role. Move policies attached to users onto groups (or
#     give the access through IAM Identity Center permission sets) and detach them from the users.
#   permissions: [aws:iam:GetAccountAuthorizationDetails]
package ismscheck.aws08

import data.lib.aws

d := input.document

attached_to(p) := concat(", ", names) if {
	names := [sprintf("%s %s", [kind, n]) |
		some kind in ["users", "groups", "roles"]
		some n in p.attached_to[kind]
	]
	count(names) > 0
} else := "nothing"

deny contains {
	"key": "admin",
	"msg": sprintf(
		"%s policy %s (account %s) allows every action on every resource; attached to %s",
		[d.data.type, d.data.name, d.data.account_id, attached_to(d.data)],
	),
	"grade": "minor",
} if {
	d.kind == "aws.iam.policy"
	d.data.type in {"customer", "inline"}
	aws.grants_admin(d.data.document)
}

deny contains {
	"key": "direct-policies",
	"msg": sprintf(
		"IAM user %s (account %s) has policies attached directly instead of through a group or role: %s",
		[d.data.name, d.data.account_id, concat(", ", policies)],
	),
	"grade": "minor",
} if {
	d.kind == "aws.iam.user"
	policies := array.concat(
		[aws.principal_name(arn) | some arn in d.data.attached_policies],
		[sprintf("%s (inline)", [n]) | some n in d.data.inline_policies],
	)
	count(policies) > 0
}
