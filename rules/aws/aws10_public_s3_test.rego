package ismscheck.aws10_test

import data.ismscheck.aws10

full_block := {"configured": true, "block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}

no_block := {"configured": false}

account(pab) := {
	"kind": "aws.account", "id": "aws:111111111111", "complete": true,
	"data": {"account_id": "111111111111", "alias": null, "s3_public_access_block": pab},
}

bucket(name, public, tags) := {
	"kind": "aws.s3.bucket", "id": sprintf("aws:111111111111:s3:%s", [name]), "complete": true,
	"data": {"account_id": "111111111111", "name": name, "region": "eu-west-1", "tags": tags, "policy_is_public": public, "public_access_block": no_block},
}

run(accounts, buckets, params) := r if {
	r := aws10.deny with input as {"documents": {"aws.account": accounts, "aws.s3.bucket": buckets}, "as_of": "2026-11-21", "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_blocked_account_and_private_buckets_pass if {
	count(run([account(full_block)], [bucket("data", false, {})], {})) == 0
}

test_missing_account_block_is_minor if {
	f := only(run([account(no_block)], [bucket("data", false, {})], {}))
	f.grade == "minor"
	f.resource == {"kind": "aws.account", "id": "aws:111111111111"}
	f.msg == "account 111111111111 has no account-level S3 Block Public Access configured"
}

test_partial_account_block_names_the_settings if {
	pab := object.union(full_block, {"block_public_policy": false, "restrict_public_buckets": false})
	f := only(run([account(pab)], [bucket("web", false, {})], {}))
	f.msg == "account 111111111111: account-level S3 Block Public Access has block_public_policy, restrict_public_buckets off"
}

test_account_restriction_neutralizes_public_policy if {
	count(run([account(full_block)], [bucket("web", true, {})], {})) == 0
}

test_public_unapproved_bucket_is_minor if {
	r := run([account(object.union(full_block, {"restrict_public_buckets": false}))], [bucket("web", true, {"team": "www"})], {})
	some f in r
	f.key == "public"
	f.grade == "minor"
	f.resource == {"kind": "aws.s3.bucket", "id": "aws:111111111111:s3:web"}
	f.msg == "bucket web (account 111111111111) is public through its bucket policy and is not tagged as an approved public bucket (approved-public)"
}

test_approved_public_bucket_is_exempt if {
	count(run([account(no_block)], [bucket("web", true, {"Approved-Public": "true"}), bucket("x", false, {})], {})) == 1 # the account block only
}

test_public_classified_bucket_is_major if {
	f := only(run([], [bucket("exports", true, {"Classification": "Confidential"})], {}))
	f.grade == "major"
	f.msg == "bucket exports (account 111111111111) is public through its bucket policy and tagged classification Confidential"
	g := only(run([], [bucket("exports", true, {"classification": "confidential", "approved-public": "yes"})], {}))
	g.grade == "major"
	contains(g.msg, "cannot approve publishing classified data")
}

test_classified_values_and_tags_are_params if {
	params := {"classified_values": ["c3"], "classification_tags": ["dlp"], "public_bucket_tag": "public-ok"}
	f := only(run([], [bucket("exports", true, {"dlp": "C3"})], params))
	f.grade == "major"
	g := only(run([], [bucket("exports", true, {"classification": "confidential"})], params))
	g.grade == "minor"
	count(run([], [bucket("exports", true, {"public-ok": "true"})], params)) == 0
}

test_unknown_policy_status_is_not_judged if {
	count(run([], [bucket("x", null, null)], {})) == 0
}
