# METADATA
# title: Improvement register is kept
# description: Tracking opportunities for improvement to closure shows continual improvement of the ISMS.
# scope: package
# custom:
#   id: DOC-25
#   severity: ofi
#   controls: ["10.1"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an improvements register (for example registers/improvements.csv, register type
#     `improvements`) or a Markdown document with `type: improvement_register` that tracks each
#     improvement opportunity with owner, action, due date and status until closure.
#   permissions: []
package ismscheck.doc25

import data.lib.isms

deny contains {
	"msg": "No improvement register: no `improvements` register and no document with `type: improvement_register` in its front matter",
	"grade": "ofi",
} if {
	not isms.present(input.documents, "improvement_register", "improvements")
}
