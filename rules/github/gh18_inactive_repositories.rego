# METADATA
# title: Inactive repositories are archived and active ones are in the asset inventory
# description: >-
#   A repository with no push for more than inactive_repo_days should be archived (unmaintained
#   code is unpatched attack surface), and every unarchived repository should appear in the
#   ISMS asset inventory (an `assets` register): a cell naming it as owner/name, by its URL, or
#   by its bare name. The inventory check runs only when an asset register exists (DOC-26
#   reports a missing one).
# scope: package
# custom:
#   id: GH-18
#   severity: observation
#   controls: ["A.5.9", "A.8.8"]
#   kinds: [github.repository, isms.register]
#   input: inventory
#   subject: github.repository
#   remediation: >-
#     Archive repositories nobody maintains any more (Settings > General > Danger Zone >
#     Archive this repository), or record why they are kept active. Add each active repository
#     to the asset inventory (registers/assets.csv) with its owner and classification, naming
#     it as owner/name (e.g. acme/api).
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

registers := isms.usable_registers(input.documents, "assets")

# Every text cell of the asset inventory, lower-cased.
cells := {lower(trim_space(v)) |
	some reg in registers
	some row in isms.rows(reg)
	is_object(row)
	some v in row
	is_string(v)
}

listed(r) if lower(github.name(r)) in cells

listed(r) if lower(r.name) in cells

listed(r) if {
	some c in cells
	contains(c, lower(github.name(r)))
}

deny contains {
	"key": "not-inventoried",
	"msg": sprintf("%s is not in the asset inventory: %s names neither %s nor %v", [github.name(d.data), concat(", ", [reg.id | some reg in registers]), github.name(d.data), d.data.name]),
	"grade": "observation",
	"resource": isms.resource(d),
	"evidence": [isms.resource(reg) | some reg in registers],
} if {
	count(registers) > 0
	some d in repos
	not listed(d.data)
}
