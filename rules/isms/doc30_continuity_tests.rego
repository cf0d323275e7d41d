# METADATA
# title: Continuity and ICT readiness plans are tested
# description: Every business continuity and ICT readiness plan must have been tested or exercised within the test interval (12 months by default).
# scope: package
# custom:
#   id: DOC-30
#   severity: minor
#   controls: ["A.5.29", "A.5.30"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Record continuity and ICT readiness tests in registers/continuity.csv (register type
#     `continuity`), one row per test or exercise with the columns `plan` (which plan or
#     capability was tested), `date` (YYYY-MM-DD), `type` (tabletop, restore test, failover...),
#     `result` and `actions`. A planned test may be listed with a future date. Test every plan at
#     least every `rules.params.continuity_test_days` days.
#   permissions: []
#   params:
#     continuity_test_days: 365
package ismscheck.doc30

import data.lib.isms

interval_days := isms.number_param("continuity_test_days", 365)

plan_columns := ["plan", "scenario", "capability", "exercise", "test", "name"]

date_columns := ["date", "tested_on", "test_date", "exercised_on", "exercise_date", "last_tested", "last_test"]

spec := [
	{"field": "plan", "columns": plan_columns},
	{"field": "date", "columns": date_columns, "date": true},
]

id_columns := ["id"]

all_registers := isms.registers_of_type(input.documents, "continuity")

registers := isms.usable_registers(input.documents, "continuity")

deny contains {
	"msg": "No continuity test records: no `continuity` register (for example registers/continuity.csv) shows that continuity and ICT readiness plans are tested",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "continuity")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: no continuity or ICT readiness test is recorded", [registers[0].id]),
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
	"msg": sprintf("%s: the continuity register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: continuity tests with missing or invalid values (%d of %d): %s",
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

# --- each plan tested within the interval ----------------------------------------------

plan(row) := isms.text(isms.first_value(row, plan_columns))

# The plans a register names (rows without a plan are reported above).
plans(r) := {p | some row in isms.rows(r); p := plan(row); p != ""} if {
	isms.has_any_column(r, plan_columns)
} else := {r.id}

rows_of(r, p) := [row | some row in isms.rows(r); plan(row) == p] if {
	isms.has_any_column(r, plan_columns)
} else := isms.rows(r)

last_test(r, p) := max({d | some row in rows_of(r, p); d := isms.first_value(row, date_columns); isms.days_since(d) >= 0})

untested(r) := [t |
	some p in plans(r)
	t := untested_text(r, p)
]

untested_text(r, p) := sprintf("%s (last tested %s, %s ago)", [p, last_test(r, p), isms.plural(isms.days_since(last_test(r, p)), "day")]) if {
	isms.days_since(last_test(r, p)) > interval_days
} else := sprintf("%s (no test recorded)", [p]) if {
	not last_test(r, p)
}

deny contains {
	"key": "untested",
	"msg": sprintf("%s: plans not tested within %d days: %s", [r.id, interval_days, concat("; ", xs)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in registers
	count(isms.rows(r)) > 0
	xs := untested(r)
	count(xs) > 0
}
