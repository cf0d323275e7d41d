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

# [what, day, days ago] for a credential: its last use, else (never used) when it was set,
# the first known of set_dates. Worked out once per credential for all the findings below.
activity(used, set_word, set_dates) := ["last used", d[0], d[1]] if {
	d := aws.dated(used)
} else := [sprintf("never used; %s", [set_word]), d[0], d[1]] if {
	d := [x | some c in set_dates; x := aws.dated(c)][0]
}

password_activity := activity(u.password_last_used, "set", [u.password_last_changed, u.created_at])

# The active keys, each with its activity and its age (null when unknown).
active_keys := [{"k": k, "label": key_label(i, k), "activity": key_activity(k), "age": key_age(k)} |
	some i, k in u.access_keys
	k.active == true
]

# The credential report gives no key ids (id_suffix is null): keys are then named by their
# slot in the report (access_key_1 or _2), which stays the same while the key exists, or, in
# evidence without a slot, by position.
key_label(i, k) := sprintf("…%s", [k.id_suffix]) if {
	is_string(k.id_suffix)
	k.id_suffix != ""
} else := sprintf("%d", [k.slot]) if {
	is_number(k.slot)
} else := sprintf("%d", [i + 1])

key_activity(k) := a if {
	a := activity(k.last_used, "created", [k.last_rotated, u.created_at])
} else := null

key_age(k) := a if {
	a := aws.days_since(k.last_rotated)
} else := null

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
	"key": sprintf("key-unused:%s", [trim_prefix(x.label, "…")]),
	"msg": sprintf(
		"access key %s of IAM user %s (account %s) is unused: %s %s (%s ago); policy allows %d (dormant_account_days)",
		[x.label, u.name, u.account_id, act[0], act[1], isms.plural(act[2], "day"), dormant],
	),
	"grade": "minor",
} if {
	some x in active_keys
	act := x.activity
	act[2] > dormant
}

deny contains {
	"key": sprintf("key-age:%s", [trim_prefix(x.label, "…")]),
	"msg": sprintf(
		"access key %s of IAM user %s (account %s) was last rotated %s ago (%s); policy allows %d (max_access_key_age_days)",
		[x.label, u.name, u.account_id, isms.plural(age, "day"), aws.date(k.last_rotated), max_age],
	),
	"grade": "minor",
} if {
	some x in active_keys
	k := x.k
	age := x.age
	age > max_age
}

deny contains {
	"key": sprintf("key-age:%s", [trim_prefix(x.label, "…")]),
	"msg": sprintf(
		"access key %s of IAM user %s (account %s) is %s old (%s) and must be rotated within %s (max_access_key_age_days %d)",
		[x.label, u.name, u.account_id, isms.plural(age, "day"), aws.date(k.last_rotated), isms.plural(max_age - age, "day"), max_age],
	),
	"grade": "observation",
} if {
	some x in active_keys
	k := x.k
	age := x.age
	is_number(age)
	age <= max_age
	age > max_age - warning
}
