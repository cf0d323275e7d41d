# METADATA
# title: CloudTrail logs every region to protected, validated storage
# description: >-
#   Every account needs a CloudTrail trail that is logging: none at all is a major
#   nonconformity (no record of API activity). An account whose trails log but none is a
#   logging multi-region trail with management events leaves regions unrecorded (minor). Each
#   trail must have log file validation, KMS encryption, no delivery error, and must not deliver
#   to a bucket that is public (minor per weakness). A trail whose delivery bucket is in another
#   account (the usual log-archive set-up) has that bucket checked only when the bucket's
#   account is collected too. Whether an account has a (logging, multi-region) trail is
#   concluded only when DescribeTrails answered in every region of it: a listing that failed
#   anywhere leaves the account's trails unknown (its inventory of trails is null, with the
#   error), and the account is skipped or in error, never failed for a trail it may have.
# scope: package
# custom:
#   id: AWS-01
#   severity: minor
#   controls: ["A.8.15", "A.8.16", "A.5.28"]
#   kinds: [aws.account, aws.cloudtrail.trail, aws.s3.bucket]
#   input: inventory
#   subject: aws.account
#   remediation: >-
#     Create one multi-region trail (an organization trail from the management account covers
#     every member) that logs management events, with log file validation on
#     (`--enable-log-file-validation`), SSE-KMS encryption (`--kms-key-id`), and delivery to a
#     log-archive bucket with Block Public Access on; start logging (`aws cloudtrail
#     start-logging`). Fix delivery errors (bucket policy, KMS key policy) so logs arrive.
#   permissions:
#     - aws:ec2:DescribeRegions
#     - aws:cloudtrail:DescribeTrails
#     - aws:cloudtrail:GetTrailStatus
#     - aws:cloudtrail:GetEventSelectors
#     - aws:s3:GetBucketPolicyStatus
#     - aws:s3:GetBucketPublicAccessBlock
#     - aws:s3:GetAccountPublicAccessBlock
#     - aws:s3:ListAllMyBuckets
package ismscheck.aws01

import data.lib.aws

accounts := input.documents["aws.account"]

trails := input.documents["aws.cloudtrail.trail"]

buckets_by_name := {b.data.name: b | some b in input.documents["aws.s3.bucket"]}

blocks := aws.account_blocks(input.documents)

# covers(t, a): trail t records account a: its own trail, or an organization trail of the
# account's organization (whose ARN names the management account).
covers(t, a) if t.data.account_id == a.data.account_id

covers(t, a) if {
	t.data.is_organization_trail == true
	aws.account_of_arn(t.data.arn) == a.data.organization.master_account_id
}

covering(a) := [t | some t in trails; covers(t, a)]

# The accounts whose trails were listed in every region: only for them does the absence of
# a trail (or of a logging or multi-region one) say anything.
listed_accounts := [a | some a in accounts; aws.listed(a, "aws.cloudtrail.trail")]

# A trail that may be the account's multi-region record (unknowns are given the benefit).
may_cover_all_regions(t) if {
	t.data.is_multi_region == true
	t.data.is_logging != false
	t.data.management_events != false
}

trail_names(ts) := concat(", ", sort([t.data.name | some t in ts]))

deny contains {
	"key": "no-trail",
	"msg": sprintf("account %s has no CloudTrail trail: API activity in it is not recorded", [aws.account_label(a)]),
	"grade": "major",
	"resource": aws.resource(a),
} if {
	some a in listed_accounts
	count(covering(a)) == 0
}

deny contains {
	"key": "not-logging",
	"msg": sprintf(
		"account %s: none of its %d CloudTrail trails is logging (%s): API activity is not recorded",
		[aws.account_label(a), count(ts), trail_names(ts)],
	),
	"grade": "major",
	"resource": aws.resource(a),
	"evidence": [aws.resource(t) | some t in ts],
} if {
	some a in listed_accounts
	ts := covering(a)
	count(ts) > 0
	every t in ts {
		t.data.is_logging == false
	}
}

deny contains {
	"key": "not-multi-region",
	"msg": sprintf(
		"account %s: no logging multi-region trail records management events (trails: %s), so activity in other regions is not recorded",
		[aws.account_label(a), trail_names(ts)],
	),
	"grade": "minor",
	"resource": aws.resource(a),
	"evidence": [aws.resource(t) | some t in ts],
} if {
	some a in listed_accounts
	ts := covering(a)
	some t0 in ts
	t0.data.is_logging != false
	every t in ts {
		not may_cover_all_regions(t)
	}
}

deny contains {
	"key": "validation",
	"msg": sprintf("trail %s (%s) has log file validation off: tampering with delivered logs would go undetected", [t.data.name, t.data.home_region]),
	"grade": "minor",
	"resource": aws.resource(t),
} if {
	some t in trails
	t.data.log_file_validation == false
}

deny contains {
	"key": "kms",
	"msg": sprintf("trail %s (%s) is not encrypted with a KMS key (kms_key_id is not set): logs rely on the bucket's default encryption only", [t.data.name, t.data.home_region]),
	"grade": "minor",
	"resource": aws.resource(t),
} if {
	some t in trails
	t.data.kms_key_id == null
}

deny contains {
	"key": "stopped",
	"msg": sprintf("trail %s (%s) is not logging", [t.data.name, t.data.home_region]),
	"grade": "minor",
	"resource": aws.resource(t),
} if {
	some t in trails
	t.data.is_logging == false
}

deny contains {
	"key": "delivery-error",
	"msg": sprintf("trail %s (%s) fails to deliver logs to bucket %s: %s", [t.data.name, t.data.home_region, t.data.s3_bucket, t.data.latest_delivery_error]),
	"grade": "minor",
	"resource": aws.resource(t),
} if {
	some t in trails
	is_string(t.data.latest_delivery_error)
	trim_space(t.data.latest_delivery_error) != ""
}

deny contains {
	"key": "public-bucket",
	"msg": sprintf("trail %s (%s) delivers its logs to bucket %s, whose bucket policy makes it public", [t.data.name, t.data.home_region, b.data.name]),
	"grade": "minor",
	"resource": aws.resource(t),
	"evidence": [aws.resource(b)],
} if {
	some t in trails
	b := buckets_by_name[t.data.s3_bucket]
	aws.public_bucket(b, object.get(blocks, b.data.account_id, null))
}
