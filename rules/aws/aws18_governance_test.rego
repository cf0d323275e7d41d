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

test_member_with_contact_passes if {
	count(run(account(org, {"configured": true}))) == 0
}

test_standalone_account_is_observation if {
	r := run(account(null, {"configured": true}))
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "account 111111111111 (acme-dev) is not a member of an AWS Organization: no organization-wide guardrails (SCPs) apply to it"
}

test_missing_security_contact_is_observation if {
	r := run(account(org, {"configured": false}))
	count(r) == 1
	some f in r
	f.key == "security-contact"
	f.msg == "account 111111111111 (acme-dev) has no security contact registered with AWS"
	count(run(account(org, null))) == 0
}
