# METADATA
# title: Production deployments go through protected environments
# description: >-
#   A repository that deploys to production through a GitHub environment (named as in
#   production_environments) must protect it: required reviewers approve each deployment, and
#   only protected or selected branches may deploy. Repositories without such an environment
#   are not judged. Not checked yet: that production secrets are environment secrets rather
#   than repository secrets, and prevent_self_review (the evidence contract lists neither).
# scope: package
# custom:
#   id: GH-19
#   severity: minor
#   controls: ["A.8.31", "A.8.32", "A.8.2"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the repository's Settings > Environments > the production environment tick "Required
#     reviewers" and name the people or team who approve deployments, and under "Deployment
#     branches and tags" choose "Protected branches only" or "Selected branches and tags".
#     Move production secrets into the environment's secrets.
#   permissions: ["github:administration:read"]
#   params:
#     production_environments: ["production", "prod", "live"]
package ismscheck.gh19

import data.lib.github
import data.lib.isms

names := {lower(n) | some n in isms.param("production_environments", ["production", "prod", "live"]); is_string(n)}

r := input.document.data

production := [e |
	some e in r.environments
	is_string(e.name)
	lower(e.name) in names
]

applies if {
	github.in_scope(r)
	count(production) > 0
}

has_reviewers(e) if {
	some p in e.protection_rules
	p.type == "required_reviewers"
	count(p.reviewers) > 0
}

restricted_branches(e) if e.deployment_branch_policy.protected_branches == true

restricted_branches(e) if e.deployment_branch_policy.custom_branch_policies == true

deny contains {
	"key": sprintf("reviewers:%s", [e.name]),
	"msg": sprintf("%s: environment %s deploys without required reviewers: nobody approves a deployment to production", [github.name(r), e.name]),
	"grade": "minor",
} if {
	some e in production
	not has_reviewers(e)
}

deny contains {
	"key": sprintf("branches:%s", [e.name]),
	"msg": sprintf("%s: environment %s accepts deployments from any branch (no deployment branch policy)", [github.name(r), e.name]),
	"grade": "minor",
} if {
	some e in production
	not restricted_branches(e)
}
