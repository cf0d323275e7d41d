# METADATA
# title: Outside collaborators are approved and hold no admin rights
# description: >-
#   Access of people outside the organisation must be authorised and reviewed. Checked:
#   outside collaborators with admin rights on a repository (minor: privileged access for a
#   third party who is outside the owners' control); outside collaborators missing from the
#   organisation's approved list `approved_outside_collaborators` (minor); when the
#   organisation states no such list, an observation naming the outside collaborators, because
#   their review cannot be evidenced. Not checked yet: inactivity of members and collaborators
#   (more than 90 days), which needs the audit log or last-activity data the evidence contract
#   does not carry.
# scope: package
# custom:
#   id: GH-06
#   severity: minor
#   controls: ["A.5.18", "A.5.16"]
#   kinds: [github.members, github.repository]
#   input: inventory
#   subject: github.members
#   remediation: >-
#     Review the organisation's People > Outside collaborators list: remove those who no longer
#     need access (Manage access > Remove), lower admin grants to the role the work needs in each
#     repository's Settings > Collaborators and teams, and state the approved outside
#     collaborators in your access control policy's front matter, e.g.
#     `parameters: {approved_outside_collaborators: [contractor-jane]}`, updating it at each
#     access review.
#   permissions: ["github:members:read", "github:metadata:read"]
#   params:
#     approved_outside_collaborators: null
package ismscheck.gh06

import data.lib.github
import data.lib.isms

approved := {lower(a) | some a in isms.param("approved_outside_collaborators", null); is_string(a)}

stated if is_array(input.params.approved_outside_collaborators)

outside(m) := sort([o | some o in m.data.outside_collaborators; is_string(o)])

# admin_repos(m, login): the repositories of m's organisation where login is an admin collaborator.
admin_repos(m, login) := sort([github.name(repo.data) |
	some repo in input.documents["github.repository"]
	repo.data.owner == m.data.org
	github.in_scope(repo.data)
	some c in repo.data.admin_collaborators
	c.login == login
])

deny contains {
	"key": sprintf("outside-admin:%s", [login]),
	"msg": sprintf("Outside collaborator %s has admin rights on %s: a person outside organisation %v can change protection settings, add collaborators and delete the repository", [login, isms.list_text(repos, 5), m.data.org]),
	"grade": "minor",
	"resource": isms.resource(m),
	"evidence": [{"kind": "github.repository", "id": sprintf("github.com/%s", [name])} | some name in repos],
} if {
	some m in input.documents["github.members"]
	some login in outside(m)
	repos := admin_repos(m, login)
	count(repos) > 0
}

deny contains {
	"key": "unapproved",
	"msg": sprintf("Organisation %v has %s not on the approved list (approved_outside_collaborators): %s", [m.data.org, isms.plural(count(unapproved), "outside collaborator"), isms.list_text(unapproved, 10)]),
	"grade": "minor",
	"resource": isms.resource(m),
} if {
	stated
	some m in input.documents["github.members"]
	unapproved := [o | some o in outside(m); not lower(o) in approved]
	count(unapproved) > 0
}

deny contains {
	"key": "unreviewed",
	"msg": sprintf("Organisation %v has %s (%s); no approved list (approved_outside_collaborators) shows their access was authorised and reviewed", [m.data.org, isms.plural(count(all), "outside collaborator"), isms.list_text(all, 10)]),
	"grade": "observation",
	"resource": isms.resource(m),
} if {
	not stated
	some m in input.documents["github.members"]
	all := outside(m)
	count(all) > 0
}
