package ismscheck.doc28_test

import data.ismscheck.doc28

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "obligation", "owner"]

ob(id, owner) := {"id": id, "obligation": "UK GDPR", "owner": owner}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/legal.yaml", "complete": true,
	"data": {
		"path": "registers/legal.yaml", "register": "legal", "format": "yaml", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := 12 + (6 * i)],
	},
}

run(regs) := r if {
	r := doc28.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	count(run([register(cols, [ob("LEG-01", "Legal counsel"), ob("LEG-02", "CEO")])])) == 0
}

test_absent_is_minor if {
	f := only(run([]))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No legal register")
}

test_empty_is_minor if {
	f := only(run([register(cols, [])]))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/legal.yaml: the legal register lists no obligations"
}

test_obligation_without_owner_is_minor if {
	rows := [ob("LEG-01", "Legal counsel"), ob("LEG-02", ""), {"id": "LEG-03", "owner": "CEO"}]
	f := only(run([register(cols, rows)]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 18
	f.msg == "registers/legal.yaml: obligations with blank required values (2 of 3): LEG-02 (line 18): owner; LEG-03 (line 24): obligation"
}

test_missing_owner_column_is_minor if {
	f := only(run([register(["id", "obligation"], [{"id": "LEG-01", "obligation": "GDPR"}])]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/legal.yaml: the legal register has no column for owner"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})])) == 0
}
