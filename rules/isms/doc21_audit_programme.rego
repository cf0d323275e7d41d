# METADATA
# title: Internal audit programme is documented, complete and independent
# description: A written programme must plan internal audits of every clause 4 to 10 and every applicable Annex A control within the cycle, and no auditor may audit an area they own or work in.
# scope: package
# custom:
#   id: DOC-21
#   severity: major
#   controls: ["9.2.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an audit programme register (for example registers/audit-programme.yaml, register type
#     `audit_programme`) or a Markdown document with `type: audit_programme` that schedules audits
#     of clauses 4 to 10 and the applicable Annex A controls over the cycle, with frequency,
#     methods, criteria, scope and auditors. Record the coverage as ids: in the front matter,
#     either an `audits` list whose entries have `clauses` and `controls` lists, or one flat
#     `covers` list (for example ["4.1", "4.2", ..., "A.5.1", ...]); in a register, `clauses` and
#     `controls` (or `covers`) columns. A whole clause or theme may be written as "7" or "A.8".
#     Name the `auditor` of each audit and its `auditees` (or `area_owner`), and assign auditors
#     who do not audit their own area. State the cycle (`cycle: {start: 2025, end: 2027}`); it may
#     span at most `audit_cycle_years` (default 3), and only audits planned within it count.
#   permissions: []
#   params:
#     audit_cycle_years: 3
package ismscheck.doc21

import data.lib.isms

deny contains {
	"msg": "No internal audit programme: no `audit_programme` register and no document with `type: audit_programme` in its front matter",
	"grade": "major",
} if {
	not isms.present(input.documents, "audit_programme", "audit_programme")
}

programmes := array.concat(
	isms.docs_of_type(input.documents, "audit_programme"),
	isms.registers_of_type(input.documents, "audit_programme"),
)

# --- coverage ---------------------------------------------------------------------------

clause_keys := ["clauses", "clause"]

control_keys := ["controls", "annex_a", "annex_a_controls"]

mixed_keys := ["covers", "coverage", "scope"]

# The objects that may carry coverage lists: first the programme's own front matter or
# header (only its `covers` / `coverage` / `scope`: its `controls` field tags the document
# itself), then each entry of its `audits` list and each register row.
holders(p) := array.concat([object.filter(isms.meta(p), mixed_keys)], entries(p))

entries(p) := array.concat([a | some a in audit_list(p); is_object(a); in_cycle(p, a)], [row | some row in isms.rows(p); is_object(row); in_cycle(p, row)])

# --- the programme's cycle --------------------------------------------------------------

# cycle(p): [start, end] years from `cycle: {start: 2025, end: 2027}` or `cycle: "2025-2027"`.
cycle(p) := [c.start, c.end] if {
	c := isms.meta(p).cycle
	is_object(c)
	is_number(c.start)
	is_number(c.end)
}

cycle(p) := [to_number(m[1]), to_number(m[2])] if {
	c := isms.meta(p).cycle
	is_string(c)
	m := regex.find_all_string_submatch_n(`^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$`, c, 1)[0]
}

entry_year(a) := a.year if is_number(a.year)

entry_year(a) := to_number(a.year) if {
	is_string(a.year)
	regex.match(`^\d{4}$`, a.year)
}

# An audit planned for a year outside the stated cycle does not count towards it; an audit
# without a year, or a programme without a cycle, counts.
in_cycle(p, _) if not cycle(p)

in_cycle(_, a) if not entry_year(a)

in_cycle(p, a) if {
	[start, end] := cycle(p)
	entry_year(a) >= start
	entry_year(a) <= end
}

cycle_years := isms.number_param("audit_cycle_years", 3)

deny contains {
	"key": "cycle",
	"msg": sprintf("%s: the audit programme's cycle %d–%d spans %d years, longer than the %d-year cycle in which every clause and applicable control must be audited", [p.id, start, end, (end - start) + 1, cycle_years]),
	"grade": "minor",
	"resource": isms.resource(p),
} if {
	some p in programmes
	isms.usable(p)
	[start, end] := cycle(p)
	(end - start) + 1 > cycle_years
}

audit_list(p) := l if {
	l := isms.meta(p).audits
	is_array(l)
} else := []

# Values under a key, one level into a mapping ({"coverage": {"clauses": [...]}}).
values(h, keys) := [v |
	some k in keys
	x := object.get(h, k, null)
	not is_object(x)
	some v in isms.list_values(x)
]

nested(h, outer, keys) := [v |
	some k in outer
	x := object.get(h, k, null)
	is_object(x)
	some v in values(x, keys)
]

clause_tokens(h) := array.concat(
	array.concat(values(h, clause_keys), nested(h, mixed_keys, clause_keys)),
	[v | some v in array.concat(values(h, mixed_keys), nested(h, mixed_keys, mixed_keys)); not startswith(upper(v), "A")],
)

control_tokens(h) := array.concat(
	array.concat(values(h, control_keys), nested(h, mixed_keys, control_keys)),
	[v | some v in array.concat(values(h, mixed_keys), nested(h, mixed_keys, mixed_keys)); startswith(upper(v), "A")],
)

all_holders := [h | some p in programmes; isms.usable(p); some h in holders(p)]

covered_clauses := {c | some h in all_holders; some t in clause_tokens(h); c := isms.clause_id(t)}

covered_controls := {c | some h in all_holders; some t in control_tokens(h); c := isms.annex_a_id(t)}

# A theme ("A.8") covers all its controls.
covered_themes := {sprintf("A.%s", [m[0][1]]) |
	some h in all_holders
	some t in control_tokens(h)
	m := regex.find_all_string_submatch_n(`^A\s*\.?\s*([5-8])$`, upper(t), 1)
	count(m) == 1
}

clause_covered(c) if c in covered_clauses

# "7" or "7.5" covers 7.5.1.
clause_covered(c) if {
	some x in covered_clauses
	startswith(c, concat("", [x, "."]))
}

control_covered(c) if c in covered_controls

control_covered(c) if {
	some t in covered_themes
	startswith(c, concat("", [t, "."]))
}

records_coverage if (count(covered_clauses) + count(covered_controls)) + count(covered_themes) > 0

# Coverage is judged over every programme together, when all of them could be read.
judged if {
	count(programmes) > 0
	isms.all_usable(programmes)
}

where := concat(", ", [p.id | some p in programmes])

others := [isms.resource(p) | some p in array.slice(programmes, 1, count(programmes))]

deny contains {
	"key": "coverage",
	"msg": sprintf(
		"%s: the audit programme does not record as ids which clauses and Annex A controls each audit covers (`audits` entries with `clauses` and `controls`, or a `covers` list), so its coverage of clauses 4 to 10 and the applicable controls cannot be verified",
		[where],
	),
	"grade": "observation",
	"resource": isms.resource(programmes[0]),
	"evidence": others,
} if {
	judged
	not records_coverage
}

missing_clauses := [c | some c in isms.requirement_clauses; not clause_covered(c)]

deny contains {
	"key": "clauses",
	"msg": sprintf("%s: the audit programme does not cover %d of %d clauses within the cycle: %s", [where, count(missing_clauses), count(isms.requirement_clauses), concat(", ", missing_clauses)]),
	"grade": "minor",
	"resource": isms.resource(programmes[0]),
	"evidence": others,
} if {
	judged
	records_coverage
	count(missing_clauses) > 0
}

# The applicable controls, from a readable SoA; without one DOC-11 reports the gap.
soas := isms.registers_of_type(input.documents, "soa")

applicable := [c |
	some a in data.ismscheck.catalog.annex_a
	a in soa_yes
	c := a
]

soa_yes contains c if {
	some r in soas
	some row in isms.rows(r)
	is_object(row)
	isms.is_yes(isms.first_value(row, ["applicable", "applicability", "included"]))
	c := [x | some k in ["control", "id"]; x := isms.annex_a_id(object.get(row, k, null))][0]
}

missing_controls := [c | some c in applicable; not control_covered(c)]

deny contains {
	"key": "controls",
	"msg": sprintf(
		"%s: the audit programme does not cover %d of the %d controls the SoA marks applicable: %s",
		[where, count(missing_controls), count(applicable), concat(", ", missing_controls)],
	),
	"grade": "minor",
	"resource": isms.resource(programmes[0]),
	"evidence": array.concat(others, [isms.resource(s) | some s in soas]),
} if {
	judged
	records_coverage
	count(soas) > 0
	isms.all_usable(soas)
	count(missing_controls) > 0
}

# --- auditor independence -----------------------------------------------------------

auditor_keys := ["auditor", "auditors", "lead_auditor", "audit_team"]

auditee_keys := ["auditees", "auditee", "area_owner", "area_owners", "process_owner", "process_owners"]

# The names in a field: "Tom Lindqvist (Head of Security)" gives "tom lindqvist" and
# "head of security", so a person matches with or without their role.
names(v) := {n |
	some s in isms.list_values(v)
	some part in regex.split(`[()]`, s)
	n := trim_space(regex.replace(lower(part), `[^\p{L}\p{N}]+`, " "))
	n != ""
}

field_names(h, keys) := {n | some k in keys; some n in names(object.get(h, k, null))}

# The auditors of a holder as written ("Tom Lindqvist (Head of Security)").
auditor_values(h) := [v | some k in auditor_keys; some v in isms.list_values(object.get(h, k, null))]

# Audits to check: programme entries (the programme's auditor applies unless an entry names
# its own) and audit reports.
audits contains {"src": p, "label": label(a, p), "auditors": entry_auditors(a, p), "auditees": field_names(a, auditee_keys)} if {
	some p in programmes
	isms.usable(p)
	some a in entries(p)
}

audits contains {"src": d, "label": label(isms.meta(d), d), "auditors": auditor_values(isms.meta(d)), "auditees": field_names(isms.meta(d), auditee_keys)} if {
	some d in isms.docs_of_type(input.documents, "audit_report")
	isms.usable(d)
}

entry_auditors(a, p) := auditor_values(a) if {
	count(auditor_values(a)) > 0
} else := auditor_values(isms.meta(p))

label(h, p) := sprintf("audit %s", [isms.text(isms.first_value(h, ["audit_id", "id", "year"]))]) if {
	isms.has_value(h, ["audit_id", "id", "year"])
} else := p.id

deny contains {
	"key": sprintf("independence:%s", [x.label]),
	"msg": sprintf(
		"%s: the auditor of %s, %s, is also an auditee or owner of the audited area, so they would audit their own work",
		[x.src.id, x.label, concat(", ", conflicted)],
	),
	"grade": "minor",
	"resource": isms.resource(x.src),
} if {
	some x in audits
	conflicted := [a | some a in x.auditors; count(names(a) & x.auditees) > 0]
	count(conflicted) > 0
}
