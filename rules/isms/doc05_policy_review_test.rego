package ismscheck.doc05_test

import data.ismscheck.doc05

# 2026-11-21
as_of_ns := 1795219200000000000

good_meta := {
	"title": "Supplier security",
	"owner": "Head of Procurement",
	"approver": "CISO",
	"approved_on": "2026-03-01",
	"version": "1.2",
	"next_review": "2027-03-01",
}

lines := {"title": 2, "owner": 3, "approver": 4, "approved_on": 5, "version": 6, "next_review": 7}

doc(m) := {
	"kind": "isms.document", "id": "policies/supplier-security.md", "complete": true,
	"data": {"path": "policies/supplier-security.md", "controlled": true, "type": "policy", "meta": m, "lines": lines},
}

run(d) := r if {
	r := doc05.deny with input as {"document": d, "as_of": "2026-11-21", "params": {"review_warning_days": 30, "review_interval_days": 365}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_policy_passes if {
	count(run(doc(good_meta))) == 0
}

test_information_security_policy_is_checked_too if {
	d := object.union(doc(object.remove(good_meta, ["version"])), {"data": {"type": "information_security_policy"}})
	f := only(run(d))
	f.grade == "minor"
	contains(f.msg, "lacks version")
}

test_other_document_types_are_ignored if {
	d := object.union(doc({}), {"data": {"type": "procedure"}})
	count(run(d)) == 0
}

test_missing_fields_are_one_minor_finding if {
	m := object.union(object.remove(good_meta, ["owner"]), {"version": "", "approver": "TBD"})
	d := json.patch(doc(m), [{"op": "remove", "path": "/data/lines/owner"}])
	f := only(run(d))
	f.grade == "minor"
	f.msg == "policies/supplier-security.md: front matter lacks owner, approver, version (missing or blank)"
	f.line == 4 # owner has no line (absent); approver is the first with one
}

test_na_is_not_blank if {
	count(run(doc(object.union(good_meta, {"version": "N/A"})))) == 0
}

test_overdue_review_is_minor if {
	f := only(run(doc(object.union(good_meta, {"approved_on": "2025-08-31", "next_review": "2026-08-31"}))))
	f.grade == "minor"
	f.line == 7
	f.msg == "policies/supplier-security.md: next review was due 2026-08-31 (82 days overdue)"
}

test_review_due_soon_is_observation if {
	f := only(run(doc(object.union(good_meta, {"next_review": "2026-12-01"}))))
	f.grade == "observation"
	f.line == 7
	f.msg == "policies/supplier-security.md: next review is due 2026-12-01 (in 10 days)"
}

test_review_due_today_is_observation if {
	f := only(run(doc(object.union(good_meta, {"next_review": "2026-11-21"}))))
	f.grade == "observation"
	contains(f.msg, "due 2026-11-21 (today)")
}

test_warning_window_is_a_param if {
	r := doc05.deny with input as {"document": doc(object.union(good_meta, {"next_review": "2026-12-01"})), "params": {"review_warning_days": 5}}
		with time.now_ns as as_of_ns
	count(r) == 0
}

test_invalid_next_review_is_minor if {
	r := run(doc(object.union(good_meta, {"next_review": "31/08/2027"})))
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.line == 7
	contains(f.msg, `next_review "31/08/2027" is not a date`)
}

test_stale_approval_without_next_review_is_minor if {
	r := run(doc(object.remove(object.union(good_meta, {"approved_on": "2025-01-01"}), ["next_review"])))
	count(r) == 2
	some f in r
	f.line == 5
	f.grade == "minor"
	f.msg == "policies/supplier-security.md: last approved 2025-01-01 (689 days ago, beyond the 365-day review interval) and no valid next_review date is set"
	some g in r
	g.msg == "policies/supplier-security.md: front matter lacks next_review (missing or blank)"
}

test_stale_approval_with_future_review_passes if {
	count(run(doc(object.union(good_meta, {"approved_on": "2025-01-01", "next_review": "2027-01-31"})))) == 0
}

test_no_front_matter_lists_everything if {
	d := {"kind": "isms.document", "id": "policies/x.md", "data": {"type": "policy"}}
	f := only(run(d))
	f.grade == "minor"
	f.msg == "policies/x.md: front matter lacks owner, approver, approved_on, version, next_review (missing or blank)"
	not f.line
}

test_boundaries if {
	# one day overdue is minor
	f := only(run(doc(object.union(good_meta, {"next_review": "2026-11-20"}))))
	f.grade == "minor"
	f.msg == "policies/supplier-security.md: next review was due 2026-11-20 (1 day overdue)"

	# due exactly at the end of the warning window is an observation
	g := only(run(doc(object.union(good_meta, {"next_review": "2026-12-21"}))))
	g.grade == "observation"
	contains(g.msg, "(in 30 days)")

	# approved exactly one interval ago is still in time; one day more is not
	no_review := object.remove(good_meta, ["next_review"])
	r365 := run(doc(object.union(no_review, {"approved_on": "2025-11-21"})))
	count(r365) == 1 # only the missing next_review
	r366 := run(doc(object.union(no_review, {"approved_on": "2025-11-20"})))
	count(r366) == 2
}
