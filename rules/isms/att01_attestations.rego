# METADATA
# title: Attestations are complete and current
# description: Manual evidence (an attestation that a person checked a control no collector can see) counts only while it is complete and within its validity.
# scope: package
# custom:
#   id: ATT-01
#   severity: minor
#   controls: ["9.1"]
#   kinds: [isms.document, isms.register]
#   input: document
#   remediation: >-
#     Give every attestation (a Markdown document with `type: attestation`, or a row of an
#     `attestations` register) the fields `controls` (Annex A ids), `checked` (what was examined
#     and how), `attested_by`, `attested_on` and `valid_until` (YYYY-MM-DD). Before it expires,
#     check the controls again and record a new attestation.
#   permissions: []
#   params:
#     attestation_warning_days: 30
package ismscheck.att01

import data.lib.isms

required := ["checked", "attested_by", "attested_on", "valid_until"]

warning_days := isms.param("attestation_warning_days", 30)

doc := input.document

applies if {
	doc.kind == "isms.document"
	doc.data.type == "attestation"
	isms.usable(doc)
}

applies if {
	doc.kind == "isms.register"
	doc.data.register == "attestations"
	isms.usable(doc)
}

# statements lists each attestation in the document: the front matter of an attestation
# document, or every row of an attestations register, with its label and line.
statements contains {"fields": isms.meta(doc), "label": doc.id, "key": "document", "line": 0} if {
	doc.kind == "isms.document"
}

statements contains {"fields": row, "label": sprintf("%s row %s", [doc.id, isms.row_label(doc, i)]), "key": isms.row_label(doc, i), "line": line(i)} if {
	doc.kind == "isms.register"
	some i, row in object.get(doc.data, "rows", [])
}

line(i) := isms.row_line(doc, i)

line(i) := 0 if not isms.row_line(doc, i)

controls(s) := s.fields.controls if not isms.blank_field(s.fields, "controls")

controls(s) := s.fields.control if {
	isms.blank_field(s.fields, "controls")
	not isms.blank_field(s.fields, "control")
}

at(s, finding) := object.union(finding, {"line": s.line}) if s.line > 0

at(s, finding) := finding if s.line == 0

deny contains at(s, {
	"key": sprintf("%s:missing", [s.key]),
	"msg": sprintf("%s: attestation lacks %s (missing or blank), so it evidences nothing", [s.label, concat(", ", missing)]),
}) if {
	applies
	some s in statements
	missing := array.concat([f | not controls(s); f := "controls"], isms.missing_fields(s.fields, required))
	count(missing) > 0
}

deny contains at(s, {
	"key": sprintf("%s:expired", [s.key]),
	"msg": sprintf("%s: attestation of %v expired on %s (%s ago); the controls it covered have no evidence now", [s.label, controls(s), s.fields.valid_until, isms.plural(0 - n, "day")]),
}) if {
	applies
	some s in statements
	n := isms.days_until(s.fields.valid_until)
	n < 0
}

deny contains at(s, {
	"key": sprintf("%s:expiring", [s.key]),
	"grade": "observation",
	"msg": sprintf("%s: attestation of %v expires on %s (in %s)", [s.label, controls(s), s.fields.valid_until, isms.plural(n, "day")]),
}) if {
	applies
	some s in statements
	n := isms.days_until(s.fields.valid_until)
	n >= 0
	n <= warning_days
}

deny contains at(s, {
	"key": sprintf("%s:future", [s.key]),
	"msg": sprintf("%s: attested_on %s is after the audit date, so the check has not happened yet", [s.label, s.fields.attested_on]),
}) if {
	applies
	some s in statements
	isms.days_until(s.fields.attested_on) > 0
}
