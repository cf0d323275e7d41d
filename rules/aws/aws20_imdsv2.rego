# METADATA
# title: Running instances require IMDSv2
# description: >-
#   A running EC2 instance whose metadata service still answers IMDSv1 (`http_tokens`
#   optional) hands its role credentials to any request a server-side request forgery can make
#   (observation). An instance with the metadata endpoint disabled passes. Split from AWS-18 so
#   that each rule declares only what it reads: a refused ec2:DescribeInstances skips this rule,
#   not the organization check.
#   The aws.region document is read only for its listing: where the listing of the instances
#   failed, the error on that region makes this rule skipped (refused) or in error there.
# scope: package
# custom:
#   id: AWS-20
#   severity: observation
#   controls: ["A.8.9"]
#   kinds: [aws.ec2.instance, aws.region]
#   input: document
#   remediation: >-
#     Require session tokens on the instance (`aws ec2 modify-instance-metadata-options
#     --instance-id <id> --http-tokens required`), and make IMDSv2 the account default for new
#     instances (`aws ec2 modify-instance-metadata-defaults --http-tokens required`).
#   permissions:
#     - aws:ec2:DescribeInstances
package ismscheck.aws20

i := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind == "aws.ec2.instance"

deny contains {
	"msg": sprintf("running instance %s (%s, account %s) accepts IMDSv1: its metadata options do not require session tokens", [i.instance_id, i.region, i.account_id]),
	"grade": "observation",
} if {
	i.state == "running"
	i.http_endpoint != "disabled"
	i.http_tokens == "optional"
}
