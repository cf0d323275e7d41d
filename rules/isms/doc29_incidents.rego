# METADATA
# title: Incidents are classified and lessons are learned
# description: The incident log must exist; every incident needs a classification, and every closed incident the lessons learned from it.
# scope: package
# custom:
#   id: DOC-29
#   severity: minor
#   controls: ["A.5.24", "A.5.25", "A.5.26", "A.5.27"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the incident log as registers/incidents.csv (register type `incidents`) with one row
#     per information security incident and the columns `id`, `date`, `summary`,
#     `classification` (your severity scale), `lessons_learned` and `status`. Classify every
#     incident when it is assessed, and record the lessons learned (and any corrective action)
#     before closing it.
#   permissions: []
package ismscheck.doc29

import data.lib.isms

classification := {"field": "classification", "columns": ["classification", "severity", "category", "priority"]}

lessons := {"field": "lessons_learned", "columns": ["lessons_learned", "lessons", "post_incident_review", "learning"]}

status_columns := ["status", "state"]

closed_statuses := {"closed", "resolved", "done", "complete", "completed"}

id_columns := ["id", "incident_id", "reference"]

registers := isms.usable_registers(input.documents, "incidents")

deny contains {
	"msg": "No incident log: no `incidents` register (for example registers/incidents.csv) records information security incidents",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "incidents")
}

# Lessons are owed once an incident is closed, or always when the log keeps no status.
closed(row) if lower(isms.text(isms.first_value(row, status_columns))) in closed_statuses

owes_lessons(_, row) if closed(row)

owes_lessons(r, _) if not isms.has_any_column(r, status_columns)

needs_column(r, "classification") if count(isms.rows(r)) > 0

needs_column(r, "lessons_learned") if {
	some row in isms.rows(r)
	owes_lessons(r, row)
}

absent(r) := [q.field |
	some q in [classification, lessons]
	not isms.has_any_column(r, q.columns)
	needs_column(r, q.field)
]

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the incident log has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in registers
	cols := absent(r)
	count(cols) > 0
}

gaps(r) := [{"index": i, "fields": fields} |
	some i, row in isms.rows(r)
	fields := array.concat(
		[classification.field |
			isms.has_any_column(r, classification.columns)
			not isms.has_value(row, classification.columns)
		],
		[lessons.field |
			isms.has_any_column(r, lessons.columns)
			owes_lessons(r, row)
			not isms.has_value(row, lessons.columns)
		],
	)
	count(fields) > 0
]

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf(
			"%s: incidents without a classification or, once closed, lessons learned (%d of %d): %s",
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
