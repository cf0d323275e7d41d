# METADATA
# title: The IAM password policy matches the authentication policy
# description: >-
#   Implements IDP-09 for AWS IAM: the account password policy must require at least
#   `password_min_length` characters (default 14) and prevent reuse of recent passwords
#   (observation each). An account with no password policy gets AWS's default of 8 characters
#   (observation). Breached-password screening is not available in IAM and is not checked.
# scope: package
# custom:
#   id: AWS-IAM-01
#   severity: observation
#   controls: ["A.5.17"]
#   kinds: [aws.account]
#   input: document
#   remediation: >-
#     Set the password policy from the authentication policy (`aws iam
#     update-account-password-policy --minimum-password-length 14
#     --password-reuse-prevention 24 ...`); better, remove IAM console passwords and sign in
#     through IAM Identity Center.
#   permissions: [aws:iam:GetAccountPasswordPolicy]
#   params:
#     password_min_length: 14
package ismscheck.awsiam01

import data.lib.aws
import data.lib.isms

a := input.document

pp := a.data.password_policy

min_length := isms.number_param("password_min_length", 14)

deny contains {
	"key": "no-policy",
	"msg": sprintf("account %s has no IAM password policy: AWS's default allows 8-character passwords; the authentication policy requires %d (password_min_length)", [aws.account_label(a), min_length]),
	"grade": "observation",
} if {
	is_object(pp)
	count(pp) == 0
}

deny contains {
	"key": "length",
	"msg": sprintf("account %s: the IAM password policy allows %d-character passwords; the authentication policy requires %d (password_min_length)", [aws.account_label(a), pp.minimum_password_length, min_length]),
	"grade": "observation",
} if {
	pp.minimum_password_length < min_length
}

deny contains {
	"key": "reuse",
	"msg": sprintf("account %s: the IAM password policy does not prevent reuse of previous passwords", [aws.account_label(a)]),
	"grade": "observation",
} if {
	is_object(pp)
	count(pp) > 0
	not pp.password_reuse_prevention > 0
}
