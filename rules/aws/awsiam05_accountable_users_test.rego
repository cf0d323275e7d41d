package ismscheck.awsiam05_test

import data.ismscheck.awsiam05

user(name, password, keys, tags) := {
	"kind": "aws.iam.user", "id": sprintf("aws:111111111111:user/%s", [name]), "complete": true,
	"data": {"account_id": "111111111111", "name": name, "password_enabled": password, "access_keys": keys, "tags": tags},
}

active := [{"id_suffix": "ABCD", "active": true, "last_rotated": "2026-10-01T00:00:00Z", "last_used": null}]

run(d, params) := r if {
	r := awsiam05.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

test_owned_service_user_and_named_person_pass if {
	count(run(user("ci-export", false, active, {"Owner": "team-data", "purpose": "nightly export"}), {})) == 0
	count(run(user("alice.smith", true, [], {}), {})) == 0
}

test_unowned_service_user_is_minor if {
	r := run(user("ci-export", false, active, {"purpose": "export"}), {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "service user ci-export (account 111111111111) has active access keys but no owner (owner/contact) tag"
	some g in run(user("ci-export", false, active, null), {})
	g.msg == "service user ci-export (account 111111111111) has active access keys but no owner (owner/contact) or purpose (purpose/description) tag"
}

test_generic_console_user_is_minor if {
	r := run(user("Admin", true, [], {}), {})
	count(r) == 1
	some f in r
	f.key == "generic"
	f.msg == "IAM user Admin (account 111111111111) signs in to the console under a generic name: it cannot be tied to one person"
	count(run(user("admin", true, [], {}), {"generic_user_pattern": "^shared"})) == 0
}
