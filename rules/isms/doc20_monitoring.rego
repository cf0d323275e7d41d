# METADATA
# title: Monitoring and measurement results are retained
# description: What the ISMS measures, and what the measurements showed, must be kept as evidence.
# scope: package
# custom:
#   id: DOC-20
#   severity: minor
#   controls: ["9.1"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a monitoring register (for example registers/monitoring.csv, register type `monitoring`)
#     or a Markdown report with `type: monitoring_report` recording, for each metric, what is
#     measured, how, how often, by whom, and the results for the last period.
#   permissions: []
package ismscheck.doc20

import data.lib.isms

deny contains {
	"msg": "No monitoring and measurement results: no `monitoring` register and no document with `type: monitoring_report` in its front matter",
	"grade": "minor",
} if {
	not isms.present(input.documents, "monitoring_report", "monitoring")
}
