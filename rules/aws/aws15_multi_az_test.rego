package ismscheck.aws15_test

import data.ismscheck.aws15

rds(multi_az, tags) := {
	"kind": "aws.rds.instance", "id": "arn:aws:rds:eu-west-1:111111111111:db:orders", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "identifier": "orders", "engine": "mysql", "multi_az": multi_az, "tags": tags},
}

run(d, params) := r if {
	r := aws15.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

test_multi_az_passes if {
	count(run(rds(true, {"env": "prod"}), {})) == 0
}

test_single_az_production_is_observation if {
	r := run(rds(false, {"Environment": "Production"}), {})
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "RDS instance orders (mysql, eu-west-1, account 111111111111) tagged Production is not Multi-AZ: it has no standby in another availability zone"
}

test_untagged_counts_as_production if {
	count(run(rds(false, {}), {})) == 1
	count(run(rds(false, null), {})) == 1
}

test_non_production_is_not_judged if {
	count(run(rds(false, {"env": "staging"}), {})) == 0
	count(run(rds(false, {"tier": "gold"}), {"production_tags": ["tier"], "production_values": ["gold"]})) == 1
}

# The aws.region document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_region_document_is_not_judged if {
	not aws15.applies with input as {"document": {"kind": "aws.region", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws15.applies with input as {"document": {"kind": "aws.rds.instance", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}

lb(scheme, zones, tags) := {
	"kind": "aws.elb.load_balancer", "id": "aws:111111111111:eu-west-1:elb/edge", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "name": "edge", "scheme": scheme, "type": "network", "availability_zones": zones, "tags": tags},
}

test_balancer_in_two_zones_passes if {
	count(run(lb("internet-facing", 2, {}), {})) == 0
	count(run(lb("internal", 3, {}), {})) == 0
}

test_internet_facing_balancer_in_one_zone_is_observation_whatever_its_tags if {
	r := run(lb("internet-facing", 1, {"env": "dev"}), {})
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "load balancer edge (internet-facing network, eu-west-1, account 111111111111) tagged dev is in 1 availability zone: it goes down with that zone"
}

test_internal_balancer_judged_unless_tagged_non_production if {
	count(run(lb("internal", 1, {}), {})) == 1
	count(run(lb("internal", 1, {"environment": "prod"}), {})) == 1
	count(run(lb("internal", 1, {"environment": "staging"}), {})) == 0
}

# Unread tags (null, with the DescribeTags error the engine acts on) decide nothing for an
# internal balancer; an internet-facing one needs no tags.
test_unread_tags_decide_nothing_for_internal_balancers if {
	count(run(lb("internal", 1, null), {})) == 0
	count(run(lb("internet-facing", 1, null), {})) == 1
}
