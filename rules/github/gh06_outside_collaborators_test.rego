package ismscheck.gh06_test

import data.ismscheck.gh06

members(outside) := {"kind": "github.members", "id": "github.com/acme/members", "complete": true, "data": {
	"org": "acme", "members": [{"login": "alice", "role": "admin"}], "owners": ["alice"],
	"outside_collaborators": outside, "two_factor_disabled": [],
}}

repo(name, admins) := {"kind": "github.repository", "id": sprintf("github.com/acme/%s", [name]), "complete": true, "data": {
	"owner": "acme", "name": name, "full_name": sprintf("acme/%s", [name]), "archived": false,
	"admin_collaborators": [{"login": a, "role_name": "admin"} | some a in admins],
}}

run(m, repos, params) := r if {
	r := gh06.deny with input as {"documents": {"github.members": [m], "github.repository": repos}, "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_no_outside_collaborators_passes if {
	count(run(members([]), [repo("api", ["alice"])], {})) == 0
}

test_approved_outside_collaborators_pass if {
	count(run(members(["jane"]), [repo("api", ["alice"])], {"approved_outside_collaborators": ["Jane"]})) == 0
}

test_unapproved_outside_collaborator_is_minor if {
	f := only(run(members(["jane", "zed"]), [], {"approved_outside_collaborators": ["jane"]}))
	f.grade == "minor"
	f.key == "unapproved"
	f.resource == {"kind": "github.members", "id": "github.com/acme/members"}
	f.msg == "Organisation acme has 1 outside collaborator not on the approved list (approved_outside_collaborators): zed"
}

test_empty_approved_list_means_none_allowed if {
	f := only(run(members(["jane"]), [], {"approved_outside_collaborators": []}))
	f.key == "unapproved"
}

test_no_stated_list_is_an_observation if {
	f := only(run(members(["jane", "zed"]), [], {"approved_outside_collaborators": null}))
	f.grade == "observation"
	f.key == "unreviewed"
	f.msg == "Organisation acme has 2 outside collaborators (jane, zed); no approved list (approved_outside_collaborators) shows their access was authorised and reviewed"
	count(run(members(["jane"]), [], {})) == 1
}

test_outside_admin_is_minor_even_when_approved if {
	f := only(run(members(["jane"]), [repo("web", ["jane"]), repo("api", ["alice", "jane"]), repo("docs", [])], {"approved_outside_collaborators": ["jane"]}))
	f.grade == "minor"
	f.key == "outside-admin:jane"
	f.msg == "Outside collaborator jane has admin rights on acme/api, acme/web: a person outside organisation acme can change protection settings, add collaborators and delete the repository"
	f.evidence == [{"kind": "github.repository", "id": "github.com/acme/api"}, {"kind": "github.repository", "id": "github.com/acme/web"}]
}

test_member_admins_are_not_outside if {
	count(run(members(["jane"]), [repo("api", ["alice"])], {"approved_outside_collaborators": ["jane"]})) == 0
}
