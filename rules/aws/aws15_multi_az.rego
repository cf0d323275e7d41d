# METADATA
# title: Production databases span more than one availability zone
# description: >-
#   A production RDS instance that is not Multi-AZ has no standby when its zone fails
#   (observation). An instance is production when its `production_tags` tag holds one of
#   `production_values`; an instance without such a tag is treated as production (the evidence
#   cannot show it is not). Load balancers are not in the evidence yet and are not checked.
#   The aws.region document is read only for its listing: where the listing of the instances failed,
#   the error on that region makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-15
#   severity: observation
#   controls: ["A.8.14", "A.5.30"]
#   kinds: [aws.rds.instance, aws.region]
#   input: document
#   remediation: >-
#     Convert the instance to Multi-AZ (`aws rds modify-db-instance --multi-az
#     --apply-immediately`, or in the next maintenance window), or tag non-production instances
#     with their environment so they are not judged as production.
#   permissions: [aws:rds:DescribeDBInstances]
#   params:
#     production_tags: ["environment", "env", "stage"]
#     production_values: ["prod", "production", "prd", "live"]
package ismscheck.aws15

import data.lib.aws
import data.lib.isms

i := input.document.data

env_tags := isms.param("production_tags", ["environment", "env", "stage"])

prod_values := isms.param("production_values", ["prod", "production", "prd", "live"])

non_production if {
	aws.has_tag(i.tags, env_tags)
	not aws.tag_in(i.tags, env_tags, prod_values)
}

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.region"

deny contains {
	"msg": sprintf("RDS instance %s (%s, %s, account %s)%s is not Multi-AZ: it has no standby in another availability zone", [i.identifier, i.engine, i.region, i.account_id, env_text]),
	"grade": "observation",
} if {
	i.multi_az == false
	not non_production
}

env_text := sprintf(" tagged %s", [aws.tag(i.tags, env_tags)]) if {
	aws.has_tag(i.tags, env_tags)
} else := ""
