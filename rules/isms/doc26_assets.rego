# METADATA
# title: Asset inventory gives every asset an owner, a classification and a location
# description: The inventory of information and other associated assets must exist, and each asset needs an owner, a classification and a location.
# scope: package
# custom:
#   id: DOC-26
#   severity: minor
#   controls: ["A.5.9", "A.5.12"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the asset inventory as registers/assets.csv (or .yaml, register type `assets`) with one
#     row per asset (information, systems, repositories, cloud accounts, SaaS, devices) and the
#     columns `id`, `asset`, `owner`, `classification` (a label of your classification scheme)
#     and `location`. Fill in every row the finding names.
#   permissions: []
package ismscheck.doc26

import data.lib.isms

spec := [
	{"field": "owner", "columns": ["owner", "asset_owner"]},
	{"field": "classification", "columns": ["classification", "class", "label", "sensitivity"]},
	{"field": "location", "columns": ["location", "hosting", "site", "where"]},
]

id_columns := ["id", "asset_id", "asset", "name"]

all_registers := isms.registers_of_type(input.documents, "assets")

registers := isms.usable_registers(input.documents, "assets")

deny contains {
	"msg": "No asset inventory: no `assets` register (for example registers/assets.csv) lists the information and other associated assets",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "assets")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: the asset inventory lists no assets", [registers[0].id]),
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
	"msg": sprintf("%s: the asset inventory has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: assets with blank required values (%d of %d): %s",
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
