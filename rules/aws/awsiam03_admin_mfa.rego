# METADATA
# title: IAM administrators sign in with phishing-resistant MFA
# description: >-
#   Implements IDP-02 for AWS IAM users: a console user with full administration (AWS-managed
#   AdministratorAccess, a policy allowing "*" on "*", or a policy listed in
#   `admin_policy_arns`, attached directly, inline or through a group) must use a FIDO security
#   key (`phishing_resistant_mfa_types`), not only a TOTP app or token (minor per user).
#   Administration through roles (IAM Identity Center) is judged at the identity provider.
# scope: package
# custom:
#   id: AWS-IAM-03
#   severity: minor
#   controls: ["A.8.5", "A.8.2"]
#   kinds: [aws.iam.user, aws.iam.policy]
#   input: inventory
#   subject: aws.iam.user
#   remediation: >-
#     Register a FIDO2 security key or passkey for the administrator (IAM > Users > Security
#     credentials > Assign MFA device > Passkey or security key) and remove the TOTP device; or
#     move administration to IAM Identity Center with a phishing-resistant sign-in.
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#     - aws:iam:GetAccountAuthorizationDetails
#     - aws:iam:ListMFADevices
#   params:
#     admin_policy_arns: []
#     phishing_resistant_mfa_types: ["u2f"]
package ismscheck.awsiam03

import data.lib.aws
import data.lib.isms

resistant := {t | some t in isms.param("phishing_resistant_mfa_types", ["u2f"])}

admins := aws.admin_user_ids(input.documents, isms.param("admin_policy_arns", []))

deny contains {
	"msg": sprintf(
		"IAM user %s (account %s) has full administrative access but no phishing-resistant MFA (devices: %s)",
		[u.data.name, u.data.account_id, devices(u.data.mfa_devices)],
	),
	"grade": "minor",
	"resource": aws.resource(u),
} if {
	some u in input.documents["aws.iam.user"]
	u.data.password_enabled == true
	is_array(u.data.mfa_devices)
	u.id in admins
	not some_resistant(u.data.mfa_devices)
}

some_resistant(ds) if {
	some d in ds
	d.type in resistant
}

devices(ds) := "none" if {
	count(ds) == 0
} else := concat(", ", [d.type | some d in ds])
