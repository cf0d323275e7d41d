# METADATA
# title: Competence evidence is retained
# description: Evidence of the competence of people doing ISMS work must be retained.
# scope: package
# custom:
#   id: DOC-15
#   severity: minor
#   controls: ["7.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a competence register (for example registers/competence.csv, register type `competence`)
#     or a Markdown document with `type: competence` recording, per ISMS role, the required
#     competence and the training or qualification evidence of each role holder.
#   permissions: []
package ismscheck.doc15

import data.lib.isms

deny contains {
	"msg": "No competence evidence: no `competence` register and no document with `type: competence` in its front matter",
	"grade": "minor",
} if {
	not isms.present(input.documents, "competence", "competence")
}
