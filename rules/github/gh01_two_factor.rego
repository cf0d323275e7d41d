# METADATA
# title: The organisation requires two-factor authentication
# description: >-
#   GitHub's organisation setting "Require two-factor authentication" must be on, so that no
#   member or outside collaborator reaches source code with a password alone. Graded major: a
#   missing organisation-wide requirement is a systemic gap in secure authentication.
# scope: package
# custom:
#   id: GH-01
#   severity: major
#   controls: ["A.8.5", "A.5.17"]
#   kinds: [github.organization]
#   input: document
#   remediation: >-
#     As an organisation owner open Settings > Authentication security and tick "Require
#     two-factor authentication for everyone in the organization" (GitHub removes members and
#     outside collaborators without 2FA: ask them to enable it first). With an enterprise
#     account, enforce it in the enterprise's Authentication security policy instead.
#   permissions: ["github:organization_administration:read"]
package ismscheck.gh01

org := input.document.data

deny contains {
	"msg": sprintf("Organisation %v does not require two-factor authentication (two_factor_requirement_enabled is false)", [org.login]),
	"grade": "major",
} if {
	org.two_factor_requirement_enabled == false
}
