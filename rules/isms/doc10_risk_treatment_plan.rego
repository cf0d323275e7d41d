# METADATA
# title: Risk treatment plan is kept
# description: The results of risk treatment, and the plan to treat risks, must be retained as documented information.
# scope: package
# custom:
#   id: DOC-10
#   severity: major
#   controls: ["6.1.3", "8.3"]
#   kinds: [isms.repository, isms.document, isms.register]
#   input: inventory
#   subject: isms.repository
#   remediation: >-
#     Keep a risk treatment plan register (for example registers/risk-treatment-plan.csv, register
#     type `risk_treatment_plan`) or a Markdown document with `type: risk_treatment_plan`, listing
#     for each risk the treatment option, controls, owner, due date and status, with the risk
#     owners' approval.
#   permissions: []
package ismscheck.doc10

import data.lib.isms

deny contains {
	"msg": "No risk treatment plan: no `risk_treatment_plan` register and no document with `type: risk_treatment_plan` in its front matter",
	"grade": "major",
} if {
	not isms.present(input.documents, "risk_treatment_plan", "risk_treatment_plan")
}
