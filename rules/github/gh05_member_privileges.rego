# METADATA
# title: Members cannot create public repositories or fork private ones
# description: >-
#   Only administrators should decide that code becomes public or leaves the organisation:
#   members must not be able to create public repositories nor fork private repositories.
#   Not checked yet: who may delete or transfer repositories and change their visibility (the
#   REST organisation settings do not report them; the evidence contract has no such field).
# scope: package
# custom:
#   id: GH-05
#   severity: minor
#   controls: ["A.8.4", "A.8.12", "A.5.14"]
#   kinds: [github.organization]
#   input: document
#   remediation: >-
#     As an organisation owner open Settings > Member privileges: under "Repository creation"
#     untick "Public", and under "Repository forking" untick "Allow forking of private and
#     internal repositories". While there, leave "Allow members to delete or transfer
#     repositories" and "Allow members to change repository visibilities" unticked.
#   permissions: ["github:organization_administration:read"]
package ismscheck.gh05

org := input.document.data

settings := {
	"members_can_create_public_repositories": "members can create public repositories",
	"members_can_fork_private_repositories": "members can fork private repositories",
}

deny contains {
	"key": field,
	"msg": sprintf("Organisation %v: %s (%s is true); only administrators should", [org.login, what, field]),
	"grade": "minor",
} if {
	some field, what in settings
	org[field] == true
}
