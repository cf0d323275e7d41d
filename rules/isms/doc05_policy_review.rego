# METADATA
# title: Policies carry approval and are reviewed on time
# description: Each policy needs an owner, an approver, an approval date, a version and a next review date that has not passed.
# scope: package
# custom:
#   id: DOC-05
#   severity: minor
#   controls: ["A.5.1", "7.5.2"]
#   kinds: [isms.document]
#   input: document
#   remediation: >-
#     In the policy's front matter fill in `owner`, `approver`, `approved_on` (YYYY-MM-DD),
#     `version` and `next_review` (YYYY-MM-DD). When a review is due, review the policy, have it
#     re-approved, then update `approved_on`, `version` and `next_review` (normally no more than
#     12 months ahead).
#   permissions: []
#   params:
#     review_warning_days: 30
#     review_interval_days: 365
package ismscheck.doc05

import data.lib.isms

policy_types := {"policy", "information_security_policy"}

required := ["owner", "approver", "approved_on", "version", "next_review"]

date_fields := ["approved_on", "next_review"]

warning_days := isms.param("review_warning_days", 30)

interval_days := isms.param("review_interval_days", 365)

doc := input.document

m := isms.meta(doc)

applies if {
	doc.data.type in policy_types
	isms.usable(doc)
}

deny contains isms.with_first_line(
	{
		"key": "missing-fields",
		"msg": sprintf("%s: %s lacks %s (missing or blank)", [doc.id, isms.control_block(doc), concat(", ", missing)]),
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
	n := isms.days_until(m.next_review)
	n >= 0
	n <= warning_days
}

# Approved longer ago than the review interval and no usable next_review date.
# With a valid next_review the overdue / due-soon findings above say it all.
deny contains isms.with_line(
	{
		"key": "stale-approval",
		"msg": sprintf(
			"%s: last approved %s (%s ago, beyond the %d-day review interval) and no valid next_review date is set",
			[doc.id, m.approved_on, isms.plural(n, "day"), interval_days],
		),
		"grade": "minor",
	},
	doc, "approved_on",
) if {
	applies
	n := isms.days_since(m.approved_on)
	n > interval_days
	not isms.valid_date(object.get(m, "next_review", null))
}

due_in(0) := "today"

due_in(n) := sprintf("in %s", [isms.plural(n, "day")]) if n > 0
