package ismscheck.doc26_test

import data.ismscheck.doc26

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "asset", "owner", "classification", "location"]

asset(id) := {"id": id, "asset": "Customer datasets", "owner": "Head of Platform", "classification": "Restricted", "location": "AWS eu-west-1"}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/assets.csv", "complete": true,
	"data": {
		"path": "registers/assets.csv", "register": "assets", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

run(regs) := r if {
	r := doc26.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_inventory_passes if {
	count(run([register(cols, [asset("AST-01"), asset("AST-02")])])) == 0
}

test_absent_is_minor if {
	f := only(run([]))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No asset inventory")
	contains(f.msg, "`assets`")
}

test_empty_is_minor if {
	f := only(run([register(cols, [])]))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/assets.csv: the asset inventory lists no assets"
}

test_incomplete_rows_are_one_minor if {
	rows := [
		asset("AST-01"),
		object.union(asset("AST-02"), {"owner": "", "location": "TBD"}),
		object.union(asset(""), {"asset": "Laptops", "classification": null}),
	]
	f := only(run([register(cols, rows)]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.resource == {"kind": "isms.register", "id": "registers/assets.csv"}
	f.msg == "registers/assets.csv: assets with blank required values (2 of 3): AST-02 (line 3): owner, location; Laptops (line 4): classification"
}

test_missing_column_is_minor if {
	rows := [object.remove(asset("AST-01"), ["classification"])]
	f := only(run([register(["id", "asset", "owner", "location"], rows)]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/assets.csv: the asset inventory has no column for classification"
}

test_unreadable_inventory_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})])) == 0
}
