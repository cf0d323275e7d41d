package ismscheck.aws22_test

import data.ismscheck.aws22

cert(in_use, not_after) := {
	"kind": "aws.acm.certificate", "id": "aws:111111111111:eu-west-1:acm/abc", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "certificate_id": "abc", "domain": "api.example.com",
		"status": "ISSUED", "in_use": in_use, "not_after": not_after, "renewal_eligibility": "ELIGIBLE"},
}

run(d, params) := r if {
	r := aws22.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

test_far_expiry_passes if {
	count(run(cert(true, "2027-06-01T00:00:00Z"), {})) == 0
	count(run(cert(true, "2026-12-22T00:00:00Z"), {})) == 0 # 31 days
}

test_expiring_within_threshold_is_an_observation if {
	r := run(cert(true, "2026-12-05T12:00:00Z"), {})
	count(r) == 1
	some f in r
	f.key == "expiring"
	f.grade == "observation"
	f.msg == "certificate for api.example.com (eu-west-1, account 111111111111) is in use and expires on 2026-12-05, in 14 days (certificate_expiry_days 30)"
}

test_threshold_is_inclusive_and_configurable if {
	count(run(cert(true, "2026-12-21T00:00:00Z"), {})) == 1 # 30 days
	count(run(cert(true, "2026-12-05T00:00:00Z"), {"certificate_expiry_days": 7})) == 0
	count(run(cert(true, "2027-01-10T00:00:00Z"), {"certificate_expiry_days": 60})) == 1
}

test_expiring_today_is_not_yet_expired if {
	some f in run(cert(true, "2026-11-21T23:59:59Z"), {})
	f.key == "expiring"
}

test_expired_certificate_in_use_is_minor if {
	r := run(cert(true, "2026-10-01T12:00:00Z"), {})
	count(r) == 1
	some f in r
	f.key == "expired"
	f.grade == "minor"
	f.msg == "certificate for api.example.com (eu-west-1, account 111111111111) expired on 2026-10-01 and is still in use"
}

test_unused_certificates_are_not_judged if {
	count(run(cert(false, "2026-10-01T12:00:00Z"), {})) == 0
	count(run(cert(false, "2026-12-01T12:00:00Z"), {})) == 0
}

# No validity (not issued yet) or unread facts are never judged.
test_missing_facts_are_not_judged if {
	count(run(cert(true, null), {})) == 0
	count(run(cert(null, "2026-10-01T12:00:00Z"), {})) == 0
}

test_region_document_is_not_judged if {
	not aws22.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
