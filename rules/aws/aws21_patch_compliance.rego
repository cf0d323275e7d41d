# METADATA
# title: Running instances are patch-compliant
# description: >-
#   A running EC2 instance whose Systems Manager Patch compliance is NON_COMPLIANT is missing
#   patches its baseline approves (minor). A running instance SSM manages but with no patch
#   compliance recorded (`patch_status` UNKNOWN: never scanned, or any status other than
#   COMPLIANT and NON_COMPLIANT, or none at all) is an observation: nothing shows it patched.
#   Instances SSM does not manage are AWS-17's and give no finding here; stopped and
#   terminated instances are not judged. Unread facts (null, with the error naming
#   ssm:ListResourceComplianceSummaries or ssm:DescribeInstanceInformation) make the engine
#   skip or error the rule for the instance, which is why both are declared. Split from
#   AWS-17 so that a refused patch listing does not spoil that check.
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
#     - aws:ssm:DescribeInstanceInformation
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

deny contains {
	"key": "no-patch-scan",
	"msg": sprintf("running instance %s%s (%s, account %s) is managed by Systems Manager but has no patch compliance recorded (%s)", [i.instance_id, name_text, i.region, i.account_id, status_text]),
	"grade": "observation",
} if {
	i.state == "running"
	i.ssm_managed == true
	not_recorded
}

# Recorded means COMPLIANT or NON_COMPLIANT. A null status is unread, not unrecorded: the
# document's error decides it before this rule runs.
not_recorded if {
	is_string(i.patch_status)
	not i.patch_status in {"COMPLIANT", "NON_COMPLIANT"}
}

not_recorded if not "patch_status" in object.keys(i)

status_text := sprintf("status %s", [i.patch_status]) if {
	is_string(i.patch_status)
	i.patch_status != ""
} else := "no status"

name_text := sprintf(" (%s)", [i.tags.Name]) if {
	is_string(i.tags.Name)
	i.tags.Name != ""
} else := ""
