# METADATA
# title: Nobody bypasses the protection of the default branch silently
# description: >-
#   Branch protection must apply to administrators too (classic "Do not allow bypassing the
#   above settings", enforce_admins), and active rulesets should list no bypass actors other
#   than the organisation's documented break-glass actors (break_glass_actors). A bypass of
#   one source is not reported for a protection that another source enforces on everyone
#   (for example admins may bypass classic protection but an active ruleset without bypass
#   actors still requires the pull request). When GitHub did not give a ruleset's bypass
#   actors, an observation says so: unknown is never read as "nobody may bypass".
# scope: package
# custom:
#   id: GH-09
#   severity: minor
#   controls: ["A.8.32", "A.8.2"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In classic protection (Settings > Branches > the default branch rule) tick "Do not allow
#     bypassing the above settings" and empty "Allow specified actors to bypass required pull
#     requests". In each ruleset on the default branch remove entries from "Bypass list", or
#     keep only a break-glass team whose use is logged and reviewed, and state it in your change
#     management policy's front matter, e.g. `parameters: {break_glass_actors: ["Team:1234"]}`
#     (ruleset actors as Type:id, classic allowances as the user, team or app name).
#   permissions: ["github:administration:read"]
#   params:
#     break_glass_actors: []
package ismscheck.gh09

import data.lib.github
import data.lib.isms

break_glass := [a | some a in isms.param("break_glass_actors", []); is_string(a)]

r := input.document.data

applies if {
	github.in_scope(r)
	github.readable_protection(r)
	github.protected(r)
}

deny contains {
	"key": sprintf("bypass:%s", [g.key]),
	"msg": sprintf("%s: %s can be bypassed by %s; %s not enforced on them by any other protection", [github.branch(r), g.source, concat(", ", g.actors), concat(", ", sort(g.aspects))]),
	"grade": "minor",
} if {
	some g in github.effective_bypasses(r, break_glass)
}

deny contains {
	"key": sprintf("bypass-unknown:%v", [id]),
	"msg": sprintf("%s: the bypass actors of active ruleset %v were not collected, so who may bypass it is unknown (GitHub lists them only to a caller who may edit the ruleset)", [github.branch(r), label(id)]),
	"grade": "observation",
} if {
	some id in github.unknown_rulesets(r)
}

label(id) := l if {
	l := github.ruleset_label(github.ruleset(r, id))
} else := sprintf("id %v", [id])
