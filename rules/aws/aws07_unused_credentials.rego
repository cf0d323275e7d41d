# METADATA
# title: Unused IAM credentials are removed and access keys are rotated
# description: >-
#   A console password or active access key unused for more than `dormant_account_days`
#   (default 90) is access nobody needs (minor); an active access key older than
#   `max_access_key_age_days` (default 90) has outlived the policy's secret lifetime (minor),
#   and one within `rotation_warning_days` of it is an observation. A credential never used
#   counts from when it was set (password change, key creation, else user creation). Also
#   implements IDP-06 (dormant accounts disabled) for AWS IAM users.
# scope: package
# custom:
#   id: AWS-07
#   severity: minor
#   controls: ["A.5.18", "A.5.17"]
#   kinds: [aws.iam.user]
#   input: document
#   remediation: >-
#     Remove the console password (`aws iam delete-login-profile`) or deactivate and delete the
#     access key (`aws iam update-access-key --status Inactive`, then `delete-access-key`) of
#     credentials nobody uses. Rotate keys in use: create a second key, switch the application to
#     it, deactivate and delete the old one; better, replace long-lived keys with roles.
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#     - aws:iam:ListAccessKeys
#   params:
#     dormant_account_days: 90
#     max_access_key_age_days: 90
#     rotation_warning_days: 14
package ismscheck.aws07

import data.lib.aws
import data.lib.isms

u := input.document.data

dormant := isms.number_param("dormant_account_days", 90)

max_age := isms.number_param("max_access_key_age_days", 90)

warning := isms.number_param("rotation_warning_days", 14)

# A credential never used counts from when it was set: the first known of the dates given.
first_date(candidates) := [c | some c in candidates; aws.date(c)][0]

password_activity := ["last used", aws.date(u.password_last_used), aws.days_since(u.password_last_used)] if {
	aws.date(u.password_last_used)
} else := ["never used; set", aws.date(set), aws.days_since(set)] if {
	set := first_date([u.password_last_changed, u.created_at])
}

key_activity(k) := ["last used", aws.date(k.last_used), aws.days_since(k.last_used)] if {
	aws.date(k.last_used)
} else := ["never used; created", aws.date(set), aws.days_since(set)] if {
	set := first_date([k.last_rotated, u.created_at])
}

deny contains {
	"key": "password-unused",
	"msg": sprintf(
		"console password of IAM user %s (account %s) is unused: %s %s (%s ago); policy allows %d (dormant_account_days)",
		[u.name, u.account_id, act[0], act[1], isms.plural(act[2], "day"), dormant],
	),
	"grade": "minor",
} if {
	u.password_enabled == true
	act := password_activity
	act[2] > dormant
}

deny contains {
	"key": sprintf("key-unused:%s", [k.id_suffix]),
	"msg": sprintf(
		"access key …%s of IAM user %s (account %s) is unused: %s %s (%s ago); policy allows %d (dormant_account_days)",
		[k.id_suffix, u.name, u.account_id, act[0], act[1], isms.plural(act[2], "day"), dormant],
	),
	"grade": "minor",
} if {
	some k in u.access_keys
	k.active == true
	act := key_activity(k)
	act[2] > dormant
}

deny contains {
	"key": sprintf("key-age:%s", [k.id_suffix]),
	"msg": sprintf(
		"access key …%s of IAM user %s (account %s) was last rotated %s ago (%s); policy allows %d (max_access_key_age_days)",
		[k.id_suffix, u.name, u.account_id, isms.plural(age, "day"), aws.date(k.last_rotated), max_age],
	),
	"grade": "minor",
} if {
	some k in u.access_keys
	k.active == true
	age := aws.days_since(k.last_rotated)
	age > max_age
}

deny contains {
	"key": sprintf("key-age:%s", [k.id_suffix]),
	"msg": sprintf(
		"access key …%s of IAM user %s (account %s) is %s old (%s) and must be rotated within %s (max_access_key_age_days %d)",
		[k.id_suffix, u.name, u.account_id, isms.plural(age, "day"), aws.date(k.last_rotated), isms.plural(max_age - age, "day"), max_age],
	),
	"grade": "observation",
} if {
	some k in u.access_keys
	k.active == true
	age := aws.days_since(k.last_rotated)
	age <= max_age
	age > max_age - warning
}
