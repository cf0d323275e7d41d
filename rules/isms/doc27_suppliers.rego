# METADATA
# title: Supplier register is complete and suppliers are reviewed
# description: Every supplier, cloud services included, needs its service, the data shared, a risk rating and an agreement reference, and a review within the review interval.
# scope: package
# custom:
#   id: DOC-27
#   severity: minor
#   controls: ["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the supplier register as registers/suppliers.csv (or .yaml, register type `suppliers`)
#     with one row per supplier, cloud services included, and the columns `supplier`, `service`,
#     `data_shared`, `risk_rating`, `agreement_ref` (the contract or security terms) and
#     `last_review` (YYYY-MM-DD). Review each supplier at least every
#     `rules.params.supplier_review_days` days and record the date.
#   permissions: []
#   params:
#     supplier_review_days: 365
package ismscheck.doc27

import data.lib.isms

review_days := isms.number_param("supplier_review_days", 365)

review_columns := ["last_review", "last_reviewed", "reviewed_on", "review_date", "last_assessment"]

spec := [
	{"field": "supplier", "columns": ["supplier", "name", "vendor", "supplier_name"]},
	{"field": "service", "columns": ["service", "services"]},
	{"field": "data_shared", "columns": ["data_shared", "data", "data_processed", "information_shared", "data_access"]},
	{"field": "risk_rating", "columns": ["risk_rating", "rating", "risk", "risk_level", "criticality", "tier"]},
	{"field": "agreement_ref", "columns": ["agreement_ref", "agreement", "agreement_reference", "contract", "contract_ref", "security_clauses"]},
	{"field": "last_review", "columns": review_columns, "date": true},
]

id_columns := ["id", "supplier", "name", "vendor", "supplier_name"]

all_registers := isms.registers_of_type(input.documents, "suppliers")

registers := isms.usable_registers(input.documents, "suppliers")

deny contains {
	"msg": "No supplier register: no `suppliers` register (for example registers/suppliers.csv) lists the suppliers and cloud services",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "suppliers")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: the supplier register lists no suppliers", [registers[0].id]),
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
	"msg": sprintf("%s: the supplier register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: suppliers with missing or invalid values (%d of %d): %s",
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

# Rows whose last review is older than the interval, or dated after the audit date.
late(r) := [{"index": i, "text": t} |
	some i, row in isms.rows(r)
	d := isms.first_value(row, review_columns)
	n := isms.days_since(d)
	t := review_text(d, n)
]

review_text(d, n) := sprintf("last reviewed %s (%s ago)", [d, isms.plural(n, "day")]) if {
	n > review_days
} else := sprintf("last_review %s is after the audit date", [d]) if {
	n < 0
}

deny contains isms.with_row_line(
	{
		"key": "reviews",
		"msg": sprintf(
			"%s: suppliers not reviewed within %d days (%d of %d): %s",
			[r.id, review_days, count(xs), count(isms.rows(r)), concat("; ", [isms.describe_row(r, x.index, id_columns, x.text) | some x in xs])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, xs[0].index,
) if {
	some r in registers
	xs := late(r)
	count(xs) > 0
}
