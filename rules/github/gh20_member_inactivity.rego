# METADATA
# title: No member or outside collaborator is inactive for long
# description: >-
#   Access rights must be removed when no longer needed: a member or outside collaborator with
#   no event in the organisation's audit log for more than inactive_days (90 by default) still
#   holds access nobody uses (minor, naming them). This is the inactivity part of check GH-06,
#   kept as its own rule so that organisations whose audit log cannot be read (it exists on
#   GitHub Enterprise Cloud only) are skipped here, naming why, while GH-06 still judges their
#   outside collaborators. Only web (non-Git) events count: someone who only clones or pushes
#   over Git shows no activity. When the audit-log window read is shorter than inactive_days,
#   logins without an event cannot be judged (observation); so can logins the collector did not
#   look up one by one because of its bound per organisation, and logins whose events carry no
#   readable time (observations, naming them).
# scope: package
# custom:
#   id: GH-20
#   severity: minor
#   controls: ["A.5.18", "A.5.16"]
#   kinds: [github.members]
#   input: document
#   remediation: >-
#     Review the people named: remove members who left or no longer need access (People >
#     Remove from organization) and outside collaborators whose engagement ended (People >
#     Outside collaborators > Remove), or record in the access review why the access stays.
#     Review the audit log (Settings > Audit log, "actor:<login>") before removing an account
#     that may work only over Git.
#   permissions: ["github:members:read", "github:organization_administration:read"]
#   params:
#     inactive_days: 90
package ismscheck.gh20

import data.lib.github
import data.lib.isms

inactive_days := isms.number_param("inactive_days", 90)

members := input.document.data

activity := members.activity

# Evidence from before the collector read the audit log has no activity: nothing to judge.
applies if is_object(activity)

# Every member and outside collaborator, once, as listed.
people := {l | some m in members.members; l := m.login; is_string(l)} | {l | some l in members.outside_collaborators; is_string(l)}

# Newest event per lower-case login, in nanoseconds.
last_event[key] := max({time.parse_rfc3339_ns(b.last_event_at) |
	some b in activity.active
	lower(b.login) == key
	github.valid_timestamp(b.last_event_at)
}) if {
	some a in activity.active
	is_string(a.login)
	github.valid_timestamp(a.last_event_at)
	key := lower(a.login)
}

threshold_ns := isms.today_ns - (inactive_days * isms.day_ns)

# The window read reaches back to the threshold: a login without an event in it is inactive.
window_covers if {
	github.valid_timestamp(activity.since)
	time.parse_rfc3339_ns(activity.since) <= threshold_ns
}

inactive contains login if {
	some login in people
	last_event[lower(login)] < threshold_ns
}

# Logins the collector did not ask about one by one (sources.github.max_activity_lookups):
# no evidence either way. Evidence from before the bound has no such list.
not_looked_up := {lower(l) | some l in activity.not_looked_up; is_string(l)}

unasked contains login if {
	some login in people
	lower(login) in not_looked_up
	not last_event[lower(login)]
}

# Logins with an event in the window whose time GitHub did not give in a readable form:
# they acted, so they are not inactive, but nothing says when. Evidence from before the
# collector kept them has no such list.
undated_logins := {lower(l) | some l in activity.undated; is_string(l)}

undated contains login if {
	some login in people
	lower(login) in undated_logins
	not last_event[lower(login)]
}

# Logins without a dated event that neither list explains.
missing contains login if {
	some login in people
	not last_event[lower(login)]
	not login in unasked
	not login in undated
}

inactive contains login if {
	window_covers
	some login in missing
}

unknown contains login if {
	not window_covers
	some login in missing
}

outside := {l | some l in members.outside_collaborators; is_string(l)}

describe(login) := sprintf("%s (outside collaborator)", [login]) if login in outside

else := login

deny contains {
	"key": "inactive",
	"msg": sprintf("Organisation %v: %s (members or outside collaborators) with no audit-log event for more than %d days (inactive_days): %s", [members.org, isms.plural(count(inactive), "account"), inactive_days, isms.list_text([describe(l) | some l in sort(inactive)], 10)]),
	"grade": "minor",
} if {
	count(inactive) > 0
}

deny contains {
	"key": "window",
	"msg": sprintf("Organisation %v: the audit log was read from %s only, less than inactive_days (%d) before the run; %s without an event since then cannot be judged: %s (raise sources.github.activity_days)", [members.org, github.date_of(activity.since), inactive_days, isms.plural(count(unknown), "login"), isms.list_text(sort(unknown), 10)]),
	"grade": "observation",
} if {
	count(unknown) > 0
}

deny contains {
	"key": "undated",
	"msg": sprintf("Organisation %v: %s acted in the audit-log window, but their events carry no readable time, so they cannot be judged: %s", [members.org, isms.plural(count(undated), "login"), isms.list_text(sort(undated), 10)]),
	"grade": "observation",
} if {
	count(undated) > 0
}

deny contains {
	"key": "not_looked_up",
	"msg": sprintf("Organisation %v: %s without an event in the audit log pages read were not looked up one by one (sources.github.max_activity_lookups) and cannot be judged: %s", [members.org, isms.plural(count(unasked), "login"), isms.list_text(sort(unasked), 10)]),
	"grade": "observation",
} if {
	count(unasked) > 0
}
