# METADATA
# title: Stored data is encrypted at rest
# description: >-
#   EBS encryption by default must be on in every collected region, every S3 bucket must have
#   default encryption, and every RDS instance encrypted storage (minor per region, bucket or
#   instance). Existing unencrypted EBS volumes and snapshots are not in the evidence.
#   The aws.account document is read only for its listing: where the listing of the buckets failed,
#   the error on that account makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-11
#   severity: minor
#   controls: ["A.8.24"]
#   kinds: [aws.region, aws.s3.bucket, aws.rds.instance, aws.account]
#   input: document
#   remediation: >-
#     Turn on EBS encryption by default in each region (`aws ec2 enable-ebs-encryption-by-default`),
#     set default encryption on each bucket (`aws s3api put-bucket-encryption`, SSE-KMS for
#     classified data), and for an unencrypted RDS instance restore an encrypted copy of a
#     snapshot and switch over (encryption cannot be turned on in place).
#   permissions:
#     - aws:ec2:GetEbsEncryptionByDefault
#     - aws:s3:ListAllMyBuckets
#     - aws:s3:GetEncryptionConfiguration
#     - aws:rds:DescribeDBInstances
package ismscheck.aws11

d := input.document

# The account document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.account"

deny contains {
	"key": "ebs-default",
	"msg": sprintf("region %s of account %s: EBS encryption by default is off, so new volumes can be created unencrypted", [d.data.region, d.data.account_id]),
	"grade": "minor",
} if {
	d.kind == "aws.region"
	d.data.ebs_default_encryption == false
}

deny contains {
	"key": "s3-default",
	"msg": sprintf("bucket %s (account %s) has no default encryption", [d.data.name, d.data.account_id]),
	"grade": "minor",
} if {
	d.kind == "aws.s3.bucket"
	d.data.encryption.configured == false
}

deny contains {
	"key": "rds-storage",
	"msg": sprintf("RDS instance %s (%s, %s, account %s) does not encrypt its storage", [d.data.identifier, d.data.engine, d.data.region, d.data.account_id]),
	"grade": "minor",
} if {
	d.kind == "aws.rds.instance"
	d.data.storage_encrypted == false
}
