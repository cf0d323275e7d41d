# METADATA
# title: The organisation's base repository permission is none or read
# description: >-
#   The base permission every member gets on every repository must not be write or admin:
#   write access to code is granted by need (teams, repository roles), not by default.
# scope: package
# custom:
#   id: GH-03
#   severity: minor
#   controls: ["A.5.15", "A.8.3", "A.8.4"]
#   kinds: [github.organization]
#   input: document
#   remediation: >-
#     As an organisation owner open Settings > Member privileges > Base permissions and choose
#     "No permission" or "Read"; give write access through teams or repository roles to those
#     who need it (check first which members relied on the base permission).
#   permissions: ["github:organization_administration:read"]
package ismscheck.gh03

org := input.document.data

deny contains {
	"msg": sprintf("Organisation %v gives every member %v access to every repository (base permission %v); policy requires none or read", [org.login, org.default_repository_permission, json.marshal(org.default_repository_permission)]),
	"grade": "minor",
} if {
	org.default_repository_permission in {"write", "admin"}
}
