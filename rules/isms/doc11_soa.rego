# METADATA
# title: Statement of Applicability is complete
# description: The SoA must list every Annex A control, say for each whether it applies, and justify every exclusion.
# scope: package
# custom:
#   id: DOC-11
#   severity: major
#   controls: ["6.1.3"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the Statement of Applicability as registers/soa.csv (or .yaml, register type `soa`)
#     with one row per Annex A control of ISO/IEC 27001:2022 (A.5.1 to A.8.34) and the columns
#     `control` (the Annex A id), `applicable` (yes or no), `justification` (why the control is
#     included or excluded) and `status` (implementation status). Add a row for every control the
#     finding names, and write a justification for every excluded control.
#   permissions: []
package ismscheck.doc11

import data.lib.isms

id_columns := ["control", "id"]

applicable_columns := ["applicable", "applicability", "included"]

justification_columns := ["justification", "exclusion_justification", "reason", "rationale"]

registers := [r |
	some r in isms.registers_of_type(input.documents, "soa")
	isms.usable(r)
]

rows(r) := object.get(r.data, "rows", [])

deny contains {
	"msg": "No Statement of Applicability: no `soa` register (for example registers/soa.csv) and no document with `type: soa` in its front matter",
	"grade": "major",
} if {
	not isms.present(input.documents, "soa", "soa")
}

# canonical("A.5.1"), canonical("a 5.1"), canonical("5.01 Policies") = "A.5.1".
# 2013 ids (A.9.4.2) and clause ids do not match.
canonical(v) := isms.annex_a_id(v)

# The Annex A id of a row, from the first id column that holds one (a `control`
# column may hold the title while `id` holds the number).
row_control(row) := [c |
	is_object(row)
	some k in id_columns
	c := canonical(object.get(row, k, null))
][0]

listed contains row_control(row) if {
	some r in registers
	some row in rows(r)
}

# The Annex A ids of the catalog that no SoA row lists, in catalog order.
missing := [a |
	some a in data.ismscheck.catalog.annex_a
	not a in listed
]

# Completeness is judged over all SoA registers together and reported on the
# first; the others are named as evidence.
deny contains with_other_registers({
	"key": "unlisted",
	"msg": sprintf(
		"%s: %d of %d Annex A controls are not listed in the SoA: %s",
		[registers[0].id, count(missing), count(data.ismscheck.catalog.annex_a), concat(", ", missing)],
	),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
}) if {
	count(registers) > 0
	count(missing) > 0
}

with_other_registers(f) := object.union(f, {"evidence": [isms.resource(r) | some r in array.slice(registers, 1, count(registers))]}) if {
	count(registers) > 1
} else := f

has_applicability_column(r) if {
	some c in applicable_columns
	isms.has_column(r, c)
}

deny contains {
	"key": "no-applicable-column",
	"msg": sprintf("%s: the SoA has no `applicable` column, so no control is marked as applicable or excluded", [r.id]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in registers
	count(rows(r)) > 0
	not has_applicability_column(r)
}

label(r, i) := row_control(rows(r)[i]) if {
	row_control(rows(r)[i])
} else := isms.row_label_keys(r, i, id_columns)

deny contains isms.with_row_line(
	{
		"key": sprintf("applicability:%s", [label(r, i)]),
		"msg": sprintf("%s: %s has no applicability (`applicable` is blank; expected yes or no)", [r.id, label(r, i)]),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, i,
) if {
	some r in registers
	has_applicability_column(r)
	some i, row in rows(r)
	not isms.has_value(row, applicable_columns)
}

deny contains isms.with_row_line(
	{
		"key": sprintf("applicability-value:%s", [label(r, i)]),
		"msg": sprintf("%s: %s has applicability %s, which is neither yes nor no", [r.id, label(r, i), json.marshal(v)]),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, i,
) if {
	some r in registers
	some i, row in rows(r)
	v := isms.first_value(row, applicable_columns)
	not isms.is_yes(v)
	not isms.is_no(v)
}

deny contains isms.with_row_line(
	{
		"key": sprintf("justification:%s", [label(r, i)]),
		"msg": sprintf("%s: %s is excluded without a justification (`justification` is blank)", [r.id, label(r, i)]),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, i,
) if {
	some r in registers
	some i, row in rows(r)
	isms.is_no(isms.first_value(row, applicable_columns))
	not isms.has_value(row, justification_columns)
}

# --- implementation status of applicable controls ----------------------------------

status_columns := ["status", "implementation_status", "implementation"]

unstated(r) := [i |
	some i, row in rows(r)
	isms.is_yes(isms.first_value(row, applicable_columns))
	not isms.has_value(row, status_columns)
]

deny contains isms.with_row_line(
	{
		"key": "status",
		"msg": sprintf(
			"%s: applicable controls without an implementation status (`status` is blank): %s",
			[r.id, concat(", ", [label(r, i) | some i in xs])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, xs[0],
) if {
	some r in registers
	xs := unstated(r)
	count(xs) > 0
}
