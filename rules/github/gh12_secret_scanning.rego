# METADATA
# title: Secret scanning and push protection are on and leaked secrets are dealt with in time
# description: >-
#   Secret scanning and push protection must be enabled, and no open secret scanning alert may
#   be older than secret_alert_sla_days. An overdue alert whose secret GitHub still finds valid
#   (validity active) is major: a working credential has been exposed beyond the time the
#   organisation allows. Other overdue alerts (inactive or unknown validity) are minor.
# scope: package
# custom:
#   id: GH-12
#   severity: minor
#   controls: ["A.5.17", "A.8.12", "A.8.4"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the repository's Settings > Advanced Security (or the organisation's security
#     configuration) enable Secret Protection: "Secret scanning" and "Push protection". For
#     every alert under Security > Secret scanning, revoke and rotate the credential at its
#     issuer first, remove it from the code, then close the alert as revoked. State the time
#     allowed in your policy's front matter (`parameters: {secret_alert_sla_days: 7}`).
#   permissions: ["github:administration:read", "github:secret_scanning_alerts:read"]
#   params:
#     secret_alert_sla_days: 7
package ismscheck.gh12

import data.lib.github
import data.lib.isms

sla := isms.number_param("secret_alert_sla_days", 7)

r := input.document.data

saa := r.security_and_analysis

alerts := r.alerts.secret_scanning

# Without alerts (GitHub answers 404 while secret scanning is off) the settings can still be judged.
applies if {
	github.in_scope(r)
	is_object(saa)
	readable_alerts_or_off
}

readable_alerts_or_off if is_array(alerts)

readable_alerts_or_off if saa.secret_scanning != "enabled"

settings := {
	"secret_scanning": "secret scanning",
	"secret_scanning_push_protection": "push protection",
}

deny contains {
	"key": field,
	"msg": sprintf("%s: %s is not enabled (security_and_analysis.%s: %s)", [github.name(r), what, field, status(saa[field])]),
	"grade": "minor",
} if {
	some field, what in settings
	is_string(saa[field]) # null is unknown: the collector's error on the document decides
	saa[field] != "enabled"
}

status(v) := "not reported" if v == null

else := sprintf("%v", [v])

overdue := [a |
	some a in alerts
	is_object(a)
	github.age_days(a.created_at) > sla
]

deny contains {
	"key": "overdue-active",
	"msg": sprintf("%s: %s open with a credential GitHub still finds valid (validity active), older than %d days (secret_alert_sla_days): %s", [github.name(r), isms.plural(count(list), "secret scanning alert"), sla, describe(list)]),
	"grade": "major",
} if {
	list := [a | some a in overdue; a.validity == "active"]
	count(list) > 0
}

deny contains {
	"key": "overdue",
	"msg": sprintf("%s: %s open for more than %d days (secret_alert_sla_days): %s", [github.name(r), isms.plural(count(list), "secret scanning alert"), sla, describe(list)]),
	"grade": "minor",
} if {
	list := [a | some a in overdue; a.validity != "active"]
	count(list) > 0
}

describe(list) := isms.list_text([sprintf("#%v %v (validity %v, opened %s, %d days)", [a.number, a.secret_type, a.validity, github.date_of(a.created_at), github.age_days(a.created_at)]) | some a in list], 5)
