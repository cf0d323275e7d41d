package ismscheck.doc18_test

import data.ismscheck.doc18

# 2026-11-21
as_of_ns := 1795219200000000000

good_meta := {"owner": "COO", "approver": "CTO", "version": "1.0", "approved_on": "2026-05-01", "next_review": "2027-05-01"}

procedure(m) := {
	"kind": "isms.document", "id": "procedures/backup.md", "complete": true,
	"data": {
		"path": "procedures/backup.md", "controlled": true, "type": "procedure", "meta": m,
		"lines": {"owner": 3, "version": 4, "approved_on": 5, "next_review": 6},
	},
}

register(format, m) := {
	"kind": "isms.register", "id": "registers/assets.yaml", "complete": true,
	"data": {
		"path": "registers/assets.yaml", "register": "assets", "format": format, "meta": m,
		"columns": ["id", "owner"], "rows": [{"id": "A-1", "owner": "IT"}], "row_lines": [9],
	},
}

run(d) := r if {
	r := doc18.deny with input as {"document": d, "as_of": "2026-11-21", "params": {"review_warning_days": 30}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_controlled_document_passes if {
	count(run(procedure(good_meta))) == 0
}

test_yaml_register_passes if {
	count(run(register("yaml", good_meta))) == 0
}

test_missing_fields_in_document_is_minor if {
	f := only(run(procedure(object.union(good_meta, {"owner": "[OWNER]", "version": null}))))
	f.grade == "minor"
	f.line == 3
	f.msg == "procedures/backup.md: front matter lacks owner, version (missing or blank)"
}

test_missing_approver_is_minor if {
	f := only(run(procedure(object.remove(good_meta, ["approver"]))))
	f.grade == "minor"
	f.key == "missing-fields"
	f.msg == "procedures/backup.md: front matter lacks approver (missing or blank)"
}

test_missing_header_in_yaml_register_is_minor if {
	f := only(run(register("yaml", {})))
	f.grade == "minor"
	f.msg == "registers/assets.yaml: register header lacks owner, approver, version, approved_on, next_review (missing or blank)"
	not f.line
}

test_csv_register_is_skipped if {
	count(run(register("csv", {}))) == 0
}

test_uncontrolled_document_is_skipped if {
	d := object.union(procedure({}), {"data": {"controlled": false}})
	count(run(d)) == 0
}

test_policies_are_left_to_doc05 if {
	d := object.union(procedure({}), {"data": {"type": "policy"}})
	count(run(d)) == 0
}

test_overdue_review_is_minor if {
	f := only(run(procedure(object.union(good_meta, {"next_review": "2026-08-31"}))))
	f.grade == "minor"
	f.line == 6
	f.msg == "procedures/backup.md: next review was due 2026-08-31 (82 days overdue)"
}

test_overdue_register_is_minor if {
	f := only(run(register("yaml", object.union(good_meta, {"next_review": "2026-11-20"}))))
	f.grade == "minor"
	f.msg == "registers/assets.yaml: next review was due 2026-11-20 (1 day overdue)"
}

test_review_due_soon_is_observation if {
	f := only(run(procedure(object.union(good_meta, {"next_review": "2026-12-21"}))))
	f.grade == "observation"
	f.line == 6
	f.msg == "procedures/backup.md: next review is due 2026-12-21 (in 30 days)"
}

test_review_beyond_window_passes if {
	count(run(procedure(object.union(good_meta, {"next_review": "2026-12-22"})))) == 0
}

test_invalid_date_is_minor if {
	f := only(run(procedure(object.union(good_meta, {"approved_on": "May 2026"}))))
	f.grade == "minor"
	f.line == 5
	contains(f.msg, `procedures/backup.md: approved_on "May 2026" is not a date`)
}

test_record_needs_only_owner if {
	d := object.union(procedure({"owner": "Internal auditor", "date": "2026-06-01"}), {"data": {"type": "audit_report"}})
	count(run(d)) == 0
}

test_record_without_owner_is_minor if {
	d := object.union(procedure({"date": "2026-06-01"}), {"data": {"type": "audit_report"}})
	f := only(run(d))
	f.grade == "minor"
	f.msg == "procedures/backup.md: front matter lacks owner (missing or blank)"
}

test_review_due_today_is_observation if {
	f := only(run(procedure(object.union(good_meta, {"next_review": "2026-11-21"}))))
	f.grade == "observation"
	f.msg == "procedures/backup.md: next review is due 2026-11-21 (today)"
}

test_control_block_in_the_body_is_named_so if {
	d := json.patch(procedure(object.remove(good_meta, ["approver"])), [{"op": "add", "path": "/data/front_matter", "value": false}])
	f := only(run(d))
	f.msg == "procedures/backup.md: document control block lacks approver (missing or blank)"
}
