package ismscheck.gh15_test

import data.ismscheck.gh15

repo(visibility, policy, pvr) := {"kind": "github.repository", "id": "github.com/acme/sdk", "complete": true, "data": {
	"owner": "acme", "name": "sdk", "full_name": "acme/sdk", "archived": false, "visibility": visibility,
	"files": {"codeowners": null, "security_policy": policy, "dependabot": null, "renovate": null},
	"private_vulnerability_reporting": pvr,
}}

run(d) := r if {
	r := gh15.deny with input as {"document": d, "params": {}}
}

test_either_channel_passes if {
	count(run(repo("public", "SECURITY.md", false))) == 0
	count(run(repo("public", null, true))) == 0
}

test_no_channel_is_an_observation if {
	r := run(repo("public", null, false))
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "Public repository acme/sdk has no SECURITY.md and private vulnerability reporting is off: external reporters have no channel for vulnerabilities"
}

test_private_repos_are_not_judged if {
	not gh15.applies with input as {"document": repo("private", null, false)}
	not gh15.applies with input as {"document": repo("internal", null, false)}
	not gh15.applies with input as {"document": repo("public", null, null)}
}
