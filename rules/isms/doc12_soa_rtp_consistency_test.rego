package ismscheck.doc12_test

import data.ismscheck.doc12

catalog := ["A.5.1", "A.5.15", "A.7.6", "A.8.5", "A.8.30"]

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

soa(rows) := {
	"kind": "isms.register", "id": "registers/soa.csv", "complete": true,
	"data": {
		"path": "registers/soa.csv", "register": "soa", "format": "csv", "meta": {},
		"columns": ["control", "applicable", "justification"], "rows": rows,
		"row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

soa_rows := [
	{"control": "A.5.1", "applicable": "yes", "justification": "x"},
	{"control": "A.5.15", "applicable": "Yes", "justification": "x"},
	{"control": "A.7.6", "applicable": "no", "justification": "no secure areas"},
	{"control": "A.8.5", "applicable": "yes", "justification": "x"},
	{"control": "A.8.30", "applicable": "no", "justification": "no outsourcing"},
]

rtp(rows) := {
	"kind": "isms.register", "id": "registers/risk-treatment-plan.csv", "complete": true,
	"data": {
		"path": "registers/risk-treatment-plan.csv", "register": "risk_treatment_plan", "format": "csv", "meta": {},
		"columns": ["risk_id", "treatment", "controls", "status"], "rows": rows,
		"row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

t(risk, controls, status) := {"risk_id": risk, "treatment": "x", "controls": controls, "status": status}

run(regs) := r if {
	r := doc12.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
		with data.ismscheck.catalog.annex_a as catalog
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_consistent_plan_passes if {
	rows := [t("R-01", "A.8.5;A.5.15", "implemented"), t("R-02", "A.5.1, a 5.15", "planned")]
	count(run([soa(soa_rows), rtp(rows)])) == 0
}

test_yaml_list_of_controls_passes if {
	rows := [{"risk_id": "R-01", "controls": ["A.8.5", "A.5.15"]}]
	count(run([soa(soa_rows), rtp(rows)])) == 0
}

test_excluded_control_in_active_treatment_is_minor if {
	rows := [t("R-01", "A.8.5;A.7.6", "in_progress"), t("R-02", "A.7.6", "planned"), t("R-03", "A.8.30", "cancelled")]
	f := only(run([soa(soa_rows), rtp(rows)]))
	f.grade == "minor"
	f.key == "A.7.6"
	f.resource == {"kind": "isms.register", "id": "registers/soa.csv"}
	f.line == 4
	f.evidence == [{"kind": "isms.register", "id": "registers/risk-treatment-plan.csv"}]
	f.msg == "registers/soa.csv: A.7.6 (line 4) is excluded in the SoA, but active risk treatments use it: R-01 (registers/risk-treatment-plan.csv:2); R-02 (registers/risk-treatment-plan.csv:3)"
}

test_one_finding_per_excluded_control if {
	rows := [t("R-01", "A.7.6;A.8.30", "implemented")]
	r := run([soa(soa_rows), rtp(rows)])
	count(r) == 2
	{f.key | some f in r} == {"A.7.6", "A.8.30"}
	every f in r {
		f.grade == "minor"
	}
}

test_control_missing_from_soa_is_minor if {
	rows := [t("R-04", "A.8.5;A.5.1", "planned")]
	f := only(run([soa(array.slice(soa_rows, 1, 5)), rtp(rows)]))
	f.grade == "minor"
	f.key == "A.5.1"
	f.resource == {"kind": "isms.register", "id": "registers/risk-treatment-plan.csv"}
	f.msg == "registers/risk-treatment-plan.csv: A.5.1 is used by active risk treatments but is not marked applicable in the SoA (it is not listed): R-04 (registers/risk-treatment-plan.csv:2)"
}

test_unclear_applicability_is_minor if {
	rows := [t("R-04", "A.5.1", "planned")]
	s := array.concat([{"control": "A.5.1", "applicable": "", "justification": "x"}], array.slice(soa_rows, 1, 5))
	f := only(run([soa(s), rtp(rows)]))
	f.key == "A.5.1"
	contains(f.msg, "(its applicability is blank or unclear)")
}

test_unrecognised_ids_are_an_observation if {
	rows := [t("R-01", "A.9.4.2; A.8.5", "implemented"), t("R-02", "MFA", "planned")]
	f := only(run([soa(soa_rows), rtp(rows)]))
	f.grade == "observation"
	f.key == "unrecognised"
	f.msg == "registers/risk-treatment-plan.csv: control references that are not ISO/IEC 27001:2022 Annex A ids, so they cannot be checked against the SoA: A.9.4.2 in R-01 (line 2); MFA in R-02 (line 3)"
}

test_without_soa_or_plan_nothing_is_judged if {
	count(run([rtp([t("R-01", "A.7.6", "planned")])])) == 0
	count(run([soa(soa_rows)])) == 0
}

test_reference_without_line if {
	plan := json.patch(rtp([t("R-09", "A.7.6", "planned")]), [{"op": "replace", "path": "/data/row_lines", "value": []}])
	f := only(run([soa(soa_rows), plan]))
	f.key == "A.7.6"
	endswith(f.msg, "active risk treatments use it: R-09 (registers/risk-treatment-plan.csv)")
}

test_unreadable_register_is_not_judged if {
	broken := object.union(soa([]), {"complete": false})
	count(run([broken, rtp([t("R-01", "A.7.6", "planned")])])) == 0
}
