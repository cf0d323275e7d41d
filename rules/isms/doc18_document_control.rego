# METADATA
# title: Controlled documents carry document control
# description: Every controlled document and YAML register needs an owner, an approver, a version, an approval date and a next review date that has not passed.
# scope: package
# custom:
#   id: DOC-18
#   severity: minor
#   controls: ["7.5.2", "7.5.3"]
#   kinds: [isms.document, isms.register]
#   input: document
#   remediation: >-
#     Fill in `owner`, `approver`, `version`, `approved_on` (YYYY-MM-DD) and `next_review` (YYYY-MM-DD) in
#     the document's front matter, or in the header fields of a YAML register. When a review is
#     due, review the document, then update `approved_on`, `version` and `next_review`. Records
#     (types listed in `rules.params.record_types`) only need an `owner`.
#   permissions: []
#   params:
#     review_warning_days: 30
#     record_types: ["audit_report", "management_review", "monitoring_report", "attestation"]
package ismscheck.doc18

import data.lib.isms

# DOC-05 covers policies.
policy_types := {"policy", "information_security_policy"}

document_fields := ["owner", "approver", "version", "approved_on", "next_review"]

date_fields := ["approved_on", "next_review"]

warning_days := isms.param("review_warning_days", 30)

record_types := isms.param("record_types", ["audit_report", "management_review", "monitoring_report", "attestation"])

doc := input.document

m := isms.meta(doc)

# A Markdown document with front matter, other than a policy.
applies if {
	doc.kind == "isms.document"
	doc.data.controlled == true
	not doc.data.type in policy_types
	isms.usable(doc)
}

# A YAML register (CSV registers have no header to carry these fields).
applies if {
	doc.kind == "isms.register"
	doc.data.format in {"yaml", "yml"}
	isms.usable(doc)
}

# Records (an audit report, review minutes) are kept, not re-reviewed.
record if {
	doc.kind == "isms.document"
	doc.data.type in record_types
}

required := ["owner"] if record

else := document_fields

where := isms.control_block(doc) if doc.kind == "isms.document"

else := "register header"

deny contains isms.with_first_line(
	{
		"key": "missing-fields",
		"msg": sprintf("%s: %s lacks %s (missing or blank)", [doc.id, where, concat(", ", missing)]),
		"grade": "minor",
	},
	doc, missing,
) if {
	applies
	missing := isms.missing_fields(m, required)
	count(missing) > 0
}

deny contains isms.with_line(
	{
		"key": sprintf("date:%s", [field]),
		"msg": sprintf("%s: %s %s is not a date in YYYY-MM-DD form", [doc.id, field, json.marshal(m[field])]),
		"grade": "minor",
	},
	doc, field,
) if {
	applies
	some field in date_fields
	not isms.blank_field(m, field)
	not isms.valid_date(m[field])
}

# One key for "overdue" and "due soon": it is the same finding growing from an observation to
# a minor, so a baseline or diff sees it regress rather than one resolved and one new.
deny contains isms.with_line(
	{
		"key": "next-review",
		"msg": sprintf("%s: next review was due %s (%s overdue)", [doc.id, m.next_review, isms.plural(0 - n, "day")]),
		"grade": "minor",
	},
	doc, "next_review",
) if {
	applies
	not record
	n := isms.days_until(m.next_review)
	n < 0
}

deny contains isms.with_line(
	{
		"key": "next-review",
		"msg": sprintf("%s: next review is due %s (%s)", [doc.id, m.next_review, due_in(n)]),
		"grade": "observation",
	},
	doc, "next_review",
) if {
	applies
	not record
	n := isms.days_until(m.next_review)
	n >= 0
	n <= warning_days
}

due_in(0) := "today"

due_in(n) := sprintf("in %s", [isms.plural(n, "day")]) if n > 0
