# METADATA
# title: Internal and external issues are determined, including climate change
# description: The context register must list internal and external issues, each with an owner and a review date, and record an explicit decision on whether climate change is a relevant issue.
# scope: package
# custom:
#   id: DOC-02
#   severity: minor
#   controls: ["4.1"]
#   kinds: [isms.repository, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a context register as registers/context.yaml (or .csv, register type `context`) with one
#     entry per issue and the fields `id`, `issue`, `type` (internal or external), `owner` and
#     `review_date` (YYYY-MM-DD). Record both internal and external issues. Add an entry on
#     climate change (for example `topic: climate_change`) with an explicit decision in
#     `climate_change_relevant` (yes or no) and the reasoning, or put `climate_change_relevant`
#     in the register header.
#   permissions: []
package ismscheck.doc02

import data.lib.isms

spec := [
	{"field": "issue", "columns": ["issue", "description", "title"]},
	{"field": "type", "columns": ["type", "category", "internal_external"]},
	{"field": "owner", "columns": ["owner", "issue_owner"]},
	{"field": "review_date", "columns": ["review_date", "next_review", "reviewed_on", "last_reviewed", "last_review"], "date": true},
]

type_columns := spec[1].columns

id_columns := ["id", "issue_id"]

# Where the climate decision is recorded, in an entry or in the register header.
decision_columns := ["climate_change_relevant", "climate_relevant", "relevant", "relevance", "decision"]

header_fields := ["climate_change_relevant", "climate_relevant", "climate_change_decision", "climate_decision"]

all_registers := isms.registers_of_type(input.documents, "context")

registers := isms.usable_registers(input.documents, "context")

# Judgements over every context register need all of them readable.
judged if {
	count(registers) > 0
	isms.all_usable(all_registers)
}

entries := [{"r": r, "i": i, "row": row} | some r in registers; some i, row in isms.rows(r)]

with_others(f) := object.union(f, {"evidence": [isms.resource(r) | some r in array.slice(registers, 1, count(registers))]}) if {
	count(registers) > 1
} else := f

deny contains {
	"msg": "No context register: no register of type `context` (for example registers/context.yaml) records the internal and external issues",
	"grade": "minor",
} if {
	not isms.has_register(input.documents, "context")
}

deny contains with_others({
	"key": "empty",
	"msg": sprintf("%s: the context register has no issues recorded", [registers[0].id]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
}) if {
	judged
	count(entries) == 0
}

deny contains {
	"key": "columns",
	"msg": sprintf("%s: the context register has no column for %s", [r.id, concat(", ", cols)]),
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
			"%s: issues with missing or invalid values (%d of %d): %s",
			[r.id, count(gaps), count(isms.rows(r)), isms.describe_gaps(r, gaps, id_columns)],
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

issue_type(row) := t if {
	v := isms.norm(isms.first_value(row, type_columns))
	some t in ["internal", "external"]
	startswith(v, t)
}

has_type_column if {
	some r in registers
	isms.has_any_column(r, type_columns)
}

deny contains with_others({
	"key": sprintf("no-%s", [t]),
	"msg": sprintf("%s: no %s issue is recorded (no entry has `type: %s`); clause 4.1 asks for both internal and external issues", [registers[0].id, t, t]),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
}) if {
	judged
	count(entries) > 0
	has_type_column
	some t in ["internal", "external"]
	not type_recorded(t)
}

type_recorded(t) if {
	some e in entries
	issue_type(e.row) == t
}

# --- climate change (Amd 1:2024) ------------------------------------------------

# An entry about climate change: a value mentioning it, or a climate_* field set.
about_climate(row) if {
	some v in row
	is_string(v)
	contains(lower(v), "climate")
}

about_climate(row) if {
	some k, v in row
	startswith(k, "climate")
	not isms.blank(v)
}

climate_entries := [e | some e in entries; is_object(e.row); about_climate(e.row)]

decided(row) if isms.has_value(row, decision_columns)

header_decision if {
	some r in registers
	isms.has_value(isms.meta(r), header_fields)
}

climate_decided if header_decision

climate_decided if {
	some e in climate_entries
	decided(e.row)
}

deny contains with_others({
	"key": "climate",
	"msg": sprintf(
		"%s: no decision on whether climate change is a relevant issue: no entry is about climate change and the header has no `climate_change_relevant` (required since ISO/IEC 27001:2022/Amd 1:2024)",
		[registers[0].id],
	),
	"grade": "minor",
	"resource": isms.resource(registers[0]),
}) if {
	judged
	count(entries) > 0
	not climate_decided
	count(climate_entries) == 0
}

deny contains isms.with_row_line(
	{
		"key": "climate",
		"msg": sprintf(
			"%s: %s is about climate change but records no decision on its relevance (set `climate_change_relevant` to yes or no, or fill in `decision`)",
			[e.r.id, isms.row_text(e.r, e.i, id_columns)],
		),
		"grade": "minor",
		"resource": isms.resource(e.r),
	},
	e.r, e.i,
) if {
	judged
	not climate_decided
	e := climate_entries[0]
}
