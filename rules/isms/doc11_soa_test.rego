package ismscheck.doc11_test

import data.ismscheck.doc11

catalog := ["A.5.1", "A.5.2", "A.5.10", "A.7.4", "A.8.34"]

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

soa(id, cols, rows, row_lines) := {
	"kind": "isms.register", "id": id, "complete": true,
	"data": {"path": id, "register": "soa", "format": "csv", "meta": {}, "columns": cols, "rows": rows, "row_lines": row_lines},
}

cols := ["control", "applicable", "justification", "status"]

row(c, a, j) := {"control": c, "applicable": a, "justification": j, "status": "implemented"}

full_rows := [
	row("A.5.1", "yes", "Required by risk R-01"),
	row("A.5.2", "Yes", "ISMS roles"),
	row("A.5.10", "y", "Acceptable use"),
	row("A.7.4", "no", "No premises of our own; staff work remotely"),
	row("A.8.34", "Applicable", "Audits of production"),
]

lines := [2, 3, 4, 5, 6]

run(docs) := r if {
	r := doc11.deny with input as {"documents": docs}
		with data.ismscheck.catalog.annex_a as catalog
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_soa_passes if {
	count(run({"isms.repository": [repo], "isms.register": [soa("registers/soa.csv", cols, full_rows, lines)]})) == 0
}

test_soa_document_only_passes if {
	d := {"kind": "isms.document", "id": "soa.md", "data": {"type": "soa", "meta": {}}}
	count(run({"isms.repository": [repo], "isms.document": [d]})) == 0
}

test_id_forms_and_yaml_booleans_pass if {
	rows := [
		{"id": "a.5.1", "applicable": true, "justification": "x", "status": "implemented"},
		{"id": "A 5.2 Roles", "applicable": true, "justification": "x", "status": "implemented"},
		{"id": "5.10", "applicable": "included", "justification": "x", "status": "planned"},
		{"id": "A.07.04", "applicable": false, "justification": "no premises"},
		{"id": "A.8.34", "applicable": "TRUE", "justification": "x", "status": "partially"},
	]
	count(run({"isms.register": [soa("registers/soa.yaml", ["id", "applicable", "justification", "status"], rows, [])]})) == 0
}

test_absent_soa_is_major if {
	f := only(run({"isms.repository": [repo], "isms.document": [{"kind": "isms.document", "id": "scope.md", "data": {"type": "scope"}}]}))
	f.grade == "major"
	contains(f.msg, "`soa` register")
	contains(f.msg, "type: soa")
}

test_missing_controls_are_one_minor if {
	rows := [full_rows[0], full_rows[2], row("A.5.1.1", "yes", "2013 id"), row("A.9.4.2", "yes", "2013 id")]
	f := only(run({"isms.register": [soa("registers/soa.csv", cols, rows, [2, 3, 4, 5])]}))
	f.grade == "minor"
	f.resource == {"kind": "isms.register", "id": "registers/soa.csv"}
	f.msg == "registers/soa.csv: 3 of 5 Annex A controls are not listed in the SoA: A.5.2, A.7.4, A.8.34"
	not f.evidence
}

test_split_soa_is_judged_together if {
	a := soa("registers/soa-a.csv", cols, array.slice(full_rows, 0, 2), [2, 3])
	b := soa("registers/soa-b.csv", cols, array.slice(full_rows, 2, 4), [2, 3])
	f := only(run({"isms.register": [a, b]}))
	f.grade == "minor"
	f.msg == "registers/soa-a.csv: 1 of 5 Annex A controls are not listed in the SoA: A.8.34"
	f.evidence == [{"kind": "isms.register", "id": "registers/soa-b.csv"}]
}

test_unclear_applicability_is_minor_per_row if {
	rows := array.concat(array.slice(full_rows, 0, 3), [row("A.7.4", "partially", "x"), row("A.8.34", "", "x")])
	r := run({"isms.register": [soa("registers/soa.csv", cols, rows, lines)]})
	count(r) == 2
	some f in r
	f.grade == "minor"
	f.line == 5
	f.resource.id == "registers/soa.csv"
	f.msg == `registers/soa.csv: A.7.4 has applicability "partially", which is neither yes nor no`
	some g in r
	g.grade == "minor"
	g.line == 6
	g.msg == "registers/soa.csv: A.8.34 has no applicability (`applicable` is blank; expected yes or no)"
}

test_missing_applicable_column_is_one_minor if {
	rows := [{"control": c, "justification": "x"} | some c in catalog]
	f := only(run({"isms.register": [soa("registers/soa.csv", ["control", "justification"], rows, lines)]}))
	f.grade == "minor"
	f.msg == "registers/soa.csv: the SoA has no `applicable` column, so no control is marked as applicable or excluded"
}

test_unjustified_exclusion_is_minor if {
	rows := array.concat(array.slice(full_rows, 0, 3), [row("A.7.4", "Not applicable", "TBD"), full_rows[4]])
	f := only(run({"isms.register": [soa("registers/soa.csv", cols, rows, lines)]}))
	f.grade == "minor"
	f.line == 5
	f.msg == "registers/soa.csv: A.7.4 is excluded without a justification (`justification` is blank)"
}

test_exclusion_without_justification_column_is_minor if {
	rows := [{"control": "A.5.1", "applicable": "no"}]
	r := doc11.deny with input as {"documents": {"isms.register": [soa("registers/soa.csv", ["control", "applicable"], rows, [2])]}}
		with data.ismscheck.catalog.annex_a as ["A.5.1"]
	f := only(r)
	f.grade == "minor"
	f.line == 2
	contains(f.msg, "A.5.1 is excluded without a justification")
}

test_incomplete_register_is_not_graded if {
	broken := object.union(soa("registers/soa.csv", cols, [], []), {"complete": false})
	count(run({"isms.register": [broken]})) == 0
}

test_id_column_with_title_in_control_passes if {
	rows := [{"id": "A.5.1", "control": "Policies for information security", "applicable": "no", "justification": ""}]
	r := doc11.deny with input as {"documents": {"isms.register": [soa("registers/soa.csv", ["id", "control", "applicable", "justification"], rows, [2])]}}
		with data.ismscheck.catalog.annex_a as ["A.5.1"]
	f := only(r)
	f.msg == "registers/soa.csv: A.5.1 is excluded without a justification (`justification` is blank)"
}

test_applicable_control_without_status_is_one_minor if {
	rows := [
		object.remove(row("A.5.1", "yes", "Required by risk R-01"), ["status"]),
		object.union(row("A.5.2", "Yes", "ISMS roles"), {"status": ""}),
		row("A.5.10", "y", "Acceptable use"),
		object.remove(row("A.7.4", "no", "No premises of our own"), ["status"]), # excluded: no status needed
		row("A.8.34", "Applicable", "Audits of production"),
	]
	f := only(run({"isms.repository": [repo], "isms.register": [soa("registers/soa.csv", cols, rows, lines)]}))
	f.key == "status"
	f.grade == "minor"
	f.line == 2
	f.msg == "registers/soa.csv: applicable controls without an implementation status (`status` is blank): A.5.1, A.5.2"
}

test_implementation_status_column_synonyms_pass if {
	rows := [{"control": c, "applicable": "yes", "justification": "j", "implementation_status": "planned"} | some c in catalog]
	count(run({"isms.repository": [repo], "isms.register": [soa("registers/soa.csv", ["control", "applicable", "justification", "implementation_status"], rows, lines)]})) == 0
}
