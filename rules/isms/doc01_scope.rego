# METADATA
# title: ISMS scope is documented
# description: What the ISMS covers and leaves out, and why, must be written down; every other check depends on it.
# scope: package
# custom:
#   id: DOC-01
#   severity: major
#   controls: ["4.3"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Add a Markdown document (for example scope.md) with `type: scope` in its front matter that
#     states the ISMS boundaries, the sites, processes and systems in scope, interfaces and
#     dependencies, and any exclusions with their reasons.
#   permissions: []
package ismscheck.doc01

import data.lib.isms

deny contains {
	"msg": "No ISMS scope statement: no document has `type: scope` in its front matter",
	"grade": "major",
} if {
	not isms.has_doc(input.documents, "scope")
}
