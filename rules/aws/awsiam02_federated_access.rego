# METADATA
# title: People reach AWS through the identity provider, not IAM user passwords
# description: >-
#   Implements IDP-10 for AWS: IAM users with console passwords are identities outside the
#   central joiner-mover-leaver and MFA enforcement of IAM Identity Center or the IdP (minor per
#   account, naming the users). Break-glass users listed in `break_glass_users` are allowed.
#   Whether the IdP federates AWS at all is not in the AWS evidence.
# scope: package
# custom:
#   id: AWS-IAM-02
#   severity: minor
#   controls: ["A.5.15", "A.5.16", "A.8.5", "A.5.23"]
#   kinds: [aws.account, aws.iam.user]
#   input: inventory
#   subject: aws.account
#   remediation: >-
#     Give people access through IAM Identity Center (or SAML federation) with permission sets,
#     then delete the IAM users' login profiles (`aws iam delete-login-profile`). Keep at most a
#     documented break-glass user and list it in `break_glass_users`.
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#   params:
#     break_glass_users: []
package ismscheck.awsiam02

import data.lib.aws
import data.lib.isms

break_glass := {n | some n in isms.param("break_glass_users", [])}

console_users[acct] contains u.data.name if {
	some u in input.documents["aws.iam.user"]
	u.data.password_enabled == true
	not u.data.name in break_glass
	acct := u.data.account_id
}

deny contains {
	"msg": sprintf(
		"account %s: %s a console password instead of signing in through the identity provider: %s",
		[aws.account_label(a), has_text(count(names)), isms.list_text(sort(names), 10)],
	),
	"grade": "minor",
	"resource": aws.resource(a),
} if {
	some a in input.documents["aws.account"]
	names := console_users[a.data.account_id]
}

has_text(1) := "1 IAM user has"

has_text(n) := sprintf("%d IAM users have", [n]) if n != 1
