# METADATA
# title: Externally provided processes are determined and controlled
# description: Processes, products or services provided from outside that are relevant to the ISMS must be listed, each with its provider, how it is controlled and who owns it.
# scope: package
# custom:
#   id: DOC-19
#   severity: minor
#   controls: ["8.1"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     List the externally provided processes (outsourcing, cloud hosting, managed services) in
#     registers/external-processes.csv (register type `external_processes`) with the columns
#     `process`, `provider`, `how_controlled` (agreement, assurance reports, reviews, monitoring)
#     and `owner`; or flag the suppliers that provide a process in the `suppliers` register with a
#     `provides_process` column (yes, or the name of the process).
#   permissions: []
package ismscheck.doc19

import data.lib.isms

spec := [
	{"field": "process", "columns": ["process", "activity", "name"]},
	{"field": "provider", "columns": ["provider", "supplier", "vendor"]},
	{"field": "how_controlled", "columns": ["how_controlled", "controls", "control", "oversight", "monitoring"]},
	{"field": "owner", "columns": ["owner", "responsible", "process_owner"]},
]

id_columns := ["id", "process", "activity", "name"]

flag_columns := ["provides_process", "external_process", "outsourced_process", "outsourced"]

all_registers := array.concat(
	isms.registers_of_type(input.documents, "external_processes"),
	isms.registers_of_type(input.documents, "suppliers"),
)

registers := isms.usable_registers(input.documents, "external_processes")

listed := [row | some r in registers; some row in isms.rows(r)]

flagged := [row |
	some r in isms.usable_registers(input.documents, "suppliers")
	some row in isms.rows(r)
	v := isms.first_value(row, flag_columns)
	not isms.is_no(v)
]

deny contains {
	"msg": "No externally provided processes are listed: no `external_processes` register (for example registers/external-processes.csv) has entries, and no supplier in a `suppliers` register is flagged as providing a process (column `provides_process`)",
	"grade": "minor",
} if {
	isms.all_usable(all_registers)
	count(listed) == 0
	count(flagged) == 0
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the register of externally provided processes has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: externally provided processes with blank required values (%d of %d): %s",
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
