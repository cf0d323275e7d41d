package ismscheck.doc17_test

import data.ismscheck.doc17

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "what", "when", "with_whom", "who", "how"]

comm(id) := {"id": id, "what": "Security update", "when": "monthly", "with_whom": "Leadership team", "who": "Head of Security", "how": "meeting"}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/communication-plan.csv", "complete": true,
	"data": {
		"path": "registers/communication-plan.csv", "register": "communication_plan", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

plan_doc := {"kind": "isms.document", "id": "governance/communication.md", "data": {"type": "communication_plan", "meta": {}}}

run(docs, regs) := r if {
	r := doc17.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs, "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_register_passes if {
	count(run([], [register(cols, [comm("COM-01"), comm("COM-02")])])) == 0
}

test_document_passes if {
	count(run([plan_doc], [])) == 0
}

test_absent_is_observation if {
	f := only(run([], []))
	f.grade == "observation"
	not f.key
	contains(f.msg, "No communication plan")
	contains(f.msg, "type: communication_plan")
}

test_empty_register_is_observation if {
	f := only(run([], [register(cols, [])]))
	f.grade == "observation"
	f.key == "empty"
	f.msg == "registers/communication-plan.csv: the communication plan has no entries"
	count(run([plan_doc], [register(cols, [])])) == 0
}

test_incomplete_rows_are_one_observation if {
	rows := [comm("COM-01"), object.union(comm("COM-02"), {"with_whom": "", "who": "?"})]
	f := only(run([], [register(cols, rows)]))
	f.grade == "observation"
	f.key == "rows"
	f.line == 3
	f.msg == "registers/communication-plan.csv: communications with blank required values (1 of 2): COM-02 (line 3): with_whom, who"
}

test_missing_column_is_observation if {
	rows := [object.remove(comm("COM-01"), ["when"])]
	f := only(run([], [register(["id", "what", "with_whom", "who"], rows)]))
	f.grade == "observation"
	f.key == "columns"
	f.msg == "registers/communication-plan.csv: the communication plan has no column for when"
}
