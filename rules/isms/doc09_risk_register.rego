# METADATA
# title: Risk register is kept and complete
# description: Risk assessment results must be retained as a register in which every risk has an id, a description, an owner, a likelihood, an impact, a level, a treatment decision and a residual risk accepted by its owner, and was assessed or reviewed within the review interval.
# scope: package
# custom:
#   id: DOC-09
#   severity: major
#   controls: ["6.1.2", "8.2"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep the risk register as registers/risk-register.csv (or .yaml, register type
#     `risk_register`) with one row per risk and the columns `id`, `description`, `owner`,
#     `likelihood`, `impact`, `level`, `treatment` (mitigate, accept, avoid, transfer),
#     `residual_level`, `risk_owner_accepted` (yes once the risk owner accepts the residual
#     risk) and `assessed_on` (YYYY-MM-DD, the date of the last assessment or review), scored
#     with the scales of the risk methodology. Fill in every row the finding names, have the
#     risk owner accept the residual risk, and reassess risks at least every
#     `rules.params.risk_review_days` days. A residual level above the methodology's acceptance
#     threshold (`risk_acceptance_threshold`, stated in the methodology's front matter
#     `parameters`) needs further treatment, not the owner's acceptance.
#   permissions: []
#   params:
#     risk_review_days: 365
package ismscheck.doc09

import data.lib.isms

review_days := isms.number_param("risk_review_days", 365)

acceptance_columns := ["risk_owner_accepted", "residual_accepted", "residual_risk_accepted", "owner_accepted", "accepted"]

date_columns := ["assessed_on", "assessment_date", "last_assessed", "reviewed_on", "last_reviewed", "last_review", "review_date"]

# Required values and the column names accepted for each.
required := [
	{"field": "id", "columns": ["id", "risk_id"]},
	{"field": "description", "columns": ["description", "risk_description", "scenario", "title"]},
	{"field": "owner", "columns": ["owner", "risk_owner"]},
	{"field": "likelihood", "columns": ["likelihood", "probability"]},
	{"field": "impact", "columns": ["impact", "consequence"]},
	{"field": "level", "columns": ["level", "risk_level", "score", "risk_score", "inherent_level"]},
	{"field": "treatment", "columns": ["treatment", "treatment_option", "treatment_decision"]},
	{"field": "residual_level", "columns": ["residual_level", "residual_risk", "residual_score", "residual"]},
	{"field": "risk_owner_accepted", "columns": acceptance_columns},
	{"field": "assessed_on", "columns": date_columns},
]

registers := isms.registers_of_type(input.documents, "risk_register")

usable := [r | some r in registers; isms.usable(r)]

# A register the collector could not read completely is reported as an error by
# the engine; it is not taken as proof that no risk register exists.
incomplete := [r | some r in registers; not isms.usable(r)]

rows(r) := isms.rows(r)

deny contains {
	"msg": "No risk register: no register of type `risk_register` (for example registers/risk-register.csv) was found",
	"grade": "major",
} if {
	count(registers) == 0
}

deny contains {
	"msg": sprintf("No risk assessment results: %s has no risks recorded", [concat(", ", [r.id | some r in usable])]),
	"grade": "major",
	"evidence": [isms.resource(r) | some r in usable],
} if {
	count(usable) > 0
	count(incomplete) == 0
	every r in usable {
		count(rows(r)) == 0
	}
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the risk register has no column for %s", [r.id, concat(", ", cols)]),
	"grade": "minor",
	"resource": isms.resource(r),
} if {
	some r in usable
	count(rows(r)) > 0
	cols := isms.absent_fields(r, required)
	count(cols) > 0
}

id_columns := ["id", "risk_id"]

deny contains isms.with_row_line(
	{
		"key": "rows",
		"msg": sprintf(
			"%s: risks with blank required values (%d of %d): %s",
			[r.id, count(gaps), count(rows(r)), isms.describe_gaps(r, gaps, id_columns)],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, gaps[0].index,
) if {
	some r in usable
	gaps := isms.row_gaps(r, required)
	count(gaps) > 0
}

# --- residual risk accepted by the risk owner -------------------------------------

# Accepted: yes (or a date of acceptance). A recorded "no" or anything else is not.
accepted(v) if isms.is_yes(v)

accepted(v) if isms.valid_date(v)

not_accepted(r) := [i |
	some i, row in rows(r)
	v := isms.first_value(row, acceptance_columns)
	not accepted(v)
]

deny contains isms.with_row_line(
	{
		"key": "acceptance",
		"msg": sprintf(
			"%s: residual risks not accepted by the risk owner (%d of %d): %s",
			[r.id, count(xs), count(rows(r)), concat("; ", [acceptance_text(r, i) | some i in xs])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, xs[0],
) if {
	some r in usable
	xs := not_accepted(r)
	count(xs) > 0
}

acceptance_text(r, i) := isms.describe_row(r, i, id_columns, sprintf("%s is %s", [field, json.marshal(rows(r)[i][field])])) if {
	field := [c | some c in acceptance_columns; isms.has_value(rows(r)[i], [c])][0]
}

# --- assessed or reviewed within the interval -------------------------------------------

# The latest assessment or review date of a row that is not after the audit date.
assessed(row) := max({d | some c in date_columns; d := object.get(row, c, null); isms.days_since(d) >= 0})

stale(r) := [{"index": i, "text": t} |
	some i, row in rows(r)
	is_object(row)
	isms.has_value(row, date_columns)
	t := stale_text(row)
]

stale_text(row) := sprintf("last assessed %s (%s ago)", [assessed(row), isms.plural(isms.days_since(assessed(row)), "day")]) if {
	isms.days_since(assessed(row)) > review_days
} else := sprintf("%s %s is not a past date in YYYY-MM-DD form", [c, json.marshal(row[c])]) if {
	not assessed(row)
	c := [k | some k in date_columns; isms.has_value(row, [k])][0]
}

deny contains isms.with_row_line(
	{
		"key": "review",
		"msg": sprintf(
			"%s: risks not assessed or reviewed within %d days (%d of %d): %s",
			[r.id, review_days, count(xs), count(rows(r)), concat("; ", [isms.describe_row(r, x.index, id_columns, x.text) | some x in xs])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, xs[0].index,
) if {
	some r in usable
	xs := stale(r)
	count(xs) > 0
}

# --- residual risk against the methodology's acceptance criteria ------------------

# The methodology states its acceptance threshold as a parameter: front matter
# `parameters: {risk_acceptance_threshold: 6}` on the methodology, or ismscheck.yaml. A risk
# whose residual level is above it may not simply be accepted by its owner: it needs further
# treatment (or acceptance as the methodology says, recorded as a treatment decision).
threshold := t if {
	t := isms.param("risk_acceptance_threshold", null)
	is_number(t)
}

residual_columns := ["residual_level", "residual_risk", "residual_score", "residual"]

level_number(v) := v if is_number(v)

level_number(v) := to_number(trim_space(v)) if {
	is_string(v)
	regex.match(`^\s*[0-9]+(\.[0-9]+)?\s*$`, v)
}

above_criteria(r) := [i |
	some i, row in rows(r)
	n := level_number(isms.first_value(row, residual_columns))
	n > threshold
	accepted(isms.first_value(row, acceptance_columns))
]

deny contains isms.with_row_line(
	{
		"key": "criteria",
		"msg": sprintf(
			"%s: residual risks above the methodology's acceptance threshold of %v, accepted by the risk owner all the same: %s",
			[r.id, threshold, concat("; ", [isms.describe_row(r, i, id_columns, sprintf("residual level %v", [isms.first_value(rows(r)[i], residual_columns)])) | some i in xs])],
		),
		"grade": "minor",
		"resource": isms.resource(r),
	},
	r, xs[0],
) if {
	some r in usable
	xs := above_criteria(r)
	count(xs) > 0
}
