package ismscheck.gh13_test

import data.ismscheck.gh13

# 2026-11-21
as_of_ns := 1795219200000000000

alert(n, severity, created) := {"number": n, "severity": severity, "ghsa_id": "GHSA-abcd-efgh-ijkl", "package": "lodash", "ecosystem": "npm", "created_at": created, "html_url": "https://github.com/acme/api/security/dependabot/1"}

files := {"codeowners": ".github/CODEOWNERS", "security_policy": null, "dependabot": ".github/dependabot.yml", "renovate": null}

repo(enabled, f, updates, alerts) := {"kind": "github.repository", "id": "github.com/acme/api", "complete": true, "data": {
	"owner": "acme", "name": "api", "full_name": "acme/api", "archived": false,
	"vulnerability_alerts_enabled": enabled, "files": f,
	"security_and_analysis": {"secret_scanning": "enabled", "secret_scanning_push_protection": "enabled", "dependabot_security_updates": updates},
	"alerts": {"dependabot": alerts, "secret_scanning": [], "code_scanning": []},
}}

run(d, params) := r if {
	r := gh13.deny with input as {"document": d, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_enabled_with_tool_and_recent_alerts_passes if {
	count(run(repo(true, files, "disabled", [alert(1, "critical", "2026-11-10T00:00:00Z"), alert(2, "medium", "2025-01-01T00:00:00Z")]), {})) == 0
}

test_any_update_tool_counts if {
	count(run(repo(true, object.union(files, {"dependabot": null, "renovate": "renovate.json"}), "disabled", []), {})) == 0
	count(run(repo(true, object.union(files, {"dependabot": null}), "enabled", []), {})) == 0
}

test_alerts_off_is_minor if {
	f := only(run(repo(false, files, "disabled", null), {}))
	f.key == "dependabot-alerts"
	f.grade == "minor"
	f.msg == "acme/api: Dependabot alerts are not enabled (vulnerability_alerts_enabled false): vulnerable dependencies are not reported"
}

test_unreported_security_updates_is_not_a_failure if {
	count(run(repo(true, object.union(files, {"dependabot": null}), null, []), {})) == 0
}

test_no_update_tool_is_minor if {
	f := only(run(repo(true, object.union(files, {"dependabot": null}), "disabled", []), {}))
	f.key == "update-tool"
	f.msg == "acme/api: no dependency update tool: no dependabot.yml, no Renovate configuration, and Dependabot security updates are not enabled (dependabot_security_updates: disabled)"
}

test_overdue_alerts_by_severity if {
	r := run(
		repo(true, files, "enabled", [
			alert(7, "critical", "2026-11-01T00:00:00Z"),
			alert(8, "high", "2026-11-01T00:00:00Z"),
			alert(9, "high", "2026-10-01T00:00:00Z"),
		]),
		{},
	)
	{g.key | some g in r} == {"overdue-critical", "overdue-high"}
	some f in r
	f.key == "overdue-critical"
	f.grade == "minor"
	f.msg == "acme/api: 1 critical Dependabot alert open for more than 15 days (critical_vulnerability_days): #7 lodash (npm GHSA-abcd-efgh-ijkl, opened 2026-11-01, 20 days)"
}

test_overdue_high if {
	f := only(run(repo(true, files, "enabled", [alert(8, "high", "2026-11-01T00:00:00Z"), alert(9, "high", "2026-10-01T00:00:00Z")]), {}))
	f.key == "overdue-high"
	contains(f.msg, "1 high Dependabot alert open for more than 30 days (high_vulnerability_days)")
}

test_fix_times_are_the_policys if {
	count(run(repo(true, files, "enabled", [alert(7, "critical", "2026-11-01T00:00:00Z")]), {"critical_vulnerability_days": 30})) == 0
	count(run(repo(true, files, "enabled", [alert(9, "high", "2026-11-10T00:00:00Z")]), {"high_vulnerability_days": 7})) == 1
}

test_not_judged_without_evidence if {
	not gh13.applies with input as {"document": repo(null, files, "enabled", [])}
	not gh13.applies with input as {"document": repo(true, null, "enabled", [])}
	not gh13.applies with input as {"document": repo(true, files, "enabled", null)}
}
