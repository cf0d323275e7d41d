package ismscheck.doc03_test

import data.ismscheck.doc03

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "party", "requirements", "addressed_through_isms", "climate_requirements_considered"]

party(id) := {"id": id, "party": "Customers", "requirements": "SLA", "addressed_through_isms": "yes", "climate_requirements_considered": "yes"}

register(rows, meta) := {
	"kind": "isms.register", "id": "registers/interested-parties.yaml", "complete": true,
	"data": {
		"path": "registers/interested-parties.yaml", "register": "interested_parties", "format": "yaml", "meta": meta,
		"columns": cols, "rows": rows, "row_lines": [l | some i, _ in rows; l := 12 + (5 * i)],
	},
}

run(regs) := r if {
	r := doc03.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	rows := [party("IP-01"), object.union(party("IP-02"), {"addressed_through_isms": "no", "climate_requirements_considered": true})]
	count(run([register(rows, {})])) == 0
}

test_climate_in_header_or_as_text_passes if {
	plain := [object.remove(party("IP-01"), ["climate_requirements_considered"])]
	count(run([register(plain, {"climate_requirements_considered": "yes"})])) == 0
	texts := [object.union(plain[0], {"climate_requirements": "none identified"})]
	count(run([register(texts, {})])) == 0
}

test_absent_register_is_minor if {
	f := only(run([]))
	f.grade == "minor"
	contains(f.msg, "No interested-parties register")
	contains(f.msg, "`interested_parties`")
}

test_empty_register_is_minor if {
	f := only(run([register([], {})]))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/interested-parties.yaml: the interested-parties register has no parties recorded"
}

test_incomplete_rows_are_one_minor if {
	rows := [
		party("IP-01"),
		object.union(party("IP-02"), {"requirements": "TBD"}),
		object.remove(party("IP-03"), ["addressed_through_isms"]),
	]
	f := only(run([register(rows, {})]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 17
	f.msg == "registers/interested-parties.yaml: interested parties with blank required values (2 of 3): IP-02 (line 17): requirements; IP-03 (line 22): addressed_through_isms"
}

test_missing_addressed_column_is_minor if {
	rows := [object.remove(party("IP-01"), ["addressed_through_isms"])]
	r := json.patch(register(rows, {}), [{"op": "replace", "path": "/data/columns", "value": ["id", "party", "requirements", "climate_requirements_considered"]}])
	f := only(run([r]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/interested-parties.yaml: the interested-parties register has no column for addressed_through_isms"
}

test_climate_not_considered_is_observation if {
	rows := [
		party("IP-01"),
		object.union(party("IP-02"), {"climate_requirements_considered": "no"}),
		object.remove(party("IP-03"), ["climate_requirements_considered"]),
	]
	f := only(run([register(rows, {})]))
	f.grade == "observation"
	f.key == "climate"
	f.line == 17
	f.msg == "registers/interested-parties.yaml: climate-related requirements are not shown as considered for 2 of 3 parties (`climate_requirements_considered` blank or no): IP-02 (line 17); IP-03 (line 22)"
}

test_header_saying_no_does_not_count if {
	rows := [object.remove(party("IP-01"), ["climate_requirements_considered"])]
	f := only(run([register(rows, {"climate_requirements_considered": "no"})]))
	f.grade == "observation"
	f.key == "climate"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register([], {}), {"complete": false})])) == 0
}
