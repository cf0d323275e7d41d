# METADATA
# title: Internal and external communication is planned
# description: A communication plan should say what is communicated about the ISMS, when, with whom and by whom.
# scope: package
# custom:
#   id: DOC-17
#   severity: observation
#   controls: ["7.4"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a communication plan as registers/communication-plan.csv (register type
#     `communication_plan`) with one row per communication and the columns `what`, `when`,
#     `with_whom` and `who` (and optionally `how`), or as a Markdown document with `type:
#     communication_plan`. Cover internal communication (staff, management) and external
#     communication (customers, authorities, suppliers, the certification body).
#   permissions: []
package ismscheck.doc17

import data.lib.isms

spec := [
	{"field": "what", "columns": ["what", "topic", "subject", "message"]},
	{"field": "when", "columns": ["when", "frequency", "timing", "schedule"]},
	{"field": "with_whom", "columns": ["with_whom", "audience", "recipients", "to_whom"]},
	{"field": "who", "columns": ["who", "communicator", "responsible", "owner", "sender"]},
]

id_columns := ["id", "what", "topic"]

registers := isms.usable_registers(input.documents, "communication_plan")

deny contains {
	"msg": "No communication plan: no `communication_plan` register (for example registers/communication-plan.csv) and no document with `type: communication_plan` in its front matter",
	"grade": "observation",
} if {
	not isms.present(input.documents, "communication_plan", "communication_plan")
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: the communication plan has no entries", [r.id]),
	"grade": "observation",
	"resource": isms.resource(r),
} if {
	some r in registers
	count(isms.rows(r)) == 0
	not isms.has_doc(input.documents, "communication_plan")
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the communication plan has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "observation",
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
			"%s: communications with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(isms.rows(r)), isms.describe_gaps(r, gaps, id_columns)],
		),
		"grade": "observation",
		"resource": isms.resource(r),
	},
	r, gaps[0].index,
) if {
	some r in registers
	gaps := isms.row_gaps(r, spec)
	count(gaps) > 0
}
