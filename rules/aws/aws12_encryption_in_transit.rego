# METADATA
# title: S3 buckets refuse requests that are not over TLS
# description: >-
#   Every bucket policy should deny requests with aws:SecureTransport false (minor per bucket).
#   The rest of AWS-12 (load balancer listeners and TLS policies, ACM certificate expiry) is not
#   in the evidence yet and is not checked.
#   The aws.account document is read only for its listing: where the listing of the buckets failed,
#   the error on that account makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-12
#   severity: minor
#   controls: ["A.8.24", "A.5.14", "A.8.21"]
#   kinds: [aws.s3.bucket, aws.account]
#   input: document
#   remediation: >-
#     Add to the bucket policy a statement denying `s3:*` on the bucket and its objects to every
#     principal when `aws:SecureTransport` is `false` (optionally also `s3:TlsVersion` below 1.2).
#   permissions: [aws:s3:ListAllMyBuckets, aws:s3:GetBucketPolicy]
package ismscheck.aws12

b := input.document.data

# The account document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.account"

deny contains {
	"msg": sprintf("bucket %s (account %s) accepts requests without TLS: its policy does not deny aws:SecureTransport false", [b.name, b.account_id]),
	"grade": "minor",
} if {
	b.denies_insecure_transport == false
}
