# METADATA
# title: Few IAM users hold full administration
# description: >-
#   Implements IDP-04 for AWS IAM users: more than `max_admin_users` (default 2) IAM users with
#   full administration in one account (minor, naming them) means privileged access is not
#   restricted. Administrators hold AWS-managed AdministratorAccess, a policy allowing "*" on
#   "*", or a policy listed in `admin_policy_arns`, attached directly, inline or through a
#   group. Whether privileged roles are time-bound (JIT), and whether admins use separate
#   accounts, is not in the evidence; the MFA type of admins (IDP-02) is AWS-IAM-03.
# scope: package
# custom:
#   id: AWS-IAM-04
#   severity: minor
#   controls: ["A.8.2", "A.5.3"]
#   kinds: [aws.account, aws.iam.user, aws.iam.policy]
#   input: inventory
#   subject: aws.account
#   remediation: >-
#     Remove full administration from IAM users who do not need it (grant scoped permissions
#     through groups or Identity Center permission sets); keep administration in a break-glass
#     user or role and, for daily work, in time-bound Identity Center assignments.
#   permissions:
#     - aws:iam:GetAccountAuthorizationDetails
#   params:
#     max_admin_users: 2
#     admin_policy_arns: []
package ismscheck.awsiam04

import data.lib.aws
import data.lib.isms

max_admins := isms.number_param("max_admin_users", 2)

admin_ids := aws.admin_user_ids(input.documents, isms.param("admin_policy_arns", []))

admins[acct] contains u.data.name if {
	some u in input.documents["aws.iam.user"]
	u.id in admin_ids
	acct := u.data.account_id
}

deny contains {
	"msg": sprintf(
		"account %s: %d IAM users have full administrative access (%s); the access control policy allows %d (max_admin_users)",
		[aws.account_label(a), count(names), isms.list_text(sort(names), 10), max_admins],
	),
	"grade": "minor",
	"resource": aws.resource(a),
} if {
	some a in input.documents["aws.account"]
	names := admins[a.data.account_id]
	count(names) > max_admins
}
