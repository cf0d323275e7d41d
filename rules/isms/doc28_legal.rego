# METADATA
# title: Legal, regulatory and contractual requirements are identified and owned
# description: The legal register must list the legal, statutory, regulatory and contractual obligations relevant to information security, each with an owner.
# scope: package
# custom:
#   id: DOC-28
#   severity: minor
#   controls: ["A.5.31"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a legal register as registers/legal.yaml (or .csv, register type `legal`) with one
#     entry per law, regulation or contract obligation and the fields `id`, `obligation`, `owner`
#     and how it is met (`how_addressed`). Give every obligation an owner.
#   permissions: []
package ismscheck.doc28

import data.lib.isms

spec := [
	{"field": "obligation", "columns": ["obligation", "requirement", "legislation", "law", "title", "name", "description"]},
	{"field": "owner", "columns": ["owner", "responsible"]},
]

id_columns := ["id", "obligation", "requirement", "legislation", "law", "title", "name"]

all_registers := isms.registers_of_type(input.documents, "legal")

registers := isms.usable_registers(input.documents, "legal")

deny contains {
	"msg": "No legal register: no `legal` register (for example registers/legal.yaml) lists the legal, regulatory and contractual requirements",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "legal")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: the legal register lists no obligations", [registers[0].id]),
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
	"msg": sprintf("%s: the legal register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: obligations with blank required values (%d of %d): %s",
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
