package ismscheck.aws03_test

import data.ismscheck.aws03

# 2026-11-21
as_of_ns := 1795219200000000000

region(gd) := {
	"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "guardduty": gd},
}

good := {
	"detector_id": "d1", "status": "ENABLED", "administrator_account": "999999999999",
	"high_findings_open": 0, "oldest_high_finding_at": null,
}

run(d, params) := r if {
	r := aws03.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_enabled_central_detector_passes if {
	count(run(region(good), {})) == 0
}

test_no_detector_is_minor if {
	f := only(run(region({}), {}))
	f.key == "no-detector"
	f.grade == "minor"
	f.msg == "region eu-west-1 of account 111111111111 has no GuardDuty detector"
}

test_unreadable_is_not_judged if {
	count(run(region(null), {})) == 0
}

test_suspended_detector_is_minor if {
	f := only(run(region(object.union(good, {"status": "DISABLED"})), {}))
	f.key == "disabled"
	f.msg == "region eu-west-1 of account 111111111111: GuardDuty detector d1 is DISABLED"
}

test_not_centrally_managed_is_observation if {
	f := only(run(region(object.union(good, {"administrator_account": null})), {}))
	f.key == "not-central"
	f.grade == "observation"
	count(run(region(object.union(good, {"administrator_account": "111111111111"})), {})) == 0
}

test_old_high_finding_is_minor if {
	gd := object.union(good, {"high_findings_open": 3, "oldest_high_finding_at": "2026-11-01T08:30:00Z"})
	f := only(run(region(gd), {}))
	f.key == "high-findings"
	f.grade == "minor"
	f.msg == "region eu-west-1 of account 111111111111: 3 high-severity GuardDuty findings open, the oldest since 2026-11-01 (20 days); the incident procedure allows 7 (guardduty_finding_sla_days)"
	count(run(region(gd), {"guardduty_finding_sla_days": 30})) == 0
}

test_recent_high_finding_is_within_sla if {
	gd := object.union(good, {"high_findings_open": 1, "oldest_high_finding_at": "2026-11-18T08:30:00Z"})
	count(run(region(gd), {})) == 0
}

# Central management as the collector now writes it (relationship status, member count).
test_delegated_administrator_with_members_is_central if {
	admin := object.union(good, {"administrator_account": null, "administrator_relationship": null, "member_accounts": 4})
	count(run(region(admin), {})) == 0
}

test_member_with_enabled_relationship_is_central if {
	member := object.union(good, {"administrator_relationship": "Enabled", "member_accounts": 0})
	count(run(region(member), {})) == 0
}

test_standalone_detector_is_observation if {
	standalone := object.union(good, {"administrator_account": null, "administrator_relationship": null, "member_accounts": 0})
	f := only(run(region(standalone), {}))
	f.key == "not-central"
}

test_member_whose_relationship_ended_is_observation if {
	resigned := object.union(good, {"administrator_relationship": "Resigned", "member_accounts": 0})
	f := only(run(region(resigned), {}))
	f.key == "not-central"
}

test_unread_member_count_is_not_judged if {
	unknown := object.union(good, {"administrator_account": null, "administrator_relationship": null, "member_accounts": null})
	count(run(region(unknown), {})) == 0
}
