# METADATA
# title: Running instances are patch-compliant
# description: >-
#   A running EC2 instance whose Systems Manager Patch compliance is NON_COMPLIANT is missing
#   patches its baseline approves (minor). Stopped and terminated instances are not judged; an
#   instance never scanned for patches (`patch_status` UNKNOWN, including instances SSM does
#   not manage, which AWS-17 reports) gives no finding. Split from AWS-17 so that each rule
#   declares only what it reads.
#   The aws.region document is read only for its listing: where the listing of the instances
#   failed, the error on that region makes this rule skipped (refused) or in error there.
# scope: package
# custom:
#   id: AWS-21
#   severity: minor
#   controls: ["A.8.8", "A.8.19"]
#   kinds: [aws.ec2.instance, aws.region]
#   input: document
#   remediation: >-
#     Patch the instance with a Patch Manager patch policy (`aws ssm list-compliance-items
#     --resource-ids <id> --resource-types ManagedInstance --filters
#     Key=ComplianceType,Values=Patch` shows what is missing).
#   permissions:
#     - aws:ec2:DescribeInstances
#     - aws:ssm:ListResourceComplianceSummaries
package ismscheck.aws21

i := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind == "aws.ec2.instance"

deny contains {
	"key": "patches",
	"msg": sprintf("running instance %s%s (%s, account %s) is NON_COMPLIANT with its patch baseline", [i.instance_id, name_text, i.region, i.account_id]),
	"grade": "minor",
} if {
	i.state == "running"
	i.patch_status == "NON_COMPLIANT"
}

name_text := sprintf(" (%s)", [i.tags.Name]) if {
	is_string(i.tags.Name)
	i.tags.Name != ""
} else := ""
