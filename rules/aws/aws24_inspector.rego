# METADATA
# title: Inspector v2 scans EC2 and ECR in every collected region
# description: >-
#   Amazon Inspector v2 finds known vulnerabilities in EC2 instances and container images.
#   Each collected region needs its EC2 and its ECR scanning enabled for the account (minor
#   for each that is not ENABLED, whatever the other status: DISABLED, SUSPENDED, or still
#   ENABLING). Lambda scanning is collected but not judged. An EC2 or ECR status Inspector
#   did not report is unread: its error (naming the action) makes the rule skipped or in
#   error for the region. Should a status still be missing or not a string without an
#   error, it is not ENABLED either: the rule reports it rather than pass the region.
# scope: package
# custom:
#   id: AWS-24
#   severity: minor
#   controls: ["A.8.8", "A.8.19", "A.8.9"]
#   kinds: [aws.region]
#   input: document
#   remediation: >-
#     Enable Inspector v2 for EC2 and ECR in every region (`aws inspector2 enable
#     --resource-types EC2 ECR`), preferably from a delegated administrator that
#     auto-enables it for the organization's accounts.
#   permissions:
#     - aws:inspector2:BatchGetAccountStatus
package ismscheck.aws24

r := input.document.data

# Evidence from before the fact (or a null fact, which the document's error decides) is not judged.
applies if is_object(r.inspector2)

scan_types := {"ec2": "EC2 instances", "ecr": "ECR container images"}

deny contains {
	"key": sprintf("%s-not-enabled", [t]),
	"msg": sprintf("region %s of account %s: Inspector v2 scanning of %s is %s, not ENABLED", [r.region, r.account_id, what, status_text(t)]),
	"grade": "minor",
} if {
	some t, what in scan_types
	not enabled(t)
}

# Only the string ENABLED is: a missing or non-string status is nothing the rule can credit.
enabled(t) if r.inspector2[t] == "ENABLED"

status_text(t) := r.inspector2[t] if is_string(r.inspector2[t]) else := "not reported"
