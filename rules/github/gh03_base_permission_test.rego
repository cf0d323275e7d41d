package ismscheck.gh03_test

import data.ismscheck.gh03

org(v) := {"kind": "github.organization", "id": "github.com/acme", "complete": true, "data": {"login": "acme", "default_repository_permission": v}}

test_none_and_read_pass if {
	count(gh03.deny) == 0 with input as {"document": org("none")}
	count(gh03.deny) == 0 with input as {"document": org("read")}
}

test_write_and_admin_are_minor if {
	r := gh03.deny with input as {"document": org("write")}
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == `Organisation acme gives every member write access to every repository (base permission "write"); policy requires none or read`
	count(gh03.deny) == 1 with input as {"document": org("admin")}
}
