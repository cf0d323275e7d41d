# METADATA
# title: Corrective actions are recorded and followed up
# description: Nonconformities and their corrective actions must be logged, and open actions must not run past their due date.
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
#     `action`, `owner`, `due_date`, `status` and `effectiveness_review`. For an overdue action,
#     complete and verify it and set `status` to closed, or agree a new `due_date` and record why.
#   permissions: []
#   params:
#     closed_statuses: ["closed", "done", "verified", "completed", "complete", "resolved", "cancelled", "canceled"]
package ismscheck.doc24

import data.lib.isms

default_closed := ["closed", "done", "verified", "completed", "complete", "resolved", "cancelled", "canceled"]

closed_statuses := {lower(trim_space(s)) | some s in isms.param("closed_statuses", default_closed); is_string(s)}

due_columns := ["due_date", "due"]

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
