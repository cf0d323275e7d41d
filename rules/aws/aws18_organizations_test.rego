package ismscheck.aws18_test

import data.ismscheck.aws18

account(org, contact) := {
	"kind": "aws.account", "id": "aws:111111111111", "complete": true,
	"data": {"account_id": "111111111111", "alias": "acme-dev", "organization": org, "security_contact": contact},
}

org := {"id": "o-abc", "master_account_id": "999999999999"}

run(d) := r if {
	r := aws18.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_member_passes if {
	count(run(account(org, {"configured": true}))) == 0
}

test_standalone_account_is_observation if {
	r := run(account(null, {"configured": true}))
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.key == "no-organization"
	f.msg == "account 111111111111 (acme-dev) is not a member of an AWS Organization: no organization-wide guardrails (SCPs) apply to it"
}

# The security contact is AWS-19's: a missing one is no finding here.
test_security_contact_is_not_this_rules if {
	count(run(account(org, {"configured": false}))) == 0
}

# Evidence without the organization fact (an account that could not be read) is not judged.
test_absent_organization_is_not_judged if {
	count(run({"kind": "aws.account", "id": "aws:1", "complete": true, "data": {"account_id": "1"}})) == 0
}
