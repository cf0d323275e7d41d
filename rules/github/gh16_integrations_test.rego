package ismscheck.gh16_test

import data.ismscheck.gh16

app(slug, selection, perms) := {"id": 1, "app_id": 2, "app_slug": slug, "target_type": "Organization", "repository_selection": selection, "permissions": perms, "events": [], "suspended": false}

good_hook := {"id": 7, "name": "web", "active": true, "events": ["push"], "url_scheme": "https", "url_host": "ci.example.com", "insecure_ssl": false, "secret_configured": true}

org(apps, hooks) := {"kind": "github.organization", "id": "github.com/acme", "complete": true, "data": {"login": "acme", "installations": apps, "hooks": hooks}}

repo(name, hooks, archived) := {"kind": "github.repository", "id": sprintf("github.com/acme/%s", [name]), "complete": true, "data": {
	"owner": "acme", "name": name, "full_name": sprintf("acme/%s", [name]), "archived": archived, "hooks": hooks,
}}

run(docs, params) := r if {
	r := gh16.deny with input as {"documents": docs, "params": params}
}

docs(o, repos) := {"github.organization": [o], "github.repository": repos}

test_approved_narrow_apps_and_good_hooks_pass if {
	d := docs(org([app("renovate", "all", {"contents": "write", "metadata": "read"})], [good_hook]), [repo("api", [good_hook], false)])
	count(run(d, {"approved_apps": ["Renovate"]})) == 0
}

test_unapproved_app_is_minor if {
	d := docs(org([app("renovate", "selected", {}), app("shady", "selected", {})], []), [])
	[f] := [f | some f in run(d, {"approved_apps": ["renovate"]})]
	f.key == "unapproved-app:shady"
	f.grade == "minor"
	f.resource == {"kind": "github.organization", "id": "github.com/acme"}
	f.msg == "Organisation acme: GitHub App shady (installed on selected repositories) is not on the approved list (approved_apps)"
}

test_no_list_is_an_observation_naming_the_apps if {
	d := docs(org([app("b-app", "selected", {}), app("a-app", "selected", {})], []), [])
	[f] := [f | some f in run(d, {})]
	f.key == "apps-not-reviewed"
	f.grade == "observation"
	contains(f.msg, "2 GitHub Apps installed (a-app, b-app)")
}

test_an_empty_list_approves_nothing if {
	d := docs(org([app("renovate", "selected", {})], []), [])
	{f.key | some f in run(d, {"approved_apps": []})} == {"unapproved-app:renovate"}
}

test_suspended_apps_are_ignored if {
	d := docs(org([object.union(app("old", "all", {"administration": "write"}), {"suspended": true})], []), [])
	count(run(d, {})) == 0
}

test_broad_write_on_all_repositories_is_an_observation if {
	d := docs(org([app("release-bot", "all", {"administration": "write", "contents": "write", "workflows": "write", "metadata": "read"})], []), [])
	r := run(d, {"approved_apps": ["release-bot"]})
	[f] := [f | some f in r]
	f.key == "broad-app:release-bot"
	f.grade == "observation"
	f.msg == "Organisation acme: GitHub App release-bot is installed on all repositories with write access to administration, workflows"
	# The same permissions on selected repositories only are not broad.
	d2 := docs(org([app("release-bot", "selected", {"administration": "write"})], []), [])
	count(run(d2, {"approved_apps": ["release-bot"]})) == 0
}

test_each_bad_webhook_is_one_minor_finding_naming_its_problems if {
	bad := object.union(good_hook, {"id": 9, "url_scheme": "http", "url_host": "example.com", "insecure_ssl": true, "secret_configured": false})
	d := docs(org([], [bad]), [repo("api", [good_hook, object.union(good_hook, {"id": 10, "secret_configured": false})], false)])
	r := run(d, {"approved_apps": []})
	count(r) == 2
	some f in r
	f.key == "hook:9"
	f.grade == "minor"
	f.msg == "Organisation acme: webhook 9 to http://example.com delivers over unencrypted http; does not verify the receiver's TLS certificate (insecure_ssl); has no secret, so the receiver cannot authenticate its payloads"
	some g in r
	g.key == "hook:10"
	g.resource == {"kind": "github.repository", "id": "github.com/acme/api"}
	g.msg == "acme/api: webhook 10 to https://ci.example.com has no secret, so the receiver cannot authenticate its payloads"
}

test_inactive_hooks_and_archived_repositories_are_not_graded if {
	bad := object.union(good_hook, {"secret_configured": false})
	d := docs(org([], [object.union(bad, {"active": false})]), [repo("old", [bad], true)])
	count(run(d, {"approved_apps": []})) == 0
}

# Unreadable facts (null, with the collector's error on the document) are never read as
# "no apps" or "no webhooks" being a pass: the engine reports the gap; here nothing is judged.
test_unreadable_lists_give_no_finding if {
	d := docs(org(null, null), [repo("api", null, false)])
	count(run(d, {})) == 0
}
