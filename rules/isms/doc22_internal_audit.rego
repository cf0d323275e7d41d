# METADATA
# title: Internal audit performed within the interval
# description: At least one internal audit report must be dated within the audit interval (12 months by default) before the audit date.
# scope: package
# custom:
#   id: DOC-22
#   severity: major
#   controls: ["9.2.1", "9.2.2"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Perform the internal audit the audit programme plans and keep its report as a Markdown
#     document with `type: audit_report` and the audit date in `date` (YYYY-MM-DD) in its front
#     matter, together with the audit scope, criteria, auditors, findings and who it was reported
#     to. Set `rules.params.audit_interval_days` if your programme uses another interval.
#   permissions: []
#   params:
#     audit_interval_days: 365
package ismscheck.doc22

import data.lib.isms

interval_days := isms.param("audit_interval_days", 365)

date_fields := ["date", "audit_date"]

reports := isms.docs_of_type(input.documents, "audit_report")

usable := [d | some d in reports; isms.usable(d)]

# The audit date of a report: the first valid date field not after as_of.
report_date(d) := [v |
	some k in date_fields
	v := isms.meta(d)[k]
	isms.days_since(v) >= 0
][0]

dated := [{"doc": d, "date": report_date(d)} | some d in usable]

recent if {
	some x in dated
	isms.days_since(x.date) <= interval_days
}

latest_date := max({x.date | some x in dated})

latest := [x.doc | some x in dated; x.date == latest_date]

# An unreadable report might be the recent one; the engine reports it as an error.
judged if {
	not recent
	every d in reports {
		isms.usable(d)
	}
}

deny contains {
	"msg": sprintf("No internal audit report: no document has `type: audit_report` in its front matter, so no internal audit is shown within the last %d days", [interval_days]),
	"grade": "major",
} if {
	judged
	count(reports) == 0
}

deny contains {
	"msg": sprintf("No dated internal audit report: %s found, but none has a valid past audit date in `date` or `audit_date` (YYYY-MM-DD)", [described(usable)]),
	"grade": "major",
	"evidence": [isms.resource(d) | some d in usable],
} if {
	judged
	count(usable) > 0
	count(dated) == 0
}

deny contains {
	"msg": sprintf(
		"No internal audit within the last %d days: the latest audit report, %s, is dated %s (%s before %s)",
		[interval_days, concat(", ", [d.id | some d in latest]), latest_date, isms.plural(isms.days_since(latest_date), "day"), isms.today],
	),
	"grade": "major",
	"evidence": [isms.resource(d) | some d in latest],
} if {
	judged
	count(dated) > 0
}

described(ds) := sprintf("1 audit report (%s) was", [ds[0].id]) if {
	count(ds) == 1
} else := sprintf("%d audit reports were", [count(ds)])
