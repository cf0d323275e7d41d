# METADATA
# title: Statement of Applicability agrees with the risk treatment plan
# description: Every Annex A control the risk treatment plan uses must be marked applicable in the SoA; a control the SoA excludes must not be part of an active treatment.
# scope: package
# custom:
#   id: DOC-12
#   severity: minor
#   controls: ["6.1.3", "8.3"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Make the SoA (register type `soa`) and the risk treatment plan (register type
#     `risk_treatment_plan`, Annex A ids in its `controls` column separated by ";" or ",") agree:
#     mark every control a treatment uses as applicable, with the treated risks as justification,
#     or change the treatment. Write control ids in the 2022 numbering (A.5.1 to A.8.34). A
#     treatment that was dropped can stay in the plan with `status: cancelled`.
#   permissions: []
package ismscheck.doc12

import data.lib.isms

control_columns := ["controls", "control", "annex_a_controls", "soa_controls"]

risk_columns := ["risk_id", "risk", "id"]

applicable_columns := ["applicable", "applicability", "included"]

soa_id_columns := ["control", "id"]

inactive_statuses := {"cancelled", "canceled", "rejected", "withdrawn", "superseded", "dropped"}

soas := isms.registers_of_type(input.documents, "soa")

plans := isms.registers_of_type(input.documents, "risk_treatment_plan")

# Both sides must be fully readable; DOC-10 and DOC-11 report them missing.
judged if {
	count(soas) > 0
	count(plans) > 0
	isms.all_usable(array.concat(soas, plans))
}

catalog := {c | some c in data.ismscheck.catalog.annex_a}

# SoA rows by control: {"control", "r", "i", "value"} (the applicability value, or null).
soa_rows := [{"control": c, "r": r, "i": i, "value": applicability(row)} |
	some r in soas
	some i, row in isms.rows(r)
	is_object(row)
	c := soa_control(row)
]

soa_control(row) := [c | some k in soa_id_columns; c := isms.annex_a_id(object.get(row, k, null))][0]

applicability(row) := isms.first_value(row, applicable_columns) if {
	isms.has_value(row, applicable_columns)
} else := null

listed := {x.control | some x in soa_rows}

applicable := {x.control | some x in soa_rows; isms.is_yes(x.value)}

# A treatment is active unless its status says it was dropped (no status: active).
active(row) if not lower(isms.text(isms.first_value(row, ["status"]))) in inactive_statuses

# Every reference an active treatment makes: {"token", "control" (or null), "r", "i"}.
refs := [{"token": t, "control": annex(t), "r": r, "i": i} |
	some r in plans
	some i, row in isms.rows(r)
	is_object(row)
	active(row)
	some t in isms.list_values(isms.first_value(row, control_columns))
]

annex(t) := c if {
	c := isms.annex_a_id(t)
	c in catalog
} else := null

used_by(c) := [x | some x in refs; x.control == c]

ref_text(x) := sprintf("%s (%s:%d)", [isms.row_label_keys(x.r, x.i, risk_columns), x.r.id, isms.row_line(x.r, x.i)]) if {
	isms.row_line(x.r, x.i)
} else := sprintf("%s (%s)", [isms.row_label_keys(x.r, x.i, risk_columns), x.r.id])

refs_text(xs) := concat("; ", [ref_text(x) | some x in xs])

deny contains isms.with_row_line(
	{
		"key": c,
		"msg": sprintf(
			"%s: %s is excluded in the SoA, but active risk treatments use it: %s",
			[s.r.id, isms.row_text(s.r, s.i, soa_id_columns), refs_text(used_by(c))],
		),
		"grade": "minor",
		"resource": isms.resource(s.r),
		"evidence": [isms.resource(p) | some p in plans],
	},
	s.r, s.i,
) if {
	judged
	some c in {x.control | some x in refs; x.control != null}
	not c in applicable
	s := [y | some y in soa_rows; y.control == c; isms.is_no(y.value)][0]
}

deny contains {
	"key": c,
	"msg": sprintf(
		"%s: %s is used by active risk treatments but is not marked applicable in the SoA (%s): %s",
		[first.r.id, c, why(c), refs_text(used_by(c))],
	),
	"grade": "minor",
	"resource": isms.resource(first.r),
	"evidence": [isms.resource(s) | some s in soas],
} if {
	judged
	some c in {x.control | some x in refs; x.control != null}
	not c in applicable
	count([y | some y in soa_rows; y.control == c; isms.is_no(y.value)]) == 0
	first := used_by(c)[0]
}

why(c) := "it is not listed" if {
	not c in listed
} else := "its applicability is blank or unclear"

unrecognised(r) := [x | some x in refs; x.r.id == r.id; x.control == null]

deny contains {
	"key": "unrecognised",
	"msg": sprintf(
		"%s: control references that are not ISO/IEC 27001:2022 Annex A ids, so they cannot be checked against the SoA: %s",
		[r.id, concat("; ", [sprintf("%s in %s", [x.token, isms.row_text(x.r, x.i, risk_columns)]) | some x in bad])],
	),
	"grade": "observation",
	"resource": isms.resource(r),
} if {
	judged
	some r in plans
	bad := unrecognised(r)
	count(bad) > 0
}
