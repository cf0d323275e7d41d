package ismscheck.doc13_test

import data.ismscheck.doc13

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc13.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/objectives.md", "data": {"type": "objectives", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"objectives": ["x/objectives.md"]}}}
	count(doc13.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc13.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [objectives([objective("OBJ-01")])],
	}}
}

test_other_register_does_not_count if {
	r := doc13.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "`objectives` register")
}

test_absent_is_minor if {
	r := doc13.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "type: objectives")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/objectives.md", "data": {"meta": {"title": "information security objectives"}}}
	r := doc13.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
}

objective(id) := {"id": id, "objective": "o", "measure": "m", "target": "100%", "owner": "Head of People", "due_date": "2026-12-31"}

objectives(rows) := {
	"kind": "isms.register", "id": "registers/objectives.csv", "complete": true,
	"data": {
		"path": "registers/objectives.csv", "register": "objectives", "format": "csv", "meta": {},
		"columns": ["id", "objective", "measure", "target", "owner", "due_date"], "rows": rows,
		"row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

run(regs) := r if {
	r := doc13.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_measure_or_target_is_enough if {
	rows := [object.remove(objective("OBJ-01"), ["target"]), object.remove(objective("OBJ-02"), ["measure"])]
	count(run([objectives(rows)])) == 0
}

test_empty_register_is_minor if {
	f := only(run([objectives([])]))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/objectives.csv: no information security objective is recorded"
}

test_empty_register_beside_document_passes if {
	r := doc13.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [{"kind": "isms.document", "id": "x/objectives.md", "data": {"type": "objectives", "meta": {}}}],
		"isms.register": [objectives([])],
	}}
	count(r) == 0
}

test_objectives_without_owner_measure_or_date_are_one_minor if {
	rows := [
		objective("OBJ-01"),
		object.union(objective("OBJ-02"), {"owner": "", "measure": "TBD", "target": ""}),
		object.union(objective("OBJ-03"), {"due_date": "end of year"}),
	]
	f := only(run([objectives(rows)]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.resource == {"kind": "isms.register", "id": "registers/objectives.csv"}
	f.msg == `registers/objectives.csv: objectives that are not measurable as recorded (2 of 3): OBJ-02 (line 3): owner, target; OBJ-03 (line 4): due_date "end of year" (not a date)`
}

test_missing_due_column_is_minor if {
	r := json.patch(objectives([object.remove(objective("OBJ-01"), ["due_date"])]), [{"op": "replace", "path": "/data/columns", "value": ["id", "objective", "measure", "target", "owner"]}])
	f := only(run([r]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/objectives.csv: the objectives register has no column for due_date"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(objectives([]), {"complete": false})])) == 0
}
