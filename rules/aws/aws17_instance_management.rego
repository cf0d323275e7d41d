# METADATA
# title: Running instances are managed by Systems Manager
# description: >-
#   A running EC2 instance that Systems Manager does not manage cannot be inventoried,
#   configured or patched centrally (minor). Stopped and terminated instances are not judged.
#   Patch compliance is AWS-21, split off so that a refused
#   ssm:ListResourceComplianceSummaries does not skip this check; Inspector v2 is AWS-24
#   and ECR scan-on-push AWS-25.
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
#     Management Configuration) so the SSM agent registers the instance.
#   permissions:
#     - aws:ec2:DescribeInstances
#     - aws:ssm:DescribeInstanceInformation
package ismscheck.aws17

i := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind == "aws.ec2.instance"

deny contains {
	"key": "not-managed",
	"msg": sprintf("running instance %s%s (%s, account %s) is not managed by Systems Manager: it is neither inventoried nor patched centrally", [i.instance_id, name_text, i.region, i.account_id]),
	"grade": "minor",
} if {
	i.state == "running"
	i.ssm_managed == false
}

name_text := sprintf(" (%s)", [i.tags.Name]) if {
	is_string(i.tags.Name)
	i.tags.Name != ""
} else := ""
