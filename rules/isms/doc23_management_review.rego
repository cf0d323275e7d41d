# METADATA
# title: Management review held within the interval
# description: Top management must have reviewed the ISMS within the review interval (12 months by default), and the latest review must record every required input.
# scope: package
# custom:
#   id: DOC-23
#   severity: major
#   controls: ["9.3.1", "9.3.2", "9.3.3"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Hold the management review and keep its minutes as a Markdown document with `type:
#     management_review` in its front matter, the meeting date in `date` (YYYY-MM-DD), and an
#     `inputs` list naming each topic covered (status_of_previous_actions,
#     external_internal_issues, interested_parties, nonconformities_corrective_actions,
#     monitoring_results, audit_results, objectives, feedback, risk_assessment_results,
#     improvement_opportunities), with the decisions and actions taken.
#   permissions: []
#   params:
#     review_interval_days: 365
#     required_inputs: ["status_of_previous_actions", "external_internal_issues", "interested_parties", "nonconformities_corrective_actions", "monitoring_results", "audit_results", "objectives", "feedback", "risk_assessment_results", "improvement_opportunities"]
package ismscheck.doc23

import data.lib.isms

interval_days := isms.param("review_interval_days", 365)

default_inputs := [
	"status_of_previous_actions", "external_internal_issues", "interested_parties",
	"nonconformities_corrective_actions", "monitoring_results", "audit_results",
	"objectives", "feedback", "risk_assessment_results", "improvement_opportunities",
]

required_inputs := isms.param("required_inputs", default_inputs)

date_fields := ["date", "review_date", "held_on"]

reviews := isms.docs_of_type(input.documents, "management_review")

usable := [d | some d in reviews; isms.usable(d)]

# The meeting date: the first valid date field not after as_of.
review_date(d) := [v |
	some k in date_fields
	v := isms.meta(d)[k]
	isms.days_since(v) >= 0
][0]

dated := [{"doc": d, "date": review_date(d)} | some d in usable]

recent if {
	some x in dated
	isms.days_since(x.date) <= interval_days
}

latest_date := max({x.date | some x in dated})

latest := [x.doc | some x in dated; x.date == latest_date]

# An unreadable review might be the recent one; the engine reports it as an error.
judged if {
	not recent
	every d in reviews {
		isms.usable(d)
	}
}

deny contains {
	"msg": sprintf("No management review: no document has `type: management_review` in its front matter, so no review is shown within the last %d days", [interval_days]),
	"grade": "major",
} if {
	judged
	count(reviews) == 0
}

deny contains {
	"msg": sprintf("No dated management review: %s found, but none has a valid past meeting date in `date`, `review_date` or `held_on` (YYYY-MM-DD)", [described(usable)]),
	"grade": "major",
	"evidence": [isms.resource(d) | some d in usable],
} if {
	judged
	count(usable) > 0
	count(dated) == 0
}

deny contains {
	"msg": sprintf(
		"No management review within the last %d days: the latest, %s, was held on %s (%s before %s)",
		[interval_days, concat(", ", [d.id | some d in latest]), latest_date, isms.plural(isms.days_since(latest_date), "day"), isms.today],
	),
	"grade": "major",
	"evidence": [isms.resource(d) | some d in latest],
} if {
	judged
	count(dated) > 0
}

described(ds) := sprintf("1 management review (%s) was", [ds[0].id]) if {
	count(ds) == 1
} else := sprintf("%d management reviews were", [count(ds)])

# Input names compare in lower snake case: "Audit results" = "audit_results".
norm(s) := trim(regex.replace(lower(trim_space(s)), `[^a-z0-9]+`, "_"), "_")

# The inputs a review records: a list of names, a map of name -> notes (blank
# notes do not count), or one comma-separated string.
recorded(v) := {norm(x) | some x in v; is_string(x)} if {
	is_array(v)
} else := {norm(k) | some k, x in v; is_string(k); not isms.blank(x)} if {
	is_object(v)
} else := {norm(x) | some x in split(v, ","); not isms.blank(x)} if {
	is_string(v)
} else := set()

missing_inputs(d) := [q |
	some q in required_inputs
	is_string(q)
	not norm(q) in recorded(object.get(isms.meta(d), "inputs", null))
]

deny contains isms.with_line(
	{
		"msg": sprintf(
			"%s: the latest management review does not record these required inputs in `inputs`: %s",
			[d.id, concat(", ", missing)],
		),
		"grade": "minor",
		"resource": isms.resource(d),
	},
	d, "inputs",
) if {
	some d in latest
	missing := missing_inputs(d)
	count(missing) > 0
}
