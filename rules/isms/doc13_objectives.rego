# METADATA
# title: Information security objectives are documented and measurable
# description: Information security objectives must be kept as documented information, and each needs an owner, a target or measure and a due date.
# scope: package
# custom:
#   id: DOC-13
#   severity: minor
#   controls: ["6.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an objectives register (for example registers/objectives.yaml, register type
#     `objectives`) or a Markdown document with `type: objectives`, giving each objective a measure,
#     owner, resources, due date and how results are evaluated. In a register, give every entry an
#     `owner`, a `measure` and/or `target`, and a `due_date` (YYYY-MM-DD).
#   permissions: []
package ismscheck.doc13

import data.lib.isms

spec := [
	{"field": "owner", "columns": ["owner", "responsible"]},
	{"field": "target", "columns": ["target", "measure", "kpi", "metric", "indicator"]},
	{"field": "due_date", "columns": ["due_date", "due", "deadline", "target_date"], "date": true},
]

id_columns := ["id", "objective"]

all_registers := isms.registers_of_type(input.documents, "objectives")

registers := isms.usable_registers(input.documents, "objectives")

deny contains {
	"msg": "No information security objectives: no `objectives` register and no document with `type: objectives` in its front matter",
	"grade": "minor",
} if {
	not isms.present(input.documents, "objectives", "objectives")
}

# A register with no entries documents no objective (unless a document holds them).
deny contains {
	"key": "empty",
	"msg": sprintf("%s: no information security objective is recorded", [registers[0].id]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	count(registers) > 0
	isms.all_usable(all_registers)
	every r in registers {
		count(isms.rows(r)) == 0
	}
	not isms.has_doc(input.documents, "objectives")
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the objectives register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: objectives that are not measurable as recorded (%d of %d): %s",
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
