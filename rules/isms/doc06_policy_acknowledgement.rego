# METADATA
# title: Personnel acknowledge the current version of the policies
# description: For each policy with acknowledgement records, and always for the information security policy, the share of people who acknowledged its current version must reach the target.
# scope: package
# custom:
#   id: DOC-06
#   severity: minor
#   controls: ["A.5.1", "A.6.2", "7.3"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep policy acknowledgements as registers/acknowledgements.csv (register type
#     `acknowledgements`), one row per person and policy with the columns `person` (name or staff
#     id), `policy` (the policy's `id` from its front matter, e.g. POL-01), `version` (the version
#     acknowledged) and `acknowledged_on` (YYYY-MM-DD; blank while pending). List everyone a policy
#     applies to; everyone in the register must acknowledge the information security policy.
#     When a policy gets a new version, ask the people to acknowledge it again, and chase those
#     the finding names. Set `rules.params.acknowledgement_target` for another target share.
#   permissions: []
#   params:
#     acknowledgement_target: 0.95
package ismscheck.doc06

import data.lib.isms

target := isms.number_param("acknowledgement_target", 0.95)

person_columns := ["person", "name", "employee", "staff_id", "employee_id", "email", "user"]

policy_columns := ["policy", "policy_id", "document", "document_id"]

version_columns := ["version", "policy_version"]

date_columns := ["acknowledged_on", "acknowledgement_date", "acknowledged", "date"]

spec := [
	{"field": "person", "columns": person_columns},
	{"field": "policy", "columns": policy_columns},
	{"field": "version", "columns": version_columns},
]

all_registers := isms.registers_of_type(input.documents, "acknowledgements")

registers := isms.usable_registers(input.documents, "acknowledgements")

policies := [d |
	some t in ["information_security_policy", "policy"]
	some d in isms.docs_of_type(input.documents, t)
	isms.usable(d)
]

entries := [{"r": r, "i": i, "row": row} |
	some r in registers
	some i, row in isms.rows(r)
	is_object(row)
]

deny contains {
	"msg": "No policy acknowledgement records: no `acknowledgements` register (for example registers/acknowledgements.csv) shows that personnel acknowledged the policies",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "acknowledgements")
}

# Register-wide judgements need every acknowledgements register readable.
judged if {
	count(registers) > 0
	isms.all_usable(all_registers)
}

deny contains {
	"key": "empty",
	"msg": sprintf("%s: no policy acknowledgement is recorded", [registers[0].id]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
} if {
	judged
	count(entries) == 0
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the acknowledgements register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: acknowledgements with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(isms.rows(r)), isms.describe_gaps(r, gaps, ["person"])],
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

# --- share of people per policy --------------------------------------------------

person(row) := isms.text(isms.first_value(row, person_columns))

version_text(v) := trim_left(lower(isms.text(v)), "v")

# The names a row may use for a policy: its id, its path, its title.
policy_names(d) := {isms.norm(x) |
	some x in [object.get(isms.meta(d), "id", null), d.id, object.get(isms.meta(d), "title", null)]
	not isms.blank(x)
}

rows_for(d) := [e | some e in entries; isms.norm(isms.first_value(e.row, policy_columns)) in policy_names(d)]

# Everyone in the register must acknowledge the top-level policy; a topic-specific policy
# is owed by the people listed for it.
population(d) := {person(e.row) | some e in entries; person(e.row) != ""} if {
	d.data.type == "information_security_policy"
} else := {person(e.row) | some e in rows_for(d); person(e.row) != ""}

acknowledged(d, current) := {person(e.row) |
	some e in rows_for(d)
	person(e.row) != ""
	version_text(isms.first_value(e.row, version_columns)) == current
	isms.days_since(isms.first_value(e.row, date_columns)) >= 0
}

label(d) := sprintf("%s (%s)", [isms.text(isms.meta(d).id), d.id]) if {
	not isms.blank_field(isms.meta(d), "id")
} else := d.id

deny contains {
	"key": label(d),
	"msg": sprintf(
		"%s: %d of %d people (%s) have acknowledged version %s of %s, below the %s target; not acknowledged: %s",
		[
			registers[0].id, count(done), count(people), isms.percent(share), isms.text(isms.meta(d).version),
			label(d), isms.percent(target), isms.list_text(sort(people - done), 10),
		],
	),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
	"evidence": array.concat([isms.resource(d)], [isms.resource(r) | some r in array.slice(registers, 1, count(registers))]),
} if {
	judged
	some d in policies
	current := version_text(isms.meta(d).version)
	current != ""
	people := population(d)
	count(people) > 0
	owed(d)
	done := acknowledged(d, current)
	share := count(done) / count(people)
	share < target
}

# Which policies are judged: the top-level policy always, others once anyone is listed.
owed(d) if d.data.type == "information_security_policy"

owed(d) if count(rows_for(d)) > 0
