package ismscheck.doc14_test

import data.ismscheck.doc14

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "change", "purpose", "consequences", "resources", "responsible"]

change(id) := {"id": id, "change": "Move ISMS to Git", "purpose": "p", "consequences": "c", "resources": "r", "responsible": "Head of Security"}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/isms-changes.yaml", "complete": true,
	"data": {
		"path": "registers/isms-changes.yaml", "register": "isms_changes", "format": "yaml", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := 12 + (8 * i)],
	},
}

run(regs) := r if {
	r := doc14.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_log_passes if {
	count(run([register(cols, [change("CHG-01"), change("CHG-02")])])) == 0
}

test_absent_log_is_observation if {
	f := only(run([]))
	f.grade == "observation"
	not f.key
	contains(f.msg, "No ISMS change log")
	contains(f.msg, "`isms_changes`")
}

test_empty_log_is_observation if {
	f := only(run([register(cols, [])]))
	f.grade == "observation"
	f.key == "empty"
	f.msg == "registers/isms-changes.yaml: no planned change to the ISMS is recorded"
}

test_incomplete_rows_are_one_observation if {
	rows := [change("CHG-01"), object.union(change("CHG-02"), {"consequences": "", "resources": "TBD"})]
	f := only(run([register(cols, rows)]))
	f.grade == "observation"
	f.key == "rows"
	f.line == 20
	f.msg == "registers/isms-changes.yaml: planned ISMS changes with blank required values (1 of 2): CHG-02 (line 20): consequences, resources"
}

test_missing_column_is_observation if {
	rows := [object.remove(change("CHG-01"), ["purpose"])]
	f := only(run([register(["id", "change", "consequences", "resources", "responsible"], rows)]))
	f.grade == "observation"
	f.key == "columns"
	f.msg == "registers/isms-changes.yaml: the ISMS change log has no column for purpose"
}

test_unreadable_log_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})])) == 0
}
