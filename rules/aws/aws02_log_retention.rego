# METADATA
# title: CloudWatch log groups keep logs as long as the logging policy requires
# description: >-
#   A log group that expires events sooner than `log_retention_days` (the logging policy's
#   retention, default 365) loses the records investigations and audits need. A log group set to
#   never expire passes. Only CloudWatch Logs is checked: the lifecycle rules of the S3 buckets
#   CloudTrail delivers to are not in the evidence.
#   The aws.region document is read only for its listing: where the listing of the log groups failed,
#   the error on that region makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-02
#   severity: minor
#   controls: ["A.8.15", "A.5.33"]
#   kinds: [aws.logs.log_group, aws.region]
#   input: document
#   remediation: >-
#     Set the log group's retention to at least the period your logging policy states
#     (`aws logs put-retention-policy --log-group-name NAME --retention-in-days 365`), or export
#     the logs to an archive that keeps them that long; if the policy period is different, state
#     it as `log_retention_days` in the logging policy's `parameters:`.
#   permissions: [aws:logs:DescribeLogGroups]
#   params:
#     log_retention_days: 365
package ismscheck.aws02

import data.lib.isms

required := isms.number_param("log_retention_days", 365)

g := input.document.data

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.region"

deny contains {
	"msg": sprintf(
		"log group %s (%s) keeps events for %d days; the logging policy requires %d (log_retention_days)",
		[g.name, g.region, g.retention_in_days, required],
	),
	"grade": "minor",
} if {
	is_number(g.retention_in_days)
	g.retention_in_days < required
}
