# METADATA
# title: S3 Block Public Access is on and no bucket is public unless approved
# description: >-
#   The account-level S3 Block Public Access should be configured with all four settings on
#   (minor per account). A bucket whose bucket policy is public, and not restricted by the
#   bucket's or the account's RestrictPublicBuckets, is minor; major when its classification
#   tag (`classification_tags`) holds one of `classified_values`. Buckets tagged as approved
#   public (`public_bucket_tag` = true/yes) are exempt, unless they are also tagged classified.
#   Public access through bucket or object ACLs is not in the evidence and is not checked.
# scope: package
# custom:
#   id: AWS-10
#   severity: minor
#   controls: ["A.8.3", "A.8.12", "A.5.10"]
#   kinds: [aws.s3.bucket, aws.account]
#   input: inventory
#   subject: aws.s3.bucket
#   remediation: >-
#     Turn on all four S3 Block Public Access settings for the account (`aws s3control
#     put-public-access-block --account-id ID --public-access-block-configuration
#     BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`).
#     Remove public grants from bucket policies; serve public content through CloudFront with an
#     origin access control. A bucket that must stay public needs an approval recorded and the
#     tag named by `public_bucket_tag`, and must not hold classified data.
#   permissions:
#     - aws:s3:ListAllMyBuckets
#     - aws:s3:GetAccountPublicAccessBlock
#     - aws:s3:GetBucketPublicAccessBlock
#     - aws:s3:GetBucketPolicyStatus
#     - aws:s3:GetBucketTagging
#   params:
#     classification_tags: ["classification", "data-classification", "data_classification"]
#     classified_values: ["confidential", "restricted", "internal", "secret", "sensitive", "personal"]
#     public_bucket_tag: "approved-public"
package ismscheck.aws10

import data.lib.aws
import data.lib.isms

class_tags := isms.param("classification_tags", ["classification", "data-classification", "data_classification"])

classified := isms.param("classified_values", ["confidential", "restricted", "internal", "secret", "sensitive", "personal"])

public_tag := isms.param("public_bucket_tag", "approved-public")

blocks := aws.account_blocks(input.documents)

block_settings := ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"]

deny contains {
	"key": "account-block",
	"msg": sprintf("account %s has no account-level S3 Block Public Access configured", [aws.account_label(a)]),
	"grade": "minor",
	"resource": aws.resource(a),
} if {
	some a in input.documents["aws.account"]
	a.data.s3_public_access_block.configured == false
}

deny contains {
	"key": "account-block",
	"msg": sprintf("account %s: account-level S3 Block Public Access has %s off", [aws.account_label(a), concat(", ", off)]),
	"grade": "minor",
	"resource": aws.resource(a),
} if {
	some a in input.documents["aws.account"]
	pab := a.data.s3_public_access_block
	pab.configured == true
	off := [s | some s in block_settings; pab[s] == false]
	count(off) > 0
}

approved_public(b) if isms.is_yes(aws.tag(b.data.tags, [public_tag]))

classification(b) := v if {
	aws.tag_in(b.data.tags, class_tags, classified)
	v := aws.tag(b.data.tags, class_tags)
}

public_buckets contains b if {
	some b in input.documents["aws.s3.bucket"]
	aws.public_bucket(b, object.get(blocks, b.data.account_id, null))
}

deny contains {
	"key": "public",
	"msg": sprintf(
		"bucket %s (account %s) is public through its bucket policy and tagged classification %s%s",
		[b.data.name, b.data.account_id, classification(b), approved_text(b)],
	),
	"grade": "major",
	"resource": aws.resource(b),
} if {
	some b in public_buckets
	classification(b)
}

approved_text(b) := sprintf(" (its %s tag cannot approve publishing classified data)", [public_tag]) if {
	approved_public(b)
} else := ""

deny contains {
	"key": "public",
	"msg": sprintf(
		"bucket %s (account %s) is public through its bucket policy and is not tagged as an approved public bucket (%s)",
		[b.data.name, b.data.account_id, public_tag],
	),
	"grade": "minor",
	"resource": aws.resource(b),
} if {
	some b in public_buckets
	not classification(b)
	not approved_public(b)
}
