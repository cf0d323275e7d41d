# METADATA
# title: Inactive repositories are archived
# description: >-
#   A repository with no push for more than inactive_repo_days should be archived: unmaintained
#   code is unpatched attack surface. Not checked yet: that every active repository is in the
#   ISMS asset inventory. Joining github.repository with isms.register would make the rule read
#   the ISMS source too, so it would be reported as skipped in every run without GitHub evidence
#   (a rule counts as not configured only when all the sources it reads are unused).
# scope: package
# custom:
#   id: GH-18
#   severity: observation
#   controls: ["A.5.9", "A.8.8"]
#   kinds: [github.repository]
#   input: inventory
#   remediation: >-
#     Archive repositories nobody maintains any more (Settings > General > Danger Zone >
#     Archive this repository), or record why they are kept active, and keep each active
#     repository in the asset inventory (registers/assets.csv) with its owner and
#     classification.
#   permissions: ["github:metadata:read"]
#   params:
#     inactive_repo_days: 365
package ismscheck.gh18

import data.lib.github
import data.lib.isms

inactive_days := isms.number_param("inactive_repo_days", 365)

repos := [d | some d in input.documents["github.repository"]; github.in_scope(d.data)]

last_activity(r) := r.pushed_at if github.valid_timestamp(r.pushed_at)

else := r.created_at

deny contains {
	"key": "inactive",
	"msg": sprintf("%s: no push for %d days (last %s); repositories inactive for more than %d days (inactive_repo_days) should be archived", [github.name(d.data), age, github.date_of(last_activity(d.data)), inactive_days]),
	"grade": "observation",
	"resource": isms.resource(d),
} if {
	some d in repos
	age := github.age_days(last_activity(d.data))
	age > inactive_days
}
