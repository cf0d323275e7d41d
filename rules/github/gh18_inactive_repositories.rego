# METADATA
# title: Inactive repositories are archived; active ones are in the asset inventory
# description: >-
#   A repository with no push for more than inactive_repo_days should be archived: unmaintained
#   code is unpatched attack surface. Every repository that is not archived must be in the ISMS
#   asset inventory (an `assets` register): a cell of some row names it by full name
#   (owner/name) or URL, alone or inside a longer text, or holds exactly its name; case does not
#   matter. Without an asset register no repository can be shown to be inventoried, so each is
#   an observation saying so, never a pass; an asset register that could not be read completely
#   makes the rule an error instead.
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
#     Archive this repository), or record why they are kept active, and keep each active
#     repository in the asset inventory (registers/assets.csv) with its owner and
#     classification, naming it by owner/name or URL.
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

# The asset inventory: every `assets` register. One that was not read completely may hold
# the rows that name a repository, so then nothing is reported missing (the engine makes
# the rule an error for the incomplete register).
asset_registers := isms.registers_of_type(input.documents, "assets")

deny contains {
	"key": "asset_inventory",
	"msg": sprintf("%s is not in the asset inventory: no row of %s names it by owner/name, URL or name", [github.name(d.data), concat(", ", sort([r.id | some r in asset_registers]))]),
	"grade": "observation",
	"resource": isms.resource(d),
	"evidence": [isms.resource(r) | some r in asset_registers],
} if {
	count(asset_registers) > 0
	isms.all_usable(asset_registers)
	some d in repos
	not inventoried(d.data)
}

deny contains {
	"key": "asset_inventory",
	"msg": sprintf("%s cannot be shown to be in the asset inventory: no `assets` register (for example registers/assets.csv) was read", [github.name(d.data)]),
	"grade": "observation",
	"resource": isms.resource(d),
} if {
	count(asset_registers) == 0
	some d in repos
}

inventoried(r) if {
	some reg in asset_registers
	some row in isms.rows(reg)
	some cell in row
	names_repository(cell, r)
}

# names_repository(cell, r): the cell is the repository's name, or one of its words is the
# full name or the URL (with or without scheme, trailing slash or .git).
names_repository(cell, r) if {
	is_string(cell)
	lower(trim_space(cell)) == lower(r.name)
}

names_repository(cell, r) if {
	is_string(cell)
	some word in regex.split(`[\s(),;<>"'\[\]]+`, cell)
	normalized(word) in repository_keys(r)
}

repository_keys(r) := {k |
	some v in [github.name(r), object.get(r, "html_url", "")]
	is_string(v)
	v != ""
	k := normalized(v)
}

normalized(s) := trim_suffix(trim_suffix(trim_prefix(trim_prefix(lower(trim_space(s)), "https://"), "http://"), "/"), ".git")
