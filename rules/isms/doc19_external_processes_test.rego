package ismscheck.doc19_test

import data.ismscheck.doc19

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "process", "provider", "how_controlled", "owner"]

proc(id) := {"id": id, "process": "Cloud hosting", "provider": "AWS", "how_controlled": "DPA; SOC 2 review", "owner": "Head of Platform"}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/external-processes.csv", "complete": true,
	"data": {
		"path": "registers/external-processes.csv", "register": "external_processes", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

suppliers(rows) := {
	"kind": "isms.register", "id": "registers/suppliers.csv", "complete": true,
	"data": {"path": "registers/suppliers.csv", "register": "suppliers", "format": "csv", "meta": {}, "columns": ["supplier", "provides_process"], "rows": rows, "row_lines": []},
}

run(regs) := r if {
	r := doc19.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_register_passes if {
	count(run([register(cols, [proc("EXT-01")])])) == 0
}

test_flagged_supplier_passes if {
	rows := [{"supplier": "Payroll bureau", "provides_process": "Payroll"}, {"supplier": "Slack", "provides_process": "no"}]
	count(run([suppliers(rows)])) == 0
	count(run([suppliers([{"supplier": "AWS", "provides_process": true}])])) == 0
}

test_nothing_listed_is_minor if {
	f := only(run([]))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No externally provided processes are listed")
	contains(f.msg, "`provides_process`")
}

test_unflagged_suppliers_and_empty_register_are_minor if {
	rows := [{"supplier": "Slack", "provides_process": "no"}, {"supplier": "Jira", "provides_process": ""}]
	f := only(run([register(cols, []), suppliers(rows)]))
	f.grade == "minor"
	contains(f.msg, "No externally provided processes are listed")
}

test_incomplete_rows_are_minor if {
	rows := [proc("EXT-01"), object.union(proc("EXT-02"), {"how_controlled": "TBD"})]
	f := only(run([register(cols, rows)]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.msg == "registers/external-processes.csv: externally provided processes with blank required values (1 of 2): EXT-02 (line 3): how_controlled"
}

test_missing_column_is_minor if {
	f := only(run([register(["id", "process", "provider"], [{"id": "EXT-01", "process": "p", "provider": "q"}])]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/external-processes.csv: the register of externally provided processes has no column for how_controlled, owner"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})])) == 0
}
