package ismscheck.aws01_test

import data.ismscheck.aws01

account(id, org) := {
	"kind": "aws.account", "id": sprintf("aws:%s", [id]), "complete": true,
	"data": {"account_id": id, "alias": null, "organization": org, "s3_public_access_block": null},
}

acme := account("111111111111", null)

trail(name, overrides) := {
	"kind": "aws.cloudtrail.trail", "id": sprintf("arn:aws:cloudtrail:eu-west-1:111111111111:trail/%s", [name]), "complete": true,
	"data": object.union(
		{
			"account_id": "111111111111", "name": name, "arn": sprintf("arn:aws:cloudtrail:eu-west-1:111111111111:trail/%s", [name]),
			"home_region": "eu-west-1", "is_multi_region": true, "is_organization_trail": false,
			"log_file_validation": true, "kms_key_id": "arn:aws:kms:eu-west-1:111111111111:key/k1",
			"s3_bucket": "acme-trail", "cloudwatch_logs_log_group_arn": null, "is_logging": true,
			"latest_delivery_error": null, "latest_delivery_time": "2026-11-20T10:00:00Z", "management_events": true,
		},
		overrides,
	),
}

bucket(name, public) := {
	"kind": "aws.s3.bucket", "id": sprintf("aws:111111111111:s3:%s", [name]), "complete": true,
	"data": {"account_id": "111111111111", "name": name, "policy_is_public": public, "public_access_block": {"configured": false}},
}

run(accounts, trails, buckets) := r if {
	r := aws01.deny with input as {
		"documents": {"aws.account": accounts, "aws.cloudtrail.trail": trails, "aws.s3.bucket": buckets},
		"as_of": "2026-11-21", "params": {},
	}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_good_trail_passes if {
	count(run([acme], [trail("main", {})], [bucket("acme-trail", false)])) == 0
}

test_no_trail_is_major if {
	f := only(run([acme], [], []))
	f.grade == "major"
	f.key == "no-trail"
	f.resource == {"kind": "aws.account", "id": "aws:111111111111"}
	f.msg == "account 111111111111 has no CloudTrail trail: API activity in it is not recorded"
}

test_other_accounts_trail_does_not_count if {
	other := account("222222222222", null)
	f := only(run([other], [trail("main", {})], []))
	f.key == "no-trail"
}

test_organization_trail_covers_members if {
	member := account("222222222222", {"id": "o-1", "master_account_id": "111111111111"})
	count(run([acme, member], [trail("org", {"is_organization_trail": true})], [])) == 0
}

test_no_logging_trail_is_major if {
	r := run([acme], [trail("main", {"is_logging": false})], [])
	count(r) == 2
	some f in r
	f.key == "not-logging"
	f.grade == "major"
	f.msg == "account 111111111111: none of its 1 CloudTrail trails is logging (main): API activity is not recorded"
	some g in r
	g.key == "stopped"
	g.grade == "minor"
}

test_single_region_trail_is_minor_for_the_account if {
	f := only(run([acme], [trail("main", {"is_multi_region": false})], []))
	f.key == "not-multi-region"
	f.grade == "minor"
	f.resource.kind == "aws.account"
}

test_data_events_only_trail_is_not_enough if {
	f := only(run([acme], [trail("main", {"management_events": false})], []))
	f.key == "not-multi-region"
}

test_unknown_status_is_not_judged if {
	count(run([acme], [trail("main", {"is_logging": null, "management_events": null})], [])) == 0
}

test_weak_trail_findings_are_minor_per_weakness if {
	t := trail("main", {"log_file_validation": false, "kms_key_id": null, "latest_delivery_error": "AccessDenied"})
	r := run([acme], [t], [bucket("acme-trail", true)])
	{f.key | some f in r} == {"validation", "kms", "delivery-error", "public-bucket"}
	every f in r {
		f.grade == "minor"
		f.resource == {"kind": "aws.cloudtrail.trail", "id": t.id}
	}
	some f in r
	f.key == "public-bucket"
	f.msg == "trail main (eu-west-1) delivers its logs to bucket acme-trail, whose bucket policy makes it public"
}

test_public_policy_restricted_by_account_block_is_not_public if {
	a := json.patch(acme, [{"op": "replace", "path": "/data/s3_public_access_block", "value": {"configured": true, "restrict_public_buckets": true}}])
	count(run([a], [trail("main", {})], [bucket("acme-trail", true)])) == 0
}

with_inventory(a, inv) := json.patch(a, [{"op": "add", "path": "/data/inventory", "value": inv}])

test_no_trail_listed_is_major if {
	f := only(run([with_inventory(acme, {"aws.cloudtrail.trail": 0})], [], []))
	f.key == "no-trail"
}

# DescribeTrails failed in some region (inventory null), or the account could not be read
# at all (inventory null): its trails are unknown, and no account-level conclusion is drawn.
test_unlisted_trails_are_not_judged if {
	count(run([with_inventory(acme, {"aws.cloudtrail.trail": null})], [], [])) == 0
	count(run([with_inventory(acme, null)], [], [])) == 0
	count(run([with_inventory(acme, {"aws.cloudtrail.trail": null})], [trail("main", {"is_logging": false})], [])) == 1 # only the trail's own "stopped"
	count(run([with_inventory(acme, {"aws.cloudtrail.trail": null})], [trail("main", {"is_multi_region": false})], [])) == 0
}
