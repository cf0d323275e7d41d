# METADATA
# title: Public repositories tell reporters how to report a vulnerability
# description: >-
#   A public repository needs a channel for external vulnerability reports: a SECURITY.md
#   security policy or GitHub's private vulnerability reporting. Private and internal
#   repositories are not judged (no external reporter sees them).
# scope: package
# custom:
#   id: GH-15
#   severity: observation
#   controls: ["A.8.8", "A.6.8", "A.5.24"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     Add a SECURITY.md (in the repository, or once for all repositories in the organisation's
#     `.github` repository) saying how to report a vulnerability and what reporters can expect,
#     and/or enable Settings > Advanced Security > "Private vulnerability reporting". Route the
#     reports into your incident and vulnerability management procedure.
#   permissions: ["github:contents:read", "github:administration:read"]
package ismscheck.gh15

import data.lib.github

r := input.document.data

applies if {
	github.in_scope(r)
	r.visibility == "public"
	is_object(r.files)
	is_boolean(r.private_vulnerability_reporting)
}

deny contains {
	"msg": sprintf("Public repository %s has no SECURITY.md and private vulnerability reporting is off: external reporters have no channel for vulnerabilities", [github.name(r)]),
	"grade": "observation",
} if {
	r.files.security_policy == null
	r.private_vulnerability_reporting == false
}
