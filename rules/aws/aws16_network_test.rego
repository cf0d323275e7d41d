package ismscheck.aws16_test

import data.ismscheck.aws16

rule(protocol, from, to, cidrs) := {"protocol": protocol, "from_port": from, "to_port": to, "cidrs": cidrs, "source_groups": []}

sg(ingress, is_default) := {
	"kind": "aws.ec2.security_group", "id": "aws:111111111111:eu-west-1:sg-1", "complete": true,
	"data": {
		"account_id": "111111111111", "region": "eu-west-1", "group_id": "sg-1", "name": "web", "vpc_id": "vpc-1",
		"is_default": is_default, "ingress": ingress, "egress": [],
	},
}

vpc(flow_logs) := {
	"kind": "aws.ec2.vpc", "id": "aws:111111111111:eu-west-1:vpc-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "vpc_id": "vpc-1", "is_default": false, "flow_logs": flow_logs},
}

run(d, params) := r if {
	r := aws16.deny with input as {"document": d, "as_of": "2026-11-21", "params": params}
}

findings(d) := {f.key: f.msg | some f in run(d, {})}

test_web_ports_and_private_admin_pass if {
	count(run(sg([rule("tcp", 443, 443, ["0.0.0.0/0", "::/0"]), rule("tcp", 22, 22, ["10.0.0.0/8"])], false), {})) == 0
}

test_ssh_and_rdp_from_internet_are_one_minor_finding if {
	r := run(sg([rule("tcp", 22, 22, ["0.0.0.0/0"]), rule("tcp", 3380, 3390, ["::/0"])], false), {})
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.key == "admin"
	f.msg == "security group sg-1 (web, vpc-1, eu-west-1, account 111111111111) admits the internet to admin ports 22, 3389"
}

test_database_port_from_internet_is_minor if {
	findings(sg([rule("tcp", 5432, 5432, ["0.0.0.0/0"])], false)) == {"database": "security group sg-1 (web, vpc-1, eu-west-1, account 111111111111) admits the internet to database ports 5432"}
}

test_all_ports_is_one_finding if {
	findings(sg([rule("-1", null, null, ["0.0.0.0/0"])], false)) == {"all-ports": "security group sg-1 (web, vpc-1, eu-west-1, account 111111111111) admits the internet (0.0.0.0/0) to all ports"}
	count(run(sg([rule("tcp", 0, 65535, ["::/0"])], false), {})) == 1
}

test_ports_are_params if {
	count(run(sg([rule("tcp", 22, 22, ["0.0.0.0/0"])], false), {"admin_ports": [3389]})) == 0
	count(run(sg([rule("tcp", 8080, 8080, ["0.0.0.0/0"])], false), {"admin_ports": [8080]})) == 1
}

test_default_group_with_rules_is_minor if {
	findings(sg([rule("-1", null, null, [])], true)) == {"default-open": "security group sg-1 (web, vpc-1, eu-west-1, account 111111111111) is the VPC's default security group and has 1 inbound and 0 outbound rules; it should have none"}
	count(run(sg([], true), {})) == 0
}

test_vpc_flow_logs if {
	count(run(vpc([{"id": "fl-1", "status": "ACTIVE", "traffic_type": "ALL", "destination_type": "s3"}]), {})) == 0
	count(run(vpc(null), {})) == 0
	findings(vpc([])) == {"flow-logs": "VPC vpc-1 (eu-west-1, account 111111111111) has no active flow log"}
}

# The aws.region document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_region_document_is_not_judged if {
	not aws16.applies with input as {"document": {"kind": "aws.region", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws16.applies with input as {"document": {"kind": "aws.ec2.security_group", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}
