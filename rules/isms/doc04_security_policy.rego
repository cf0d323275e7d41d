# METADATA
# title: Information security policy exists and is approved by top management
# description: The top-level information security policy must exist, carry an approval date and be approved by someone in top management.
# scope: package
# custom:
#   id: DOC-04
#   severity: major
#   controls: ["5.2", "5.1", "A.5.1"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the information security policy as a Markdown document with `type:
#     information_security_policy` in its front matter, and record its approval there: `approver`
#     (who approved it), `approver_role` (their role, which must be top management such as the CEO
#     or managing director) and `approved_on` (YYYY-MM-DD). If your top management uses other role
#     names, list them in ismscheck.yaml under `rules.params.top_management_roles`.
#   permissions: []
#   params:
#     top_management_roles: ["ceo", "chief executive", "managing director", "board", "founder", "top management", "executive committee", "coo", "cto", "cfo"]
package ismscheck.doc04

import data.lib.isms

default_roles := [
	"ceo", "chief executive", "managing director", "board", "founder",
	"top management", "executive committee", "coo", "cto", "cfo",
]

roles := isms.param("top_management_roles", default_roles)

policies := [d | some d in isms.docs_of_type(input.documents, "information_security_policy"); isms.usable(d)]

deny contains {
	"msg": "No information security policy: no document has `type: information_security_policy` in its front matter",
	"grade": "major",
} if {
	not isms.has_doc(input.documents, "information_security_policy")
}

deny contains isms.with_line(
	{
		"key": "approver",
		"msg": sprintf("%s: the information security policy does not name its approver (front-matter field `approver` is missing or blank)", [d.id]),
		"grade": "major",
		"resource": isms.resource(d),
	},
	d, "approver",
) if {
	some d in policies
	isms.blank_field(isms.meta(d), "approver")
}

deny contains isms.with_line(
	{
		"key": "approved-on",
		"msg": sprintf("%s: the information security policy has no approval date (front-matter field `approved_on` is missing or blank)", [d.id]),
		"grade": "major",
		"resource": isms.resource(d),
	},
	d, "approved_on",
) if {
	some d in policies
	isms.blank_field(isms.meta(d), "approved_on")
}

deny contains isms.with_line(
	{
		"key": "approved-on-date",
		"msg": sprintf("%s: approved_on %s is not a date in YYYY-MM-DD form, so the approval cannot be dated", [d.id, json.marshal(v)]),
		"grade": "major",
		"resource": isms.resource(d),
	},
	d, "approved_on",
) if {
	some d in policies
	v := isms.meta(d).approved_on
	not isms.blank(v)
	not isms.valid_date(v)
}

deny contains isms.with_line(
	{
		"key": "approved-on-future",
		"msg": sprintf("%s: approved_on %s is after the audit date %s, so the policy is not yet approved", [d.id, v, isms.today]),
		"grade": "major",
		"resource": isms.resource(d),
	},
	d, "approved_on",
) if {
	some d in policies
	v := isms.meta(d).approved_on
	isms.days_since(v) < 0
}

deny contains isms.with_line(
	{
		"key": "role",
		"msg": sprintf("%s: %s %s is not a top-management role, so the policy is not shown to be approved by top management", [d.id, field, json.marshal(role)]),
		"grade": "major",
		"resource": isms.resource(d),
	},
	d, field,
) if {
	some d in policies
	field := role_field(isms.meta(d))
	role := isms.meta(d)[field]
	not isms.top_management(role_text(role), roles)
}

# The role is read from approver_role; without one, from the approver itself
# ("Jane Doe, CEO"). No field at all is reported by the approver rule above.
role_field(m) := "approver_role" if {
	not isms.blank_field(m, "approver_role")
} else := "approver" if {
	not isms.blank_field(m, "approver")
}

role_text(v) := concat(", ", [sprintf("%v", [x]) | some x in v]) if {
	is_array(v)
} else := sprintf("%v", [v])
