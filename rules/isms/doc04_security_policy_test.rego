package ismscheck.doc04_test

import data.ismscheck.doc04

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

good_meta := {
	"title": "Information security policy",
	"owner": "CISO",
	"approver": "Jane Doe",
	"approver_role": "Chief Executive Officer",
	"approved_on": "2026-02-01",
	"version": "2.0",
	"next_review": "2027-02-01",
}

lines := {"owner": 3, "approver": 4, "approver_role": 5, "approved_on": 6}

policy(m) := {
	"kind": "isms.document", "id": "policies/information-security.md", "complete": true,
	"data": {"path": "policies/information-security.md", "controlled": true, "type": "information_security_policy", "meta": m, "lines": lines},
}

run(docs) := r if {
	r := doc04.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs}, "as_of": "2026-11-21", "params": {}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_approved_by_ceo_passes if {
	count(run([policy(good_meta)])) == 0
}

test_approver_with_role_in_name_passes if {
	m := object.remove(object.union(good_meta, {"approver": "Jane Doe, Managing Director"}), ["approver_role"])
	count(run([policy(m)])) == 0
}

test_absent_policy_is_major if {
	topic := {"kind": "isms.document", "id": "policies/access.md", "data": {"type": "policy", "meta": good_meta}}
	f := only(run([topic]))
	f.grade == "major"
	contains(f.msg, "type: information_security_policy")
	not f.resource
}

test_missing_approver_is_major if {
	f := only(run([policy(object.remove(good_meta, ["approver"]))]))
	f.grade == "major"
	f.resource == {"kind": "isms.document", "id": "policies/information-security.md"}
	contains(f.msg, "policies/information-security.md")
	contains(f.msg, "`approver`")
}

test_placeholder_approved_on_is_major if {
	f := only(run([policy(object.union(good_meta, {"approved_on": "TBD"}))]))
	f.grade == "major"
	f.line == 6
	contains(f.msg, "policies/information-security.md")
	contains(f.msg, "`approved_on`")
}

test_invalid_approved_on_is_major if {
	f := only(run([policy(object.union(good_meta, {"approved_on": "2026-02-30"}))]))
	f.grade == "major"
	f.line == 6
	contains(f.msg, `approved_on "2026-02-30" is not a date`)
}

test_future_approved_on_is_major if {
	f := only(run([policy(object.union(good_meta, {"approved_on": "2027-01-10"}))]))
	f.grade == "major"
	contains(f.msg, "approved_on 2027-01-10 is after the audit date 2026-11-21")
}

test_approver_role_not_top_management_is_major if {
	f := only(run([policy(object.union(good_meta, {"approver_role": "Information Security Manager"}))]))
	f.grade == "major"
	f.line == 5
	f.resource.id == "policies/information-security.md"
	contains(f.msg, `approver_role "Information Security Manager" is not a top-management role`)
}

test_director_is_not_cto if {
	f := only(run([policy(object.union(good_meta, {"approver_role": "IT Director"}))]))
	f.grade == "major"
	contains(f.msg, "IT Director")
}

test_role_falls_back_to_approver if {
	m := object.remove(object.union(good_meta, {"approver": "Head of IT"}), ["approver_role"])
	f := only(run([policy(m)]))
	f.grade == "major"
	f.line == 4
	contains(f.msg, `approver "Head of IT" is not a top-management role`)
}

test_configured_roles_are_used if {
	m := object.union(good_meta, {"approver_role": "Geschäftsführer"})
	r := doc04.deny with input as {
		"documents": {"isms.document": [policy(m)]},
		"params": {"top_management_roles": ["geschäftsführer"]},
	}
		with time.now_ns as as_of_ns
	count(r) == 0
}

test_empty_front_matter_reports_both_fields if {
	r := run([policy({})])
	count(r) == 2
	every f in r {
		f.grade == "major"
	}
	msgs := concat("\n", [f.msg | some f in r])
	contains(msgs, "`approver`")
	contains(msgs, "`approved_on`")
}

test_incomplete_document_is_not_graded if {
	d := object.union(policy({}), {"complete": false})
	count(run([d])) == 0
}
