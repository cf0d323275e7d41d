# METADATA
# title: Risk register is kept
# description: Risk assessment results must be retained as a register in which every risk has an id, an owner, a likelihood and an impact.
# scope: package
# custom:
#   id: DOC-09
#   severity: major
#   controls: ["6.1.2", "8.2"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the risk register as registers/risk-register.csv (or .yaml, register type
#     `risk_register`) with one row per risk and at least the columns `id`, `description`,
#     `owner`, `likelihood`, `impact` and `level`, scored with the scales of the risk methodology.
#     Fill in every row's id, owner, likelihood and impact.
#   permissions: []
package ismscheck.doc09

import data.lib.isms

# Required values and the column names accepted for each.
required := [
	{"field": "id", "columns": ["id", "risk_id"]},
	{"field": "owner", "columns": ["owner", "risk_owner"]},
	{"field": "likelihood", "columns": ["likelihood", "probability"]},
	{"field": "impact", "columns": ["impact", "consequence"]},
]

registers := isms.registers_of_type(input.documents, "risk_register")

usable := [r | some r in registers; isms.usable(r)]

# A register the collector could not read completely is reported as an error by
# the engine; it is not taken as proof that no risk register exists.
incomplete := [r | some r in registers; not isms.usable(r)]

rows(r) := object.get(r.data, "rows", [])

deny contains {
	"msg": "No risk register: no register of type `risk_register` (for example registers/risk-register.csv) was found",
	"grade": "major",
} if {
	count(registers) == 0
}

deny contains {
	"msg": sprintf("No risk assessment results: %s has no risks recorded", [concat(", ", [r.id | some r in usable])]),
	"grade": "major",
	"evidence": [isms.resource(r) | some r in usable],
} if {
	count(usable) > 0
	count(incomplete) == 0
	every r in usable {
		count(rows(r)) == 0
	}
}

# Required values whose column the register does not have at all.
missing_columns(r) := [q.field |
	some q in required
	not has_any_column(r, q.columns)
]

has_any_column(r, columns) if {
	some c in columns
	isms.has_column(r, c)
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the risk register has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in usable
	count(rows(r)) > 0
	cols := missing_columns(r)
	count(cols) > 0
}

# For each row, the required values left blank (columns that exist only).
row_gaps(r) := [{"index": i, "fields": fields} |
	some i, row in rows(r)
	fields := [q.field |
		some q in required
		has_any_column(r, q.columns)
		not isms.has_value(row, q.columns)
	]
	count(fields) > 0
]

id_columns := ["id", "risk_id"]

describe(r, i, fields) := sprintf("%s (line %d): %s", [isms.row_label_keys(r, i, id_columns), isms.row_line(r, i), concat(", ", fields)]) if {
	isms.has_value(rows(r)[i], id_columns)
	isms.row_line(r, i)
} else := sprintf("%s: %s", [isms.row_label_keys(r, i, id_columns), concat(", ", fields)])

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf(
			"%s: risks with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(rows(r)), concat("; ", [describe(r, g.index, g.fields) | some g in gaps])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, gaps[0].index,
) if {
	some r in usable
	gaps := row_gaps(r)
	count(gaps) > 0
}
