package ismscheck.gh20_test

import data.ismscheck.gh20

# 2026-11-21; 90 days before is 2026-08-23.
as_of_ns := 1795219200000000000

members(active, since) := {"kind": "github.members", "id": "github.com/acme/members", "complete": true, "data": {
	"org": "acme",
	"members": [{"login": "octocat", "role": "admin"}, {"login": "monalisa", "role": "member"}, {"login": "hubot", "role": "member"}],
	"owners": ["octocat"],
	"outside_collaborators": ["contractor"],
	"activity": {"source": "audit_log", "since": since, "window_days": 90, "active": active},
}}

run(doc, params) := r if {
	r := gh20.deny with input as {"document": doc, "params": params} with time.now_ns as as_of_ns
}

applies(doc) if {
	gh20.applies with input as {"document": doc, "params": {}} with time.now_ns as as_of_ns
}

everyone_recent := [
	{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"},
	{"login": "MonaLisa", "last_event_at": "2026-10-01T10:00:00Z"},
	{"login": "hubot", "last_event_at": "2026-08-24T00:00:00Z"},
	{"login": "contractor", "last_event_at": "2026-09-01T00:00:00Z"},
]

test_everyone_active_passes if {
	count(run(members(everyone_recent, "2026-08-23T00:00:00Z"), {})) == 0
}

test_missing_from_a_covering_window_is_inactive if {
	doc := members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z")
	[f] := [f | some f in run(doc, {})]
	f.key == "inactive"
	f.grade == "minor"
	f.msg == "Organisation acme: 3 accounts (members or outside collaborators) with no audit-log event for more than 90 days (inactive_days): contractor (outside collaborator), hubot, monalisa"
}

test_an_event_older_than_the_threshold_is_inactive if {
	# a window read for 180 days, an event 120 days ago
	doc := members(array.concat(everyone_recent, [{"login": "hubot", "last_event_at": "2026-07-24T00:00:00Z"}]), "2026-05-25T00:00:00Z")
	count(run(doc, {})) == 0 # hubot's newer event wins
	old := [a | some a in everyone_recent; a.login != "hubot"]
	[f] := [f | some f in run(members(array.concat(old, [{"login": "hubot", "last_event_at": "2026-07-24T00:00:00Z"}]), "2026-05-25T00:00:00Z"), {})]
	contains(f.msg, ": hubot")
}

test_inactive_days_parameter if {
	# hubot's last event is 89 days old: inactive with a 60-day rule
	[f] := [f | some f in run(members(everyone_recent, "2026-08-23T00:00:00Z"), {"inactive_days": 60})]
	f.key == "inactive"
	contains(f.msg, "hubot")
	contains(f.msg, "more than 60 days")
}

test_a_window_shorter_than_inactive_days_judges_nobody_missing if {
	doc := members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z")
	[f] := [f | some f in run(doc, {"inactive_days": 120})]
	f.key == "window"
	f.grade == "observation"
	f.msg == "Organisation acme: the audit log was read from 2026-08-23 only, less than inactive_days (120) before the run; 3 logins without an event since then cannot be judged: contractor, hubot, monalisa (raise sources.github.activity_days)"
}

test_the_list_is_capped if {
	many := [{"login": sprintf("dev-%02d", [i]), "role": "member"} | some i in numbers.range(1, 15)]
	doc := object.union(members([], "2026-08-23T00:00:00Z"), {"data": {"members": many, "outside_collaborators": []}})
	[f] := [f | some f in run(doc, {})]
	endswith(f.msg, "dev-10 and 5 more")
}

with_not_looked_up(doc, logins) := object.union(doc, {"data": {"activity": {"not_looked_up": logins}}})

test_logins_not_looked_up_are_neither_inactive_nor_active if {
	doc := with_not_looked_up(members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z"), ["HUBOT", "monalisa"])
	findings := {f.key: f | some f in run(doc, {})}
	findings.inactive.msg == "Organisation acme: 1 account (members or outside collaborators) with no audit-log event for more than 90 days (inactive_days): contractor (outside collaborator)"
	findings.not_looked_up.grade == "observation"
	findings.not_looked_up.msg == "Organisation acme: 2 logins without an event in the audit log pages read were not looked up one by one (sources.github.max_activity_lookups) and cannot be judged: hubot, monalisa"
	count(findings) == 2
}

test_not_looked_up_with_a_short_window_is_reported_once if {
	doc := with_not_looked_up(members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z"), ["hubot"])
	findings := {f.key: f | some f in run(doc, {"inactive_days": 120})}
	endswith(findings.window.msg, "cannot be judged: contractor, monalisa (raise sources.github.activity_days)")
	endswith(findings.not_looked_up.msg, "cannot be judged: hubot")
}

test_everyone_looked_up_passes if {
	count(run(with_not_looked_up(members(everyone_recent, "2026-08-23T00:00:00Z"), []), {})) == 0
}

test_evidence_without_activity_is_not_judged if {
	doc := object.remove(members([], "2026-08-23T00:00:00Z"), ["data"])
	not applies(object.union(doc, {"data": {"org": "acme", "members": [], "outside_collaborators": []}}))
	applies(members([], "2026-08-23T00:00:00Z"))
}

with_undated(doc, logins) := object.union(doc, {"data": {"activity": {"undated": logins}}})

test_logins_with_undated_events_are_not_judged if {
	doc := with_undated(members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z"), ["Hubot", "monalisa"])
	findings := {f.key: f | some f in run(doc, {})}
	findings.inactive.msg == "Organisation acme: 1 account (members or outside collaborators) with no audit-log event for more than 90 days (inactive_days): contractor (outside collaborator)"
	findings.undated.grade == "observation"
	findings.undated.msg == "Organisation acme: 2 logins acted in the audit-log window, but their events carry no readable time, so they cannot be judged: hubot, monalisa"
	count(findings) == 2
}

test_undated_with_a_short_window_is_reported_once if {
	doc := with_undated(members([{"login": "octocat", "last_event_at": "2026-11-20T10:00:00Z"}], "2026-08-23T00:00:00Z"), ["hubot"])
	findings := {f.key: f | some f in run(doc, {"inactive_days": 120})}
	endswith(findings.window.msg, "cannot be judged: contractor, monalisa (raise sources.github.activity_days)")
	endswith(findings.undated.msg, "cannot be judged: hubot")
}

test_a_dated_event_wins_over_an_undated_one if {
	count(run(with_undated(members(everyone_recent, "2026-08-23T00:00:00Z"), ["hubot"]), {})) == 0
}
