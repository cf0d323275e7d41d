# METADATA
# title: Interested parties and their requirements are determined
# description: The interested-parties register must name each party, its relevant requirements and which of them the ISMS addresses, and should show that climate-related requirements were considered.
# scope: package
# custom:
#   id: DOC-03
#   severity: minor
#   controls: ["4.2"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an interested-parties register as registers/interested-parties.yaml (or .csv, register
#     type `interested_parties`) with one entry per party and the fields `party`, `requirements`
#     and `addressed_through_isms` (yes or no: which requirements the ISMS addresses). Record for
#     each party whether climate-related requirements were considered in
#     `climate_requirements_considered` (yes, with notes in `climate_notes`), or once for the
#     whole register in its header.
#   permissions: []
package ismscheck.doc03

import data.lib.isms

spec := [
	{"field": "party", "columns": ["party", "interested_party", "stakeholder", "name"]},
	{"field": "requirements", "columns": ["requirements", "needs", "expectations", "needs_and_expectations"]},
	{"field": "addressed_through_isms", "columns": ["addressed_through_isms", "addressed_by_isms", "addressed_in_isms", "addressed"]},
]

id_columns := ["id", "party", "interested_party", "stakeholder", "name"]

# "considered: no" means not considered; a requirements text (even "none") means it was.
flag_columns := ["climate_requirements_considered", "climate_considered", "climate_change_considered"]

text_columns := ["climate_requirements", "climate_change_requirements"]

all_registers := isms.registers_of_type(input.documents, "interested_parties")

registers := isms.usable_registers(input.documents, "interested_parties")

deny contains {
	"msg": "No interested-parties register: no register of type `interested_parties` (for example registers/interested-parties.yaml) records the parties and their requirements",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "interested_parties")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: the interested-parties register has no parties recorded", [registers[0].id]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	count(registers) > 0
	isms.all_usable(all_registers)
	every r in registers {
		count(isms.rows(r)) == 0
	}
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the interested-parties register has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in registers
	count(isms.rows(r)) > 0
	cols := isms.absent_fields(r, spec)
	count(cols) > 0
}

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf(
			"%s: interested parties with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(isms.rows(r)), isms.describe_gaps(r, gaps, id_columns)],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, gaps[0].index,
) if {
	some r in registers
	gaps := isms.row_gaps(r, spec)
	count(gaps) > 0
}

# --- climate-related requirements (Amd 1:2024 note to 4.2): observation only --------

considered(x) if {
	v := isms.first_value(x, flag_columns)
	not isms.is_no(v)
}

considered(x) if {
	not isms.has_value(x, flag_columns)
	isms.has_value(x, text_columns)
}

unconsidered(r) := [i | some i, row in isms.rows(r); not considered(row)]

deny contains isms.with_row_line(
	{
		"key": "climate",
		"msg": sprintf(
			"%s: climate-related requirements are not shown as considered for %d of %d parties (`climate_requirements_considered` blank or no): %s",
			[r.id, count(missing), count(isms.rows(r)), concat("; ", [isms.row_text(r, i, id_columns) | some i in missing])],
		),
		"grade": "observation",
		"resource": isms.resource(r),
	},
	r, missing[0],
) if {
	some r in registers
	not considered(isms.meta(r))
	missing := unconsidered(r)
	count(missing) > 0
}
