# METADATA
# title: Running instances are managed by Systems Manager and patch-compliant
# description: >-
#   A running EC2 instance that Systems Manager does not manage cannot be inventoried or patched
#   centrally, and one whose Patch compliance is NON_COMPLIANT is missing approved patches
#   (minor each). Stopped and terminated instances are not judged; an instance never scanned
#   for patches (`patch_status` UNKNOWN) is judged only on whether it is managed. Inspector v2
#   and ECR scan-on-push are not in the evidence yet and are not checked.
#   The aws.region document is read only for its listing: where the listing of the instances
#   failed, the error on that region makes this rule skipped (refused) or in error there.
# scope: package
# custom:
#   id: AWS-17
#   severity: minor
#   controls: ["A.8.8", "A.8.19", "A.8.9"]
#   kinds: [aws.ec2.instance, aws.region]
#   input: document
#   remediation: >-
#     Attach an instance profile with AmazonSSMManagedInstanceCore (or enable Default Host
#     Management Configuration) so the SSM agent registers the instance, and patch it with a
#     Patch Manager patch policy (`aws ssm list-compliance-items --resource-ids <id>
#     --resource-types ManagedInstance --filters Key=ComplianceType,Values=Patch` shows what is missing).
#   permissions:
#     - aws:ec2:DescribeInstances
#     - aws:ssm:DescribeInstanceInformation
#     - aws:ssm:ListResourceComplianceSummaries
package ismscheck.aws17

i := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind == "aws.ec2.instance"

running if i.state == "running"

deny contains {
	"key": "not-managed",
	"msg": sprintf("running instance %s%s (%s, account %s) is not managed by Systems Manager: it is neither inventoried nor patched centrally", [i.instance_id, name_text, i.region, i.account_id]),
	"grade": "minor",
} if {
	running
	i.ssm_managed == false
}

deny contains {
	"key": "patches",
	"msg": sprintf("running instance %s%s (%s, account %s) is NON_COMPLIANT with its patch baseline", [i.instance_id, name_text, i.region, i.account_id]),
	"grade": "minor",
} if {
	running
	i.patch_status == "NON_COMPLIANT"
}

name_text := sprintf(" (%s)", [i.tags.Name]) if {
	is_string(i.tags.Name)
	i.tags.Name != ""
} else := ""
