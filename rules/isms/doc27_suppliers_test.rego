package ismscheck.doc27_test

import data.ismscheck.doc27

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["supplier", "service", "data_shared", "risk_rating", "agreement_ref", "last_review"]

supplier(name, reviewed) := {
	"supplier": name, "service": "Cloud hosting", "data_shared": "Customer data",
	"risk_rating": "high", "agreement_ref": "AGR-001", "last_review": reviewed,
}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/suppliers.csv", "complete": true,
	"data": {
		"path": "registers/suppliers.csv", "register": "suppliers", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

run(regs, params) := r if {
	r := doc27.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	rows := [supplier("AWS", "2026-09-22"), supplier("GitHub", "2025-11-21")]
	count(run([register(cols, rows)], {})) == 0
}

test_absent_is_minor if {
	f := only(run([], {}))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No supplier register")
}

test_empty_is_minor if {
	f := only(run([register(cols, [])], {}))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/suppliers.csv: the supplier register lists no suppliers"
}

test_incomplete_rows_are_one_minor if {
	rows := [
		supplier("AWS", "2026-09-22"),
		object.union(supplier("Slack", "2026-09-29"), {"agreement_ref": "", "data_shared": "TBD"}),
		supplier("Datadog", "Sept 2026"),
	]
	f := only(run([register(cols, rows)], {}))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.msg == `registers/suppliers.csv: suppliers with missing or invalid values (2 of 3): Slack (line 3): data_shared, agreement_ref; Datadog (line 4): last_review "Sept 2026" (not a date)`
}

test_overdue_reviews_are_one_minor if {
	rows := [supplier("AWS", "2026-09-22"), supplier("GitHub", "2025-11-20"), supplier("Slack", "2027-01-01")]
	f := only(run([register(cols, rows)], {}))
	f.grade == "minor"
	f.key == "reviews"
	f.line == 3
	f.msg == "registers/suppliers.csv: suppliers not reviewed within 365 days (2 of 3): GitHub (line 3): last reviewed 2025-11-20 (366 days ago); Slack (line 4): last_review 2027-01-01 is after the audit date"
}

test_review_interval_is_a_param if {
	rows := [supplier("GitHub", "2025-06-01")]
	count(run([register(cols, rows)], {"supplier_review_days": 730})) == 0
	f := only(run([register(cols, rows)], {"supplier_review_days": 90}))
	f.key == "reviews"
	contains(f.msg, "not reviewed within 90 days")
}

test_missing_columns_are_minor if {
	rows := [{"supplier": "AWS", "service": "hosting"}]
	f := only(run([register(["supplier", "service"], rows)], {}))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/suppliers.csv: the supplier register has no column for data_shared, risk_rating, agreement_ref, last_review"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})], {})) == 0
}
