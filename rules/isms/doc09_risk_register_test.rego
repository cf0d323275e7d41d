package ismscheck.doc09_test

import data.ismscheck.doc09

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

columns := [
	"id", "description", "owner", "likelihood", "impact", "level", "treatment",
	"residual_level", "risk_owner_accepted", "assessed_on",
]

# The values every risk needs besides id, owner, likelihood and impact.
rest := {"description": "d", "level": "x", "treatment": "mitigate", "residual_level": 4, "risk_owner_accepted": "yes", "assessed_on": "2026-02-10"}

risk(id, owner, l, i) := object.union(rest, {"id": id, "owner": owner, "likelihood": l, "impact": i})

register(cols, rows, row_lines) := {
	"kind": "isms.register", "id": "registers/risk-register.csv", "complete": true,
	"data": {
		"path": "registers/risk-register.csv", "register": "risk_register", "format": "csv", "meta": {},
		"columns": cols, "rows": rows, "row_lines": row_lines,
	},
}

run(regs) := r if {
	r := doc09.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	count(run([register(columns, [risk("R-01", "CTO", "3", "4"), risk("R-02", "CFO", "2", "5")], [2, 3])])) == 0
}

test_synonym_columns_pass if {
	row := {
		"risk_id": "R-01", "risk_description": "d", "risk_owner": "CTO", "probability": 2, "consequence": 3,
		"risk_level": 6, "treatment_option": "accept", "residual_risk": 6, "residual_accepted": true,
		"reviewed_on": "2026-06-01",
	}
	count(run([register(object.keys(row), [row], [2])])) == 0
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
	rows := [object.union(rest, {"id": "R-07", "owner": "COO", "likelihood": 2})]
	f := only(run([register(columns, rows, [])]))
	f.grade == "minor"
	not f.line
	f.msg == "registers/risk-register.csv: risks with blank required values (1 of 1): R-07: impact"
}

test_missing_column_is_one_minor if {
	rows := [object.union(rest, {"id": "R-01", "owner": "CTO"})]
	cols := [c | some c in columns; not c in {"likelihood", "impact"}]
	f := only(run([register(cols, rows, [2])]))
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
	rows := [object.union(rest, {"id": "R-01", "owner": "CTO", "likelihood": 2})]
	f := only(run([register([c | some c in columns; c != "impact"], rows, [2])]))
	f.grade == "minor"
	f.msg == "registers/risk-register.csv: the risk register has no column for impact"
}

test_empty_register_beside_unreadable_one_is_not_judged if {
	broken := object.union(register(columns, [], []), {"complete": false, "id": "registers/risks-2.csv"})
	count(run([broken, register(columns, [], [])])) == 0
}

test_new_required_values_are_listed if {
	rows := [
		risk("R-01", "CTO", "3", "4"),
		object.union(risk("R-02", "CFO", "2", "2"), {"treatment": "", "residual_level": "TBD", "description": null}),
		object.union(risk("R-03", "CFO", "2", "2"), {"level": "", "assessed_on": ""}),
	]
	f := only(run([register(columns, rows, [2, 3, 4])]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.msg == "registers/risk-register.csv: risks with blank required values (2 of 3): R-02 (line 3): description, treatment, residual_level; R-03 (line 4): level, assessed_on"
}

test_all_new_columns_missing_is_one_minor if {
	rows := [{"id": "R-01", "description": "d", "owner": "CTO", "likelihood": 2, "impact": 3}]
	f := only(run([register(["id", "description", "owner", "likelihood", "impact"], rows, [2])]))
	f.key == "columns"
	f.msg == "registers/risk-register.csv: the risk register has no column for level, treatment, residual_level, risk_owner_accepted, assessed_on"
}

test_residual_not_accepted_is_minor if {
	rows := [
		risk("R-01", "CTO", "3", "4"),
		object.union(risk("R-02", "CFO", "2", "2"), {"risk_owner_accepted": "no"}),
		object.union(risk("R-03", "CFO", "2", "2"), {"risk_owner_accepted": "pending"}),
		object.union(risk("R-04", "CFO", "2", "2"), {"risk_owner_accepted": "2026-02-11"}),
	]
	f := only(run([register(columns, rows, [2, 3, 4, 5])]))
	f.grade == "minor"
	f.key == "acceptance"
	f.line == 3
	f.resource == {"kind": "isms.register", "id": "registers/risk-register.csv"}
	f.msg == `registers/risk-register.csv: residual risks not accepted by the risk owner (2 of 4): R-02 (line 3): risk_owner_accepted is "no"; R-03 (line 4): risk_owner_accepted is "pending"`
}

test_old_assessment_is_minor if {
	rows := [
		object.union(risk("R-01", "CTO", "3", "4"), {"assessed_on": "2025-11-21"}), # exactly 365 days: in time
		object.union(risk("R-02", "CFO", "2", "2"), {"assessed_on": "2025-11-20"}),
		object.union(risk("R-03", "CFO", "2", "2"), {"assessed_on": "2027-01-01"}),
		object.union(risk("R-04", "CFO", "2", "2"), {"assessed_on": "Feb 2026"}),
	]
	f := only(run([register(columns, rows, [2, 3, 4, 5])]))
	f.grade == "minor"
	f.key == "review"
	f.line == 3
	f.msg == `registers/risk-register.csv: risks not assessed or reviewed within 365 days (3 of 4): R-02 (line 3): last assessed 2025-11-20 (366 days ago); R-03 (line 4): assessed_on "2027-01-01" is not a past date in YYYY-MM-DD form; R-04 (line 5): assessed_on "Feb 2026" is not a past date in YYYY-MM-DD form`
}

test_latest_of_assessment_and_review_dates_counts if {
	row := object.union(risk("R-01", "CTO", "3", "4"), {"assessed_on": "2024-01-10", "reviewed_on": "2026-06-01"})
	count(run([register(array.concat(columns, ["reviewed_on"]), [row], [2])])) == 0
}

test_review_interval_is_a_param if {
	rows := [object.union(risk("R-01", "CTO", "3", "4"), {"assessed_on": "2025-01-10"})]
	r := doc09.deny with input as {"documents": {"isms.register": [register(columns, rows, [2])]}, "params": {"risk_review_days": 730}}
		with time.now_ns as as_of_ns
	count(r) == 0
	f := only(run([register(columns, rows, [2])]))
	f.key == "review"
}

run_with_threshold(regs, t) := r if {
	r := doc09.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}, "params": {"risk_acceptance_threshold": t}}
		with time.now_ns as as_of_ns
}

test_accepted_above_the_methodology_threshold_is_minor if {
	rows := [
		risk("R-01", "CTO", "3", "4"), # residual 4
		object.union(risk("R-02", "CFO", "4", "4"), {"residual_level": "12"}),
		object.union(risk("R-03", "CFO", "4", "4"), {"residual_level": 9, "risk_owner_accepted": "no"}), # not accepted: DOC-09 "acceptance" says so
	]
	r := run_with_threshold([register(columns, rows, [2, 3, 4])], 6)
	f := [x | some x in r; x.key == "criteria"][0]
	f.grade == "minor"
	f.line == 3
	f.msg == `registers/risk-register.csv: residual risks above the methodology's acceptance threshold of 6, accepted by the risk owner all the same: R-02 (line 3): residual level 12`
}

test_within_threshold_or_no_threshold_passes if {
	rows := [object.union(risk("R-02", "CFO", "4", "4"), {"residual_level": "6"})]
	count(run_with_threshold([register(columns, rows, [2])], 6)) == 0
	count(run([register(columns, [object.union(risk("R-02", "CFO", "4", "4"), {"residual_level": "20"})], [2])])) == 0
}
