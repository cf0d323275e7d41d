package ismscheck.doc29_test

import data.ismscheck.doc29

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "date", "summary", "classification", "lessons_learned", "status"]

inc(id, class, lessons, status) := {"id": id, "date": "2026-01-27", "summary": "s", "classification": class, "lessons_learned": lessons, "status": status}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/incidents.csv", "complete": true,
	"data": {
		"path": "registers/incidents.csv", "register": "incidents", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

run(regs) := r if {
	r := doc29.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_log_passes if {
	rows := [inc("INC-01", "medium", "Rotate keys faster", "closed"), inc("INC-02", "low", "", "investigating")]
	count(run([register(cols, rows)])) == 0
}

test_empty_log_passes if {
	count(run([register(cols, [])])) == 0
}

test_absent_is_minor if {
	f := only(run([]))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No incident log")
	contains(f.msg, "`incidents`")
}

test_unclassified_and_closed_without_lessons_are_one_minor if {
	rows := [
		inc("INC-01", "medium", "x", "closed"),
		inc("INC-02", "", "x", "open"),
		inc("INC-03", "low", "TBD", "Resolved"),
		inc("INC-04", "low", "", "open"),
	]
	f := only(run([register(cols, rows)]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.msg == "registers/incidents.csv: incidents without a classification or, once closed, lessons learned (2 of 4): INC-02 (line 3): classification; INC-03 (line 4): lessons_learned"
}

test_without_status_lessons_are_always_owed if {
	rows := [{"id": "INC-01", "classification": "low", "lessons_learned": ""}]
	f := only(run([register(["id", "classification", "lessons_learned"], rows)]))
	f.key == "rows"
	endswith(f.msg, "INC-01 (line 2): lessons_learned")
}

test_missing_columns_are_minor if {
	rows := [{"id": "INC-01", "summary": "s", "status": "closed"}]
	f := only(run([register(["id", "summary", "status"], rows)]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/incidents.csv: the incident log has no column for classification, lessons_learned"
}

test_lessons_column_not_needed_while_all_open if {
	rows := [{"id": "INC-01", "classification": "low", "status": "open"}]
	count(run([register(["id", "classification", "status"], rows)])) == 0
}

test_unreadable_log_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})])) == 0
}
