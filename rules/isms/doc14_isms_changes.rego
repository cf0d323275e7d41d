# METADATA
# title: Changes to the ISMS are planned
# description: Planned changes to the ISMS should be recorded with their purpose, possible consequences, the resources they need and who is responsible.
# scope: package
# custom:
#   id: DOC-14
#   severity: observation
#   controls: ["6.3"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an ISMS change log as registers/isms-changes.yaml (or .csv, register type
#     `isms_changes`) with one entry per planned change to the ISMS (scope, organisation,
#     processes, tools) and the fields `change`, `purpose`, `consequences` (what could go wrong
#     and how it is handled), `resources` and `responsible`, plus its status and dates.
#   permissions: []
package ismscheck.doc14

import data.lib.isms

spec := [
	{"field": "change", "columns": ["change", "title", "description"]},
	{"field": "purpose", "columns": ["purpose", "reason", "rationale"]},
	{"field": "consequences", "columns": ["consequences", "potential_consequences", "impact"]},
	{"field": "resources", "columns": ["resources", "resource", "budget"]},
	{"field": "responsible", "columns": ["responsible", "responsibilities", "responsibility", "owner"]},
]

id_columns := ["id", "change", "title"]

all_registers := isms.registers_of_type(input.documents, "isms_changes")

registers := isms.usable_registers(input.documents, "isms_changes")

deny contains {
	"msg": "No ISMS change log: no `isms_changes` register (for example registers/isms-changes.yaml) shows how changes to the ISMS are planned",
	"grade": "observation",
} if {
	not isms.has_register(input.documents, "isms_changes")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: no planned change to the ISMS is recorded", [registers[0].id]),
	"grade": "observation",
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
	"msg": sprintf("%s: the ISMS change log has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "observation",
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
			"%s: planned ISMS changes with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(isms.rows(r)), isms.describe_gaps(r, gaps, id_columns)],
		),
		"grade": "observation",
		"resource": isms.resource(r),
	},
	r, gaps[0].index,
) if {
	some r in registers
	gaps := isms.row_gaps(r, spec)
	count(gaps) > 0
}
