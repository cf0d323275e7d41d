# METADATA
# title: Controlled documents are not changed after their recorded approval
# description: >-
#   A controlled document whose Git history has commits dated after its `approved_on` date is in
#   force in a version nobody approved. A commit on the approval day is the approval itself, and
#   the commit that added the file is not a change (an ISMS moved into Git after approval).
#   Records (audit reports, review minutes) are kept, not re-approved, and are not checked.
# scope: package
# custom:
#   id: GIT-01
#   severity: minor
#   controls: ["7.5.2", "7.5.3"]
#   kinds: [isms.document, git.file]
#   input: inventory
#   subject: isms.document
#   remediation: >-
#     Have the current version reviewed and approved, then record it: update `approved_on` (and
#     `version`) in the document's front matter in one commit on the approval day. Going forward,
#     change controlled documents only together with a new approval, for example through a pull
#     request that the approver approves. If approvals are recorded in pull requests that are
#     squash-merged some days later, set `approval_grace_days` to that delay.
#   permissions: []
#   params:
#     record_types: ["audit_report", "management_review", "monitoring_report", "attestation"]
#     approval_grace_days: 0
package ismscheck.git01

import data.lib.isms

record_types := isms.param("record_types", ["audit_report", "management_review", "monitoring_report", "attestation"])

grace_days := isms.param("approval_grace_days", 0)

# git.file documents by id: the same id as the isms.document of the file.
history := {f.id: f | some f in input.documents["git.file"]}

in_scope(d) if {
	isms.usable(d)
	d.data.controlled == true
	not d.data.type in record_types
}

deny contains isms.with_line(
	{
		"key": "changed-after-approval",
		"msg": sprintf(
			"%s: %s since its approval on %s, the latest on %s by %s (%s)",
			[d.id, how_many(count(later), h), m.approved_on, latest.date, latest.author, short(latest.sha)],
		),
		"grade": "minor",
		"resource": isms.resource(d),
		"evidence": [{"kind": "git.file", "id": d.id}],
	},
	d, "approved_on",
) if {
	some d in input.documents["isms.document"]
	in_scope(d)
	m := isms.meta(d)
	isms.valid_date(m.approved_on)
	h := history[d.id]
	cutoff := last_allowed_day(m.approved_on)
	later := [c | some c in h.data.commits; c.date > cutoff; not added_file(h, c)]
	count(later) > 0
	latest := newest(later)
}

# added_file(h, c): c is the commit that added the file to the repository.
added_file(h, c) if c.sha == h.data.first_change.sha

# last_allowed_day(approved_on): the approval day, plus the grace days when configured.
last_allowed_day(approved_on) := approved_on if grace_days == 0

else := time.format([time.add_date(isms.date_ns(approved_on), 0, 0, grace_days), "UTC", "2006-01-02"]) if {
	is_number(grace_days)
	grace_days > 0
	grace_days == floor(grace_days)
}

else := approved_on

# newest(cs): the commit with the latest date; on a tie, the first listed (newest in history).
newest(cs) := [c | some c in cs; c.date == max({x.date | some x in cs})][0]

# The collector keeps the newest commits only: when every kept one is after the approval and
# there were more, the older ones may be too.
how_many(n, h) := sprintf("at least %d changes", [n]) if {
	n == count(h.data.commits)
	h.data.changes > n
} else := isms.plural(n, "change")

short(sha) := substring(sha, 0, 7) if is_string(sha)

else := "unknown commit"
