# METADATA
# title: Vulnerable dependencies are found, updated and fixed in time
# description: >-
#   Dependabot alerts must be enabled, a dependency update tool configured (a dependabot.yml,
#   a Renovate configuration, or Dependabot security updates), and no open Dependabot alert may
#   be older than the vulnerability management policy allows: critical_vulnerability_days for
#   critical and high_vulnerability_days for high severity. Medium and low alerts, and code
#   scanning alerts, are not graded.
# scope: package
# custom:
#   id: GH-13
#   severity: minor
#   controls: ["A.8.8", "A.5.21", "A.8.28"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the repository's Settings > Advanced Security enable "Dependabot alerts" and
#     "Dependabot security updates", and commit a .github/dependabot.yml (or a Renovate
#     configuration) for each package ecosystem. Fix or upgrade the dependencies named under
#     Security > Dependabot, or dismiss an alert with the recorded reason if it does not apply.
#     State the fix times in your vulnerability management policy's front matter
#     (`parameters: {critical_vulnerability_days: 15, high_vulnerability_days: 30}`).
#   permissions: ["github:administration:read", "github:contents:read", "github:vulnerability_alerts:read"]
#   params:
#     critical_vulnerability_days: 15
#     high_vulnerability_days: 30
package ismscheck.gh13

import data.lib.github
import data.lib.isms

limits := {
	"critical": {"param": "critical_vulnerability_days", "days": isms.number_param("critical_vulnerability_days", 15)},
	"high": {"param": "high_vulnerability_days", "days": isms.number_param("high_vulnerability_days", 30)},
}

r := input.document.data

alerts := r.alerts.dependabot

applies if {
	github.in_scope(r)
	is_boolean(r.vulnerability_alerts_enabled)
	is_object(r.files)
	readable_alerts_or_off
}

readable_alerts_or_off if is_array(alerts)

readable_alerts_or_off if r.vulnerability_alerts_enabled == false

deny contains {
	"key": "dependabot-alerts",
	"msg": sprintf("%s: Dependabot alerts are not enabled (vulnerability_alerts_enabled false): vulnerable dependencies are not reported", [github.name(r)]),
	"grade": "minor",
} if {
	r.vulnerability_alerts_enabled == false
}

deny contains {
	"key": "update-tool",
	"msg": sprintf("%s: no dependency update tool: no dependabot.yml, no Renovate configuration, and Dependabot security updates are not enabled (%s)", [github.name(r), security_updates]),
	"grade": "minor",
} if {
	r.files.dependabot == null
	r.files.renovate == null
	updates := r.security_and_analysis.dependabot_security_updates
	is_string(updates) # null is unknown: the collector's error on the document decides
	updates != "enabled"
}

security_updates := sprintf("dependabot_security_updates: %v", [v]) if {
	v := r.security_and_analysis.dependabot_security_updates
	v != null
} else := "dependabot_security_updates not reported"

deny contains {
	"key": sprintf("overdue-%s", [severity]),
	"msg": sprintf("%s: %s open for more than %d days (%s): %s", [github.name(r), isms.plural(count(list), sprintf("%s Dependabot alert", [severity])), limit.days, limit.param, describe(list)]),
	"grade": "minor",
} if {
	some severity, limit in limits
	list := [a |
		some a in alerts
		is_object(a)
		lower(sprintf("%v", [a.severity])) == severity
		github.age_days(a.created_at) > limit.days
	]
	count(list) > 0
}

describe(list) := isms.list_text([sprintf("#%v %v (%v %v, opened %s, %d days)", [a.number, a.package, a.ecosystem, a.ghsa_id, github.date_of(a.created_at), github.age_days(a.created_at)]) | some a in list], 5)
