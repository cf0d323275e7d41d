# METADATA
# title: ISMS roles and responsibilities are assigned
# description: A roles document or register must name who owns or manages the ISMS, and should say who the risk owners and control owners are.
# scope: package
# custom:
#   id: DOC-07
#   severity: minor
#   controls: ["5.3", "A.5.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the ISMS roles as a Markdown document with `type: roles` whose front matter names the
#     ISMS owner or manager (`isms_owner` and/or `isms_manager`), the risk owners (`risk_owners`)
#     and the control owners (`control_owners`), or as a `roles` register (for example
#     registers/roles.csv) with the columns `role` and `holder`, including rows for the ISMS
#     manager, the risk owners and the control owners. A `roles` list of role/holder pairs in the
#     front matter works too.
#   permissions: []
package ismscheck.doc07

import data.lib.isms

owner_fields := [
	"isms_owner", "isms_manager", "isms_lead", "management_representative", "ciso",
	"information_security_manager", "information_security_officer",
]

risk_fields := ["risk_owners", "risk_owner"]

control_fields := ["control_owners", "control_owner"]

role_columns := ["role", "title", "function"]

holder_columns := ["holder", "person", "assignee", "assigned_to", "name", "owner"]

owner_role := `\b(isms|information security management system) (owner|manager|lead|coordinator)\b|\bciso\b|\bchief information security officer\b|\binformation security (manager|officer)\b|\bmanagement representative\b`

risk_role := `\brisk owners?\b`

control_role := `\bcontrol owners?\b`

docs := isms.docs_of_type(input.documents, "roles")

regs := isms.registers_of_type(input.documents, "roles")

artefacts := array.concat(docs, regs)

judged if {
	count(artefacts) > 0
	isms.all_usable(artefacts)
}

# The role/holder pairs an artefact lists: register rows, or a front-matter `roles` list.
pairs(a) := [row | some row in isms.rows(a); is_object(row)] if {
	a.kind == "isms.register"
} else := [x | some x in object.get(isms.meta(a), "roles", []); is_object(x)] if {
	is_array(object.get(isms.meta(a), "roles", []))
} else := []

assigned(a, fields, _) if isms.has_value(isms.meta(a), fields)

assigned(a, _, pattern) if {
	some p in pairs(a)
	role := isms.norm(isms.first_value(p, role_columns))
	regex.match(pattern, regex.replace(role, `[^a-z0-9]+`, " "))
	isms.has_value(p, holder_columns)
}

named(fields, pattern) if {
	some a in artefacts
	assigned(a, fields, pattern)
}

where := concat(", ", [a.id | some a in artefacts])

others := [isms.resource(a) | some a in array.slice(artefacts, 1, count(artefacts))]

deny contains {
	"msg": "No ISMS roles and responsibilities: no document has `type: roles` in its front matter and no `roles` register (for example registers/roles.csv) was found",
	"grade": "minor",
} if {
	not isms.present(input.documents, "roles", "roles")
}

deny contains {
	"key": "isms-owner",
	"msg": sprintf(
		"%s: nobody is named as ISMS owner or manager (front-matter `isms_owner` / `isms_manager`, or a role such as \"ISMS manager\" with a holder)",
		[where],
	),
	"grade": "minor",
	"resource": isms.resource(artefacts[0]),
	"evidence": others,
} if {
	judged
	not named(owner_fields, owner_role)
}

deny contains {
	"key": sprintf("%s-owners", [x.what]),
	"msg": sprintf("%s: %s owners are not assigned (front-matter `%s`, or a \"%s owner\" role with a holder)", [where, x.what, x.fields[0], x.what]),
	"grade": "observation",
	"resource": isms.resource(artefacts[0]),
	"evidence": others,
} if {
	judged
	some x in [
		{"what": "risk", "fields": risk_fields, "pattern": risk_role},
		{"what": "control", "fields": control_fields, "pattern": control_role},
	]
	not named(x.fields, x.pattern)
}
