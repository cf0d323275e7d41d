# METADATA
# title: Production databases and load balancers span more than one availability zone
# description: >-
#   A production RDS instance that is not Multi-AZ has no standby when its zone fails, and a
#   load balancer in a single availability zone goes down with it (observation). An instance
#   or balancer is production when its `production_tags` tag holds one of `production_values`;
#   one without such a tag is treated as production (the evidence cannot show it is not). An
#   internet-facing load balancer is judged whatever its tags: it is the way in.
#   The aws.region document is read only for its listings: where the listing of the instances or
#   load balancers failed, the error on that region makes this rule skipped (refused) or in
#   error there, rather than silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-15
#   severity: observation
#   controls: ["A.8.14", "A.5.30"]
#   kinds: [aws.rds.instance, aws.region, aws.elb.load_balancer]
#   input: document
#   remediation: >-
#     Convert the instance to Multi-AZ (`aws rds modify-db-instance --multi-az
#     --apply-immediately`, or in the next maintenance window), or tag non-production instances
#     with their environment so they are not judged as production. Enable a subnet in a second
#     availability zone on the load balancer (`aws elbv2 set-subnets`).
#   permissions:
#     - aws:rds:DescribeDBInstances
#     - aws:elasticloadbalancing:DescribeLoadBalancers
#     - aws:elasticloadbalancing:DescribeTags
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
	input.document.kind == "aws.rds.instance"
	i.multi_az == false
	not non_production
}

deny contains {
	"msg": sprintf("load balancer %s (%s %s, %s, account %s)%s is in %d availability zone: it goes down with that zone", [i.name, i.scheme, i.type, i.region, i.account_id, env_text, i.availability_zones]),
	"grade": "observation",
} if {
	input.document.kind == "aws.elb.load_balancer"
	is_number(i.availability_zones)
	i.availability_zones < 2
	judged_balancer
}

# tags is null when DescribeTags failed: the document's error then skips the rule.
judged_balancer if i.scheme == "internet-facing"

judged_balancer if {
	i.tags != null
	not non_production
}

env_text := sprintf(" tagged %s", [aws.tag(i.tags, env_tags)]) if {
	aws.has_tag(i.tags, env_tags)
} else := ""
