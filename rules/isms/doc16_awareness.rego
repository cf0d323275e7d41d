# METADATA
# title: Awareness training reaches the target in the current period
# description: The awareness register must show that at least the target share of people completed awareness training in the current period, and that the programme is running.
# scope: package
# custom:
#   id: DOC-16
#   severity: minor
#   controls: ["7.3", "A.6.3"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep awareness records as registers/awareness.csv (register type `awareness`), one row per
#     person and period with the columns `person` (name or staff id), `period` (for example 2026
#     or 2026-H2), `completed_on` (YYYY-MM-DD, blank while pending) and optionally `course` and
#     `status`. List everyone under the organisation's control in each period. The latest period
#     is judged. Follow up the people the finding names. Set
#     `rules.params.awareness_target` and `rules.params.awareness_period_days` to your own
#     programme's target and cycle.
#   permissions: []
#   params:
#     awareness_target: 0.95
#     awareness_period_days: 365
package ismscheck.doc16

import data.lib.isms

target := isms.number_param("awareness_target", 0.95)

period_days := isms.number_param("awareness_period_days", 365)

person_columns := ["person", "name", "employee", "staff_id", "employee_id", "email", "user"]

period_columns := ["period", "year", "cycle", "campaign"]

completed_columns := ["completed_on", "completion_date", "completed", "date"]

done_statuses := {"completed", "complete", "done", "passed"}

all_registers := isms.registers_of_type(input.documents, "awareness")

registers := isms.usable_registers(input.documents, "awareness")

judged if {
	count(registers) > 0
	isms.all_usable(all_registers)
}

entries := [{"r": r, "i": i, "row": row} |
	some r in registers
	some i, row in isms.rows(r)
	is_object(row)
]

deny contains {
	"msg": "No awareness records: no `awareness` register (for example registers/awareness.csv) shows who completed security awareness training",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "awareness")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: no awareness training is recorded", [registers[0].id]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	judged
	count(entries) == 0
}

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf("%s: awareness records without a person (%d of %d): %s", [r.id, count(blank), count(isms.rows(r)), concat("; ", [isms.row_text(r, i, ["id"]) | some i in blank])]),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, blank[0],
) if {
	some r in registers
	blank := [i | some i, row in isms.rows(r); not isms.has_value(row, person_columns)]
	count(blank) > 0
}

# --- the current period --------------------------------------------------------------

period(row) := isms.text(isms.first_value(row, period_columns))

periods := {p | some e in entries; p := period(e.row)}

# The latest period when periods are recorded (2025 < 2026, 2026-H1 < 2026-H2), else all rows.
current_period := max(periods) if count(periods) > 0

current := [e | some e in entries; period(e.row) == current_period] if {
	count(periods) > 0
} else := entries

person(row) := isms.text(isms.first_value(row, person_columns))

completed(row) if isms.days_since(isms.first_value(row, completed_columns)) >= 0

completed(row) if isms.is_yes(isms.first_value(row, completed_columns))

completed(row) if lower(isms.text(isms.first_value(row, ["status"]))) in done_statuses

people := {p | some e in current; p := person(e.row); p != ""}

done := {p | some e in current; completed(e.row); p := person(e.row); p != ""}

in_period := sprintf(" in period %s", [current_period]) if count(periods) > 0

else := ""

deny contains {
	"key": "completion",
	"msg": sprintf(
		"%s: %d of %d people (%s) completed awareness training%s, below the %s target; not completed: %s",
		[
			registers[0].id, count(done), count(people), isms.percent(share), in_period,
			isms.percent(target), isms.list_text(sort(people - done), 10),
		],
	),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	judged
	count(people) > 0
	share := count(done) / count(people)
	share < target
}

latest := max({d | some e in current; d := isms.first_value(e.row, completed_columns); isms.days_since(d) >= 0})

deny contains {
	"key": "stale",
	"msg": sprintf(
		"%s: the latest awareness training completion%s is dated %s, %s before %s (beyond the %d-day cycle), so the programme is not shown to be running",
		[registers[0].id, in_period, latest, isms.plural(isms.days_since(latest), "day"), isms.today, period_days],
	),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	judged
	isms.days_since(latest) > period_days
}
