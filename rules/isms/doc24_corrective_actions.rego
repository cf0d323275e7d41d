# METADATA
# title: Corrective actions are recorded and followed up
# description: Nonconformities and their corrective actions must be logged, each with an owner and a due date, a root cause once the action is closed or past its due date and, once closed, an effectiveness review; open actions should not run past their due date.
# scope: package
# custom:
#   id: DOC-24
#   severity: minor
#   controls: ["10.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a corrective action log as registers/corrective-actions.csv (register type
#     `corrective_actions`) with the columns `id`, `source`, `description`, `root_cause`,
#     `action`, `owner`, `due_date`, `status` and `effectiveness_review`. Give every action an owner
#     and a due date; record its root cause by the due date, and the effectiveness review (date,
#     what was checked, result) before closing it. For an overdue action, complete and verify it and set
#     `status` to closed, or agree a new `due_date` and record why.
#   permissions: []
#   params:
#     closed_statuses: ["closed", "done", "verified", "completed", "complete", "resolved", "cancelled", "canceled"]
package ismscheck.doc24

import data.lib.isms

default_closed := ["closed", "done", "verified", "completed", "complete", "resolved", "cancelled", "canceled"]

closed_statuses := {lower(trim_space(s)) | some s in isms.param("closed_statuses", default_closed); is_string(s)}

due_columns := ["due_date", "due"]

# Closed without being done: no effectiveness review is owed.
dropped_statuses := {"cancelled", "canceled", "withdrawn", "rejected", "duplicate"}

root_cause := {"field": "root_cause", "columns": ["root_cause", "cause"]}

# Every action needs an owner and a due date from the day it is logged.
plan_spec := [
	{"field": "owner", "columns": ["owner", "action_owner", "responsible"]},
	{"field": "due_date", "columns": due_columns, "date": true},
]

# The columns a log needs whatever its rows hold.
spec := array.concat([root_cause], plan_spec)

effectiveness := {"field": "effectiveness_review", "columns": ["effectiveness_review", "effectiveness", "effectiveness_check", "verification"]}

id_columns := ["id"]

registers := [r |
	some r in isms.registers_of_type(input.documents, "corrective_actions")
	isms.usable(r)
]

deny contains {
	"msg": "No corrective action log: no `corrective_actions` register (for example registers/corrective-actions.csv) and no document with `type: corrective_actions` in its front matter",
	"grade": "minor",
} if {
	not isms.present(input.documents, "corrective_actions", "corrective_actions")
}

closed(row) if lower(trim_space(sprintf("%v", [isms.first_value(row, ["status"])]))) in closed_statuses

status_text(row) := sprintf("status: %v", [isms.first_value(row, ["status"])]) if {
	isms.has_value(row, ["status"])
} else := "no status"

overdue(row) if {
	not closed(row)
	isms.days_until(isms.first_value(row, due_columns)) < 0
}

deny contains isms.with_row_line(
	{
		"key": isms.row_label(r, i),
		"msg": sprintf(
			"%s: %s is still open (%s) and was due %s (%s overdue)",
			[r.id, isms.row_label(r, i), status_text(row), due, isms.plural(0 - n, "day")],
		),
		"grade": "observation",
		"resource": isms.resource(r),
	},
	r, i,
) if {
	some r in registers
	some i, row in object.get(r.data, "rows", [])
	not closed(row)
	due := isms.first_value(row, due_columns)
	n := isms.days_until(due)
	n < 0
}

# --- required values --------------------------------------------------------------

# The root cause is the owner's analysis: owed once the action is closed or past its due
# date, not while it is open and on time (a freshly logged action has none yet).
owes_root_cause(row) if closed(row)

owes_root_cause(row) if overdue(row)

owes_review(row) if {
	closed(row)
	not lower(trim_space(sprintf("%v", [isms.first_value(row, ["status"])]))) in dropped_statuses
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the corrective action log has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in registers
	count(isms.rows(r)) > 0
	cols := array.concat(isms.absent_fields(r, spec), [effectiveness.field | reviews_owed(r); not isms.has_any_column(r, effectiveness.columns)])
	count(cols) > 0
}

reviews_owed(r) if {
	some row in isms.rows(r)
	owes_review(row)
}

base_gaps(r) := {g.index: g.fields | some g in isms.row_gaps(r, plan_spec)}

gaps(r) := [{"index": i, "fields": fields} |
	some i, row in isms.rows(r)
	fields := array.concat(
		array.concat(
			[root_cause.field |
				isms.has_any_column(r, root_cause.columns)
				owes_root_cause(row)
				not isms.has_value(row, root_cause.columns)
			],
			object.get(base_gaps(r), i, []),
		),
		[effectiveness.field |
			isms.has_any_column(r, effectiveness.columns)
			owes_review(row)
			not isms.has_value(row, effectiveness.columns)
		],
	)
	count(fields) > 0
]

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf(
			"%s: corrective actions with missing or invalid values (%d of %d): %s",
			[r.id, count(gs), count(isms.rows(r)), isms.describe_gaps(r, gs, id_columns)],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, gs[0].index,
) if {
	some r in registers
	gs := gaps(r)
	count(gs) > 0
}
