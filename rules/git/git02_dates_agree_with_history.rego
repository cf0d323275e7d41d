# METADATA
# title: Recorded dates agree with the history
# description: >-
#   The approval date in a controlled document should not be later than the last change to the
#   file: an approval dated after the content it approves was written down in advance, or the
#   approval given later was never recorded. A next review date earlier than the approval date
#   is a typo or a copy-paste.
# scope: package
# custom:
#   id: GIT-02
#   severity: observation
#   controls: ["7.5.2"]
#   kinds: [isms.document, git.file]
#   input: inventory
#   subject: isms.document
#   remediation: >-
#     Record `approved_on` when the approval is given, in a commit of that day (or in the pull
#     request that the approver approves), not ahead of it. Set `next_review` after `approved_on`,
#     normally no more than 12 months later.
#   permissions: []
package ismscheck.git02

import data.lib.isms

history := {f.id: f | some f in input.documents["git.file"]}

# Controlled documents with a history, and their front matter.
checked contains [d, isms.meta(d), history[d.id]] if {
	some d in input.documents["isms.document"]
	isms.usable(d)
	d.data.controlled == true
	history[d.id]
}

finding(d, key, msg, field) := isms.with_line(
	{
		"key": key, "msg": msg, "grade": "observation",
		"resource": isms.resource(d), "evidence": [{"kind": "git.file", "id": d.id}],
	},
	d, field,
)

deny contains finding(
	d, "approved-after-last-change",
	sprintf(
		"%s: approved_on %s is later than the last change to the file (%s by %s): was the approval recorded before it was given?",
		[d.id, m.approved_on, last.date, last.author],
	),
	"approved_on",
) if {
	some [d, m, h] in checked
	isms.valid_date(m.approved_on)
	last := h.data.last_change
	isms.valid_date(last.date)
	m.approved_on > last.date
}

deny contains finding(
	d, "next-review-before-approval",
	sprintf("%s: next_review %s is earlier than approved_on %s", [d.id, m.next_review, m.approved_on]),
	"next_review",
) if {
	some [d, m, _] in checked
	isms.valid_date(m.approved_on)
	isms.valid_date(m.next_review)
	m.next_review < m.approved_on
}
