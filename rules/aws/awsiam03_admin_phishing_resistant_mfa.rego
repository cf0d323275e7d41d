# METADATA
# title: IAM administrators who sign in to the console use phishing-resistant MFA
# description: >-
#   Implements IDP-02 for AWS IAM users: an IAM user with full administration (as in
#   AWS-IAM-04: AdministratorAccess, "*" on "*", or `admin_policy_arns`, directly, inline or
#   through a group) and a console password must sign in with FIDO security keys only (minor
#   per user). An authenticator app or a hardware TOTP token gives a code that can be phished,
#   and AWS accepts any of a user's devices, so one such device is enough to fail. Users without
#   any MFA are also reported by AWS-06. Whether devices are FIDO keys comes from the bulk list
#   of virtual devices and, for users without one, from their own device list.
# scope: package
# custom:
#   id: AWS-IAM-03
#   severity: minor
#   controls: ["A.8.5", "A.8.2"]
#   kinds: [aws.iam.user, aws.iam.policy]
#   input: inventory
#   subject: aws.iam.user
#   remediation: >-
#     Register a FIDO2 security key (or passkey) for the administrator and deactivate their
#     authenticator-app and hardware-token devices (`aws iam deactivate-mfa-device`); better,
#     give administrators access through IAM Identity Center with phishing-resistant MFA and
#     remove their IAM console passwords.
#   permissions:
#     - aws:iam:GetAccountAuthorizationDetails
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#     - aws:iam:ListVirtualMFADevices
#     - aws:iam:ListMFADevices
#   params:
#     admin_policy_arns: []
package ismscheck.awsiam03

import data.lib.aws
import data.lib.isms

admin_ids := aws.admin_user_ids(input.documents, isms.param("admin_policy_arns", []))

deny contains {
	"msg": sprintf("IAM administrator %s (account %s) signs in to the console %s", [u.data.name, u.data.account_id, weakness(u)]),
	"grade": "minor",
	"resource": aws.resource(u),
} if {
	some u in input.documents["aws.iam.user"]
	u.id in admin_ids
	u.data.password_enabled == true
	u.data.mfa_phishing_resistant == false
}

weakness(u) := "without any MFA device" if u.data.mfa_active == false

else := "with an MFA device that is not a FIDO security key (an authenticator app or a hardware token), whose codes can be phished"
