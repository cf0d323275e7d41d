package ismscheck.aws19_test

import data.ismscheck.aws19

account(contact) := {
	"kind": "aws.account", "id": "aws:111111111111", "complete": true,
	"data": {"account_id": "111111111111", "alias": "acme-dev", "organization": null, "security_contact": contact},
}

run(d) := r if {
	r := aws19.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_contact_set_passes if {
	count(run(account({"configured": true, "email": true, "phone": false}))) == 0
}

test_missing_security_contact_is_observation if {
	r := run(account({"configured": false, "email": false, "phone": false}))
	count(r) == 1
	some f in r
	f.key == "security-contact"
	f.grade == "observation"
	f.msg == "account 111111111111 (acme-dev) has no security contact registered with AWS"
}

# Unread (null) is never judged; outside an organization is AWS-18's concern, not this rule's.
test_unread_contact_is_not_judged if {
	count(run(account(null))) == 0
}
