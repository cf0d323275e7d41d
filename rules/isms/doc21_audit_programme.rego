# METADATA
# title: Internal audit programme is documented
# description: A written programme must say when, how, by whom and against what internal audits are done.
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
#     methods, criteria, scope and auditors.
#   permissions: []
package ismscheck.doc21

import data.lib.isms

deny contains {
	"msg": "No internal audit programme: no `audit_programme` register and no document with `type: audit_programme` in its front matter",
	"grade": "major",
} if {
	not isms.present(input.documents, "audit_programme", "audit_programme")
}
