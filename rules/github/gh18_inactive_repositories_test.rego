package ismscheck.gh18_test

import data.ismscheck.gh18

# 2026-11-21
as_of_ns := 1795219200000000000

repo(name, pushed, archived) := {"kind": "github.repository", "id": sprintf("github.com/acme/%s", [name]), "complete": true, "data": {
	"owner": "acme", "name": name, "full_name": sprintf("acme/%s", [name]), "archived": archived,
	"created_at": "2020-01-01T00:00:00Z", "pushed_at": pushed,
}}

run(repos, params) := r if {
	r := gh18.deny with input as {"documents": {"github.repository": repos}, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_recently_pushed_passes if {
	count(run([repo("api", "2026-11-01T10:00:00Z", false)], {})) == 0

	# exactly inactive_repo_days is still in time
	count(run([repo("api", "2025-11-21T00:00:00Z", false)], {})) == 0
	count(run([repo("api", "2025-11-20T00:00:00Z", false)], {})) == 1
}

test_inactive_repo_is_an_observation if {
	f := only(run([repo("legacy", "2025-10-01T00:00:00Z", false)], {}))
	f.key == "inactive"
	f.grade == "observation"
	f.resource == {"kind": "github.repository", "id": "github.com/acme/legacy"}
	f.msg == "acme/legacy: no push for 416 days (last 2025-10-01); repositories inactive for more than 365 days (inactive_repo_days) should be archived"
}

test_never_pushed_repo_uses_creation if {
	f := only(run([repo("empty", null, false)], {}))
	f.key == "inactive"
	contains(f.msg, "(last 2020-01-01)")
}

test_archived_repos_are_not_judged if {
	count(run([repo("legacy", "2020-10-01T00:00:00Z", true)], {})) == 0
}

test_inactivity_period_is_the_organisations if {
	count(run([repo("legacy", "2025-10-01T00:00:00Z", false)], {"inactive_repo_days": 730})) == 0
}
