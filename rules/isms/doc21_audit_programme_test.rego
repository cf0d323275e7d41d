package ismscheck.doc21_test

import data.ismscheck.doc21

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

clauses := [
	"4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
	"7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "9.1",
	"9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
]

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc21.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/audit_programme.md", "data": {"type": "audit_programme", "meta": {"covers": clauses}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"audit_programme": ["x/audit_programme.md"]}}}
	count(doc21.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc21.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/audit_programme.csv", "data": {"register": "audit_programme", "format": "csv", "rows": [{"id": "IA-1", "clauses": "4;5;6;7;8;9;10"}]}}],
	}}
}

test_other_register_does_not_count if {
	r := doc21.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "`audit_programme` register")
}

test_absent_is_major if {
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: audit_programme")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/audit_programme.md", "data": {"meta": {"title": "internal audit programme"}}}
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "major"
}

# --- coverage and independence ------------------------------------------------------

catalog := ["A.5.1", "A.5.2", "A.7.6", "A.8.1", "A.8.2"]

soa := {
	"kind": "isms.register", "id": "registers/soa.csv", "complete": true,
	"data": {"path": "registers/soa.csv", "register": "soa", "format": "csv", "meta": {}, "columns": ["control", "applicable"], "rows": [
		{"control": "A.5.1", "applicable": "yes"},
		{"control": "A.5.2", "applicable": "yes"},
		{"control": "A.7.6", "applicable": "no"},
		{"control": "A.8.1", "applicable": "yes"},
		{"control": "A.8.2", "applicable": "yes"},
	]},
}

programme(m) := {
	"kind": "isms.document", "id": "audits/programme.md", "complete": true,
	"data": {"path": "audits/programme.md", "controlled": true, "type": "audit_programme", "meta": m},
}

# The Acme shape: audits per year, each with clauses and controls.
per_year := {
	"controls": ["9.2.1", "9.2.2", "A.5.35"], # tags the document, not coverage
	"auditor": "Harbour Assurance (J. Ellery)",
	"audits": [
		{"id": "IA-2025", "clauses": array.slice(clauses, 0, 12), "controls": ["A.5.1", "A.5.2"]},
		{"id": "IA-2026", "clauses": array.slice(clauses, 12, 30), "controls": ["A.8.1", "A.8.2"], "auditees": ["Tom Lindqvist"]},
	],
}

run(docs, regs) := r if {
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs, "isms.register": regs}}
		with data.ismscheck.catalog.annex_a as catalog
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_per_year_coverage_passes if {
	count(run([programme(per_year)], [soa])) == 0
}

test_flat_covers_list_passes if {
	count(run([programme({"covers": array.concat(clauses, ["A.5.1", "a.5.2", "A.8.1", "A.8.2"])})], [soa])) == 0
}

test_whole_clauses_and_themes_pass if {
	m := {"coverage": {"clauses": ["4", "5", "6", "7", "8", "9", "10"], "controls": ["A.5", "A.8"]}}
	count(run([programme(m)], [soa])) == 0
}

test_register_rows_pass if {
	rows := [
		{"id": "IA-1", "scope": "Clauses 4, 5, 6, 7", "controls": "A.5.1; A.5.2"},
		{"id": "IA-2", "clauses": "8;9;10", "controls": "A.8"},
	]
	reg := {"kind": "isms.register", "id": "registers/audit-programme.csv", "complete": true, "data": {"path": "registers/audit-programme.csv", "register": "audit_programme", "format": "csv", "meta": {}, "columns": ["id", "scope", "clauses", "controls"], "rows": rows}}
	count(run([], [reg, soa])) == 0
}

test_missing_clauses_are_minor if {
	m := json.patch(per_year, [{"op": "replace", "path": "/audits/1/clauses", "value": ["7", "8", "9.1", "9.2", "10"]}])
	f := only(run([programme(m)], [soa]))
	f.grade == "minor"
	f.key == "clauses"
	f.resource == {"kind": "isms.document", "id": "audits/programme.md"}
	f.msg == "audits/programme.md: the audit programme does not cover 3 of 30 clauses within the cycle: 9.3.1, 9.3.2, 9.3.3"
}

test_missing_applicable_controls_are_minor if {
	m := json.patch(per_year, [{"op": "replace", "path": "/audits/1/controls", "value": ["A.7.6"]}])
	f := only(run([programme(m)], [soa]))
	f.grade == "minor"
	f.key == "controls"
	f.evidence == [{"kind": "isms.register", "id": "registers/soa.csv"}]
	f.msg == "audits/programme.md: the audit programme does not cover 2 of the 4 controls the SoA marks applicable: A.8.1, A.8.2"
}

test_controls_not_judged_without_soa if {
	m := json.patch(per_year, [{"op": "replace", "path": "/audits/1/controls", "value": []}])
	count(run([programme(m)], [])) == 0
}

test_no_coverage_ids_is_observation if {
	f := only(run([programme({"controls": ["9.2.2", "A.5.35"], "auditor": "Harbour"})], [soa]))
	f.grade == "observation"
	f.key == "coverage"
	contains(f.msg, "audits/programme.md: the audit programme does not record as ids which clauses and Annex A controls each audit covers")
}

test_auditor_auditing_own_area_is_minor if {
	m := json.patch(per_year, [{"op": "add", "path": "/audits/1/auditor", "value": "Tom Lindqvist (Head of Security)"}])
	f := only(run([programme(m)], [soa]))
	f.grade == "minor"
	f.key == "independence:audit IA-2026"
	f.resource == {"kind": "isms.document", "id": "audits/programme.md"}
	f.msg == "audits/programme.md: the auditor of audit IA-2026, Tom Lindqvist (Head of Security), is also an auditee or owner of the audited area, so they would audit their own work"
}

test_programme_auditor_applies_to_entries if {
	m := object.union(per_year, {"auditor": "Tom Lindqvist"})
	f := only(run([programme(m)], [soa]))
	f.key == "independence:audit IA-2026"
}

test_audit_report_independence if {
	report := {"kind": "isms.document", "id": "audits/2026-report.md", "complete": true, "data": {"path": "audits/2026-report.md", "type": "audit_report", "meta": {
		"audit_id": "IA-2026", "auditor": "Aisha Bello (Security Engineer)", "auditees": ["Ken Watanabe", "Security Engineer"],
	}}}
	f := only(run([programme(per_year), report], [soa]))
	f.grade == "minor"
	f.key == "independence:audit IA-2026"
	f.resource.id == "audits/2026-report.md"
	contains(f.msg, "the auditor of audit IA-2026, Aisha Bello (Security Engineer), is also an auditee")
	ok := json.patch(report, [{"op": "replace", "path": "/data/meta/auditees", "value": ["Ken Watanabe"]}])
	count(run([programme(per_year), ok], [soa])) == 0
}

test_unreadable_programme_is_not_judged if {
	broken := object.union(programme({}), {"complete": false})
	count(run([broken], [soa])) == 0
}

with_years(cycle) := object.union(per_year, {"cycle": cycle, "audits": [
	object.union(per_year.audits[0], {"year": 2025}),
	object.union(per_year.audits[1], {"year": "2026"}),
]})

test_audits_within_the_stated_cycle_pass if {
	count(run([programme(with_years({"start": 2025, "end": 2027}))], [soa])) == 0
	count(run([programme(with_years("2025-2027"))], [soa])) == 0
}

test_audit_outside_the_cycle_does_not_count if {
	# IA-2025 lies before a 2026-2028 cycle, so its clauses are not covered within it.
	r := run([programme(with_years({"start": 2026, "end": 2028}))], [soa])
	f := [x | some x in r; x.key == "clauses"][0]
	f.grade == "minor"
	startswith(f.msg, "audits/programme.md: the audit programme does not cover 12 of 30 clauses within the cycle")
}

test_cycle_longer_than_allowed_is_minor if {
	f := only(run([programme(with_years({"start": 2024, "end": 2027}))], [soa]))
	f.key == "cycle"
	f.grade == "minor"
	f.msg == "audits/programme.md: the audit programme's cycle 2024–2027 spans 4 years, longer than the 3-year cycle in which every clause and applicable control must be audited"
}

test_cycle_length_is_a_param if {
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [programme(with_years({"start": 2024, "end": 2027}))], "isms.register": [soa]}, "params": {"audit_cycle_years": 4}}
		with data.ismscheck.catalog.annex_a as catalog
	count(r) == 0
}
