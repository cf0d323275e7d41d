# METADATA
# title: IAM users who can sign in to the console use MFA
# description: >-
#   Every IAM user with a console password must have an MFA device (minor per user; escalation
#   makes it major when it is widespread). Implements IDP-01 (MFA for every interactive user)
#   for AWS IAM users; users who sign in through IAM Identity Center or another IdP are judged
#   by that IdP's rules. Not checked when the organisation's policy sets `mfa_required: false`.
# scope: package
# custom:
#   id: AWS-06
#   severity: minor
#   controls: ["A.8.5", "A.5.17"]
#   kinds: [aws.iam.user]
#   input: document
#   remediation: >-
#     Have the user assign an MFA device (preferably a security key) and enforce it with a policy
#     that denies everything but MFA set-up without `aws:MultiFactorAuthPresent`; better, remove
#     the console password and give the person access through IAM Identity Center with MFA.
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#   params:
#     mfa_required: true
package ismscheck.aws06

import data.lib.isms

u := input.document.data

applies if isms.param("mfa_required", true) != false

deny contains {
	"msg": sprintf("IAM user %s (account %s) can sign in to the console with a password but has no MFA device", [u.name, u.account_id]),
	"grade": "minor",
} if {
	u.password_enabled == true
	u.mfa_active == false
}
