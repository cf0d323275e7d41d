package ismscheck.gh18_test

import data.ismscheck.gh18

# 2026-11-21
as_of_ns := 1795219200000000000

repo(name, pushed, archived) := {"kind": "github.repository", "id": sprintf("github.com/acme/%s", [name]), "complete": true, "data": {
	"owner": "acme", "name": name, "full_name": sprintf("acme/%s", [name]), "archived": archived,
	"created_at": "2020-01-01T00:00:00Z", "pushed_at": pushed,
}}

assets(rows) := {
	"kind": "isms.register", "id": "registers/assets.csv", "complete": true,
	"data": {"path": "registers/assets.csv", "register": "assets", "columns": ["id", "asset", "location"], "rows": rows},
}

# An asset register naming every repository, so the inactivity tests see only inactivity.
inventory_of(repos) := assets([{"id": sprintf("AST-%d", [i]), "asset": d.data.full_name} | some i, d in repos])

run(repos, params) := run_with(repos, [inventory_of(repos)], params)

run_with(repos, registers, params) := r if {
	r := gh18.deny with input as {"documents": {"github.repository": repos, "isms.register": registers}, "params": params}
		with time.now_ns as as_of_ns
}

inventory_findings(repos, registers) := {f | some f in run_with(repos, registers, {}); f.key == "asset_inventory"}

recent := "2026-11-01T10:00:00Z"

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

test_repository_named_in_the_inventory_passes if {
	# full name inside a longer text, any case
	count(inventory_findings([repo("api", recent, false)], [assets([{"id": "AST-1", "location": "GitHub (ACME/Api)"}])])) == 0

	# URL, with or without scheme, trailing slash or .git
	with_url := json.patch(repo("api", recent, false), [{"op": "add", "path": "/data/html_url", "value": "https://github.com/acme/api"}])
	count(inventory_findings([with_url], [assets([{"id": "AST-1", "asset": "https://github.com/acme/api.git"}])])) == 0
	count(inventory_findings([with_url], [assets([{"id": "AST-1", "asset": "see github.com/Acme/API/"}])])) == 0

	# the bare name only as the whole cell
	count(inventory_findings([repo("api", recent, false)], [assets([{"id": "AST-1", "asset": " API "}])])) == 0
}

test_repository_missing_from_the_inventory_is_an_observation if {
	fs := inventory_findings([repo("api", recent, false), repo("web", recent, false)], [assets([{"id": "AST-1", "asset": "acme/api"}])])
	count(fs) == 1
	some f in fs
	f.grade == "observation"
	f.resource == {"kind": "github.repository", "id": "github.com/acme/web"}
	f.msg == "acme/web is not in the asset inventory: no row of registers/assets.csv names it by owner/name, URL or name"
	f.evidence == [{"kind": "isms.register", "id": "registers/assets.csv"}]
}

test_name_inside_a_text_or_another_owner_does_not_match if {
	count(inventory_findings([repo("api", recent, false)], [assets([{"id": "AST-1", "asset": "Analytics web application and ingestion API"}])])) == 1
	count(inventory_findings([repo("api", recent, false)], [assets([{"id": "AST-1", "asset": "other/api"}])])) == 1
	count(inventory_findings([repo("api", recent, false)], [assets([{"id": "AST-1", "asset": "acme/api-old"}])])) == 1
}

test_archived_repositories_need_no_inventory_entry if {
	count(inventory_findings([repo("api", recent, true)], [assets([])])) == 0
}

test_without_an_asset_register_no_repository_passes if {
	fs := inventory_findings([repo("api", recent, false)], [])
	count(fs) == 1
	some f in fs
	f.grade == "observation"
	contains(f.msg, "no `assets` register")

	# a register of another type is not an asset inventory
	risks := {"kind": "isms.register", "id": "registers/risks.csv", "complete": true, "data": {"register": "risks", "rows": [{"id": "acme/api"}]}}
	count(inventory_findings([repo("api", recent, false)], [risks])) == 1
}

test_incomplete_asset_register_reports_nothing_missing if {
	incomplete := json.patch(assets([]), [{"op": "replace", "path": "/complete", "value": false}])
	count(inventory_findings([repo("api", recent, false)], [incomplete])) == 0
}
