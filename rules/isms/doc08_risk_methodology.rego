# METADATA
# title: Risk assessment methodology is documented
# description: How risks are identified, scored and accepted must be written down so that repeated assessments give comparable results.
# scope: package
# custom:
#   id: DOC-08
#   severity: major
#   controls: ["6.1.2"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Add a Markdown document (for example risk/methodology.md) with `type: risk_methodology` in its
#     front matter that defines the likelihood and impact scales, how risk levels are derived and
#     the risk acceptance criteria.
#   permissions: []
package ismscheck.doc08

import data.lib.isms

deny contains {
	"msg": "No risk assessment methodology: no document has `type: risk_methodology` in its front matter",
	"grade": "major",
} if {
	not isms.has_doc(input.documents, "risk_methodology")
}
