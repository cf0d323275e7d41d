# METADATA
# title: Information security objectives are documented
# description: Information security objectives must be kept as documented information.
# scope: package
# custom:
#   id: DOC-13
#   severity: minor
#   controls: ["6.2"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep an objectives register (for example registers/objectives.yaml, register type
#     `objectives`) or a Markdown document with `type: objectives`, giving each objective a measure,
#     owner, resources, due date and how results are evaluated.
#   permissions: []
package ismscheck.doc13

import data.lib.isms

deny contains {
	"msg": "No information security objectives: no `objectives` register and no document with `type: objectives` in its front matter",
	"grade": "minor",
} if {
	not isms.present(input.documents, "objectives", "objectives")
}
