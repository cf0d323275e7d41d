package ismscheck.gh12_test

import data.ismscheck.gh12

# 2026-11-21
as_of_ns := 1795219200000000000

on := {"advanced_security": "enabled", "secret_scanning": "enabled", "secret_scanning_push_protection": "enabled", "dependabot_security_updates": "enabled"}

alert(n, validity, created) := {"number": n, "secret_type": "aws_access_key_id", "validity": validity, "created_at": created, "push_protection_bypassed": false, "html_url": "https://github.com/acme/api/security/secret-scanning/1"}

repo(saa, alerts) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "archived": false, "visibility": "private",
	"security_and_analysis": saa, "alerts": {"secret_scanning": alerts, "dependabot": [], "code_scanning": []},
}}

run(d, params) := r if {
	r := gh12.deny with input as {"document": d, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_enabled_without_old_alerts_passes if {
	count(run(repo(on, []), {})) == 0
	count(run(repo(on, [alert(1, "active", "2026-11-15T10:00:00Z")]), {})) == 0
}

test_disabled_settings_are_minor if {
	r := run(repo(object.union(on, {"secret_scanning": "disabled", "secret_scanning_push_protection": "disabled"}), null), {})
	{f.key | some f in r} == {"secret_scanning", "secret_scanning_push_protection"}
	some f in r
	f.key == "secret_scanning_push_protection"
	f.grade == "minor"
	f.msg == "acme/api: push protection is not enabled (security_and_analysis.secret_scanning_push_protection: disabled)"
}

# A status GitHub did not report is unknown, not off: no failure here (the collector's error
# on the document makes the engine report the rule as an error for it).
test_unreported_status_is_not_a_failure if {
	r := run(repo(object.union(on, {"secret_scanning_push_protection": null}), []), {})
	count(r) == 0
}

test_overdue_active_secret_is_major if {
	f := only(run(repo(on, [alert(3, "active", "2026-10-01T08:00:00Z")]), {}))
	f.grade == "major"
	f.key == "overdue-active"
	f.msg == "acme/api: 1 secret scanning alert open with a credential GitHub still finds valid (validity active), older than 7 days (secret_alert_sla_days): #3 aws_access_key_id (validity active, opened 2026-10-01, 50 days)"
}

test_overdue_inactive_secret_is_minor if {
	r := run(repo(on, [alert(4, "inactive", "2026-10-01T08:00:00Z"), alert(5, "unknown", "2026-11-01T08:00:00Z")]), {})
	f := only(r)
	f.grade == "minor"
	f.key == "overdue"
	contains(f.msg, "2 secret scanning alerts open for more than 7 days")
}

test_sla_is_the_organisations if {
	count(run(repo(on, [alert(3, "active", "2026-10-01T08:00:00Z")]), {"secret_alert_sla_days": 60})) == 0
	count(run(repo(on, [alert(3, "active", "2026-11-18T08:00:00Z")]), {"secret_alert_sla_days": 1})) == 1
}

test_applies_only_when_judgeable if {
	gh12.applies with input as {"document": repo(object.union(on, {"secret_scanning": "disabled"}), null)}
	not gh12.applies with input as {"document": repo(on, null)}
	not gh12.applies with input as {"document": repo(null, [])}
}
