package ismscheck.doc24_test

import data.ismscheck.doc24

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

log(rows, row_lines) := {
	"kind": "isms.register", "id": "registers/corrective-actions.csv", "complete": true,
	"data": {
		"path": "registers/corrective-actions.csv", "register": "corrective_actions", "format": "csv", "meta": {},
		"columns": ["id", "description", "root_cause", "owner", "due_date", "status", "effectiveness_review"], "rows": rows, "row_lines": row_lines,
	},
}

action(id, due, status) := {"id": id, "description": "d", "root_cause": "rc", "owner": "CTO", "due_date": due, "status": status, "effectiveness_review": "2026-03-01: effective"}

run(docs) := r if {
	r := doc24.deny with input as {"documents": docs, "as_of": "2026-11-21", "params": {}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_log_on_track_passes if {
	rows := [
		action("CA-01", "2026-01-10", "Closed"),
		action("CA-02", "2026-03-01", "verified"),
		action("CA-03", "2027-01-31", "open"),
		action("CA-04", "2026-11-21", "in progress"), # due today, not yet overdue
	]
	count(run({"isms.repository": [repo], "isms.register": [log(rows, [2, 3, 4, 5])]})) == 0
}

test_log_as_document_passes if {
	d := {"kind": "isms.document", "id": "improvement/corrective-actions.md", "data": {"type": "corrective_actions", "meta": {}}}
	count(run({"isms.repository": [repo], "isms.document": [d]})) == 0
}

test_absent_log_is_minor if {
	f := only(run({"isms.repository": [repo], "isms.register": []}))
	f.grade == "minor"
	contains(f.msg, "`corrective_actions` register")
}

test_overdue_open_action_is_observation if {
	rows := [action("CA-01", "2026-01-10", "done"), action("CA-07", "2026-10-01", "In progress")]
	f := only(run({"isms.register": [log(rows, [2, 3])]}))
	f.grade == "observation"
	f.line == 3
	f.resource == {"kind": "isms.register", "id": "registers/corrective-actions.csv"}
	f.msg == "registers/corrective-actions.csv: CA-07 is still open (status: In progress) and was due 2026-10-01 (51 days overdue)"
}

test_due_column_and_blank_status if {
	rows := [{"id": "CA-09", "root_cause": "rc", "owner": "CTO", "due": "2026-11-20", "status": ""}]
	f := only(run({"isms.register": [log(rows, [4])]}))
	f.grade == "observation"
	f.line == 4
	f.msg == "registers/corrective-actions.csv: CA-09 is still open (no status) and was due 2026-11-20 (1 day overdue)"
}

test_one_finding_per_overdue_row if {
	rows := [action("CA-01", "2026-01-10", "open"), action("", "2026-02-10", "open")]
	r := run({"isms.register": [log(rows, [2, 3])]})
	count(r) == 2
	every f in r {
		f.grade == "observation"
	}
	{f.line | some f in r} == {2, 3}
	some f in r
	startswith(f.msg, "registers/corrective-actions.csv: line 3 is still open")
}

test_missing_or_invalid_due_date_is_not_overdue if {
	rows := [{"id": "CA-01", "root_cause": "rc", "owner": "CTO", "status": "open"}, action("CA-02", "soon", "open")]
	f := only(run({"isms.register": [log(rows, [2, 3])]}))
	f.grade == "minor" # not an overdue observation; the missing due dates are reported
	f.key == "rows"
	f.msg == `registers/corrective-actions.csv: corrective actions with missing or invalid values (2 of 2): CA-01 (line 2): due_date; CA-02 (line 3): due_date "soon" (not a date)`
}

test_closed_statuses_are_a_param if {
	rows := [action("CA-01", "2026-01-10", "Fixed")]
	r := doc24.deny with input as {"documents": {"isms.register": [log(rows, [2])]}, "params": {"closed_statuses": ["fixed"]}}
		with time.now_ns as as_of_ns
	count(r) == 0
	f := only(run({"isms.register": [log(rows, [2])]}))
	f.grade == "observation"
}

test_incomplete_register_is_not_graded if {
	broken := object.union(log([action("CA-01", "2026-01-10", "open")], [2]), {"complete": false})
	count(run({"isms.register": [broken]})) == 0
}

test_missing_root_cause_owner_and_review_are_one_minor if {
	rows := [
		action("CA-01", "2026-01-10", "closed"),
		object.union(action("CA-02", "2026-01-10", "closed"), {"root_cause": "", "effectiveness_review": "TBD"}),
		object.union(action("CA-03", "2027-01-10", "open"), {"owner": null, "effectiveness_review": ""}),
		object.union(action("CA-04", "2026-01-10", "cancelled"), {"effectiveness_review": ""}),
	]
	f := only(run({"isms.register": [log(rows, [2, 3, 4, 5])]}))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.resource == {"kind": "isms.register", "id": "registers/corrective-actions.csv"}
	f.msg == "registers/corrective-actions.csv: corrective actions with missing or invalid values (2 of 4): CA-02 (line 3): root_cause, effectiveness_review; CA-03 (line 4): owner"
}

test_overdue_and_incomplete_give_both_grades if {
	rows := [object.union(action("CA-07", "2026-10-01", "open"), {"root_cause": ""})]
	r := run({"isms.register": [log(rows, [2])]})
	count(r) == 2
	{[f.key, f.grade] | some f in r} == {["CA-07", "observation"], ["rows", "minor"]}
}

test_missing_columns_are_one_minor if {
	rows := [{"id": "CA-01", "description": "d", "owner": "CTO", "due_date": "2026-01-10", "status": "closed"}]
	reg := json.patch(log(rows, [2]), [{"op": "replace", "path": "/data/columns", "value": ["id", "description", "owner", "due_date", "status"]}])
	f := only(run({"isms.register": [reg]}))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/corrective-actions.csv: the corrective action log has no column for root_cause, effectiveness_review"
}

test_effectiveness_column_not_needed_while_all_open if {
	rows := [{"id": "CA-01", "root_cause": "rc", "owner": "CTO", "due_date": "2027-01-10", "status": "open"}]
	reg := json.patch(log(rows, [2]), [{"op": "replace", "path": "/data/columns", "value": ["id", "root_cause", "owner", "due_date", "status"]}])
	count(run({"isms.register": [reg]})) == 0
}

# A freshly logged action (as `ismscheck cap --append-to` writes it) has no root cause yet:
# owed once it is closed or past its due date, not while it is open and on time.
test_root_cause_not_owed_while_open_and_on_time if {
	rows := [object.union(action("CA-01", "2026-11-21", "open"), {"root_cause": "", "effectiveness_review": ""})]
	count(run({"isms.register": [log(rows, [2])]})) == 0
}

test_root_cause_owed_once_past_due if {
	rows := [object.union(action("CA-01", "2026-11-20", "open"), {"root_cause": ""})]
	r := run({"isms.register": [log(rows, [2])]})
	some f in r
	f.key == "rows"
	f.grade == "minor"
	f.msg == "registers/corrective-actions.csv: corrective actions with missing or invalid values (1 of 1): CA-01 (line 2): root_cause"
}

test_root_cause_owed_once_closed if {
	rows := [object.union(action("CA-01", "2027-01-10", "closed"), {"root_cause": ""})]
	f := only(run({"isms.register": [log(rows, [2])]}))
	f.grade == "minor"
	f.msg == "registers/corrective-actions.csv: corrective actions with missing or invalid values (1 of 1): CA-01 (line 2): root_cause"
}
