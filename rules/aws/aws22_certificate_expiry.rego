# METADATA
# title: Certificates in use are not near expiry
# description: >-
#   An ACM certificate that a load balancer, CloudFront distribution or API still uses stops
#   protecting data in transit when it expires: expired is minor, expiring within
#   `certificate_expiry_days` an observation (ACM renews eligible certificates 60 days ahead,
#   so one this close to its end is not renewing). Certificates not in use and not yet issued
#   (no `not_after`) are not judged. Split from AWS-12 so that each rule declares only what it
#   reads.
#   The aws.region document is read only for its listing: where the listing of the
#   certificates failed, the error on that region makes this rule skipped (refused) or in error
#   there.
# scope: package
# custom:
#   id: AWS-22
#   severity: minor
#   controls: ["A.8.24", "A.5.14", "A.8.21"]
#   kinds: [aws.acm.certificate, aws.region]
#   input: document
#   remediation: >-
#     Renew or replace the certificate and attach the new one where the old one is used: for an
#     ACM-issued certificate complete the domain validation its renewal waits for (`aws acm
#     describe-certificate --certificate-arn ARN` shows RenewalSummary); re-import an imported one.
#   permissions:
#     - aws:acm:ListCertificates
#     - aws:acm:DescribeCertificate
#   params:
#     certificate_expiry_days: 30
package ismscheck.aws22

import data.lib.aws
import data.lib.isms

threshold := isms.number_param("certificate_expiry_days", 30)

c := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind == "aws.acm.certificate"

# Days from as_of to the expiry day: negative once it has passed.
days_left := 0 - aws.days_since(c.not_after)

deny contains {
	"key": "expired",
	"msg": sprintf("certificate for %s (%s, account %s) expired on %s and is still in use", [c.domain, c.region, c.account_id, aws.date(c.not_after)]),
	"grade": "minor",
} if {
	c.in_use == true
	days_left < 0
}

deny contains {
	"key": "expiring",
	"msg": sprintf("certificate for %s (%s, account %s) is in use and expires on %s, in %d days (certificate_expiry_days %d)", [c.domain, c.region, c.account_id, aws.date(c.not_after), days_left, threshold]),
	"grade": "observation",
} if {
	c.in_use == true
	days_left >= 0
	days_left <= threshold
}
