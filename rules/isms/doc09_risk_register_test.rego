package ismscheck.doc09_test

import data.ismscheck.doc09

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

columns := ["id", "description", "owner", "likelihood", "impact", "level"]

risk(id, owner, l, i) := {"id": id, "description": "d", "owner": owner, "likelihood": l, "impact": i, "level": "x"}

register(cols, rows, row_lines) := {
	"kind": "isms.register", "id": "registers/risk-register.csv", "complete": true,
	"data": {
		"path": "registers/risk-register.csv", "register": "risk_register", "format": "csv", "meta": {},
		"columns": cols, "rows": rows, "row_lines": row_lines,
	},
}

run(regs) := r if {
	r := doc09.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	count(run([register(columns, [risk("R-01", "CTO", "3", "4"), risk("R-02", "CFO", "2", "5")], [2, 3])])) == 0
}

test_synonym_columns_pass if {
	row := {"risk_id": "R-01", "risk_owner": "CTO", "probability": 2, "consequence": 3}
	count(run([register(["risk_id", "risk_owner", "probability", "consequence"], [row], [2])])) == 0
}

test_absent_register_is_major if {
	other := object.union(register(columns, [], []), {"id": "registers/assets.csv", "data": {"register": "assets"}})
	f := only(run([other]))
	f.grade == "major"
	contains(f.msg, "`risk_register`")
}

test_empty_register_is_major if {
	f := only(run([register(columns, [], [])]))
	f.grade == "major"
	f.msg == "No risk assessment results: registers/risk-register.csv has no risks recorded"
	f.evidence == [{"kind": "isms.register", "id": "registers/risk-register.csv"}]
}

test_incomplete_register_is_not_called_absent if {
	broken := object.union(register(columns, [], []), {"complete": false})
	count(run([broken])) == 0
}

test_rows_missing_values_are_one_minor if {
	rows := [
		risk("R-01", "CTO", "3", "4"),
		risk("R-02", "", "3", "TBD"),
		risk("", "CFO", "1", "1"),
	]
	f := only(run([register(columns, rows, [2, 3, 4])]))
	f.grade == "minor"
	f.resource == {"kind": "isms.register", "id": "registers/risk-register.csv"}
	f.line == 3
	f.msg == "registers/risk-register.csv: risks with blank required values (2 of 3): R-02 (line 3): owner, impact; line 4: id"
}

test_yaml_row_missing_key_is_minor if {
	rows := [{"id": "R-07", "owner": "COO", "likelihood": 2}]
	f := only(run([register(columns, rows, [])]))
	f.grade == "minor"
	not f.line
	f.msg == "registers/risk-register.csv: risks with blank required values (1 of 1): R-07: impact"
}

test_missing_column_is_one_minor if {
	rows := [{"id": "R-01", "description": "d", "owner": "CTO"}]
	f := only(run([register(["id", "description", "owner"], rows, [2])]))
	f.grade == "minor"
	f.resource.id == "registers/risk-register.csv"
	f.msg == "registers/risk-register.csv: the risk register has no column for likelihood, impact"
}

test_incomplete_register_rows_are_not_graded if {
	broken := object.union(register(columns, [risk("R-01", "", "", "")], [2]), {"complete": false})
	count(run([broken])) == 0
}

test_incomplete_register_does_not_hide_a_usable_one if {
	broken := object.union(register(columns, [], []), {"complete": false, "id": "registers/old-risks.csv"})
	good := register(columns, [risk("R-01", "CTO", "3", "4")], [2])
	count(run([broken, good])) == 0
}

test_one_missing_column_is_minor if {
	rows := [{"id": "R-01", "owner": "CTO", "likelihood": 2}]
	f := only(run([register(["id", "owner", "likelihood"], rows, [2])]))
	f.grade == "minor"
	f.msg == "registers/risk-register.csv: the risk register has no column for impact"
}

test_empty_register_beside_unreadable_one_is_not_judged if {
	broken := object.union(register(columns, [], []), {"complete": false, "id": "registers/risks-2.csv"})
	count(run([broken, register(columns, [], [])])) == 0
}
