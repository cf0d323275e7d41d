# METADATA
# title: Security groups keep admin and database ports off the internet, default groups are closed, VPCs log flows
# description: >-
#   A security group admitting 0.0.0.0/0 or ::/0 to every port, or to an `admin_ports` or
#   `database_ports` port, is minor (one finding per port group). A VPC's default security group
#   must have no rules (minor), and every VPC needs an active flow log (minor). Network ACLs and
#   whether a group is attached to anything are not in the evidence.
#   The aws.region document is read only for its listing: where the listing of the security groups or VPCs failed,
#   the error on that region makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-16
#   severity: minor
#   controls: ["A.8.20", "A.8.22", "A.8.15"]
#   kinds: [aws.ec2.security_group, aws.ec2.vpc, aws.region]
#   input: document
#   remediation: >-
#     Remove the internet-wide ingress rule; reach instances through SSM Session Manager, a VPN or
#     a bastion with a narrow source range, and keep databases in private subnets reachable only
#     from application security groups. Delete all rules of default security groups (use named
#     groups instead) and create VPC flow logs (`aws ec2 create-flow-logs --resource-type VPC`).
#   permissions:
#     - aws:ec2:DescribeSecurityGroups
#     - aws:ec2:DescribeVpcs
#     - aws:ec2:DescribeFlowLogs
#   params:
#     admin_ports: [21, 22, 23, 3389, 5900, 5985, 5986]
#     database_ports: [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017]
package ismscheck.aws16

import data.lib.aws
import data.lib.isms

d := input.document

admin_ports := isms.param("admin_ports", [21, 22, 23, 3389, 5900, 5985, 5986])

database_ports := isms.param("database_ports", [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017])

sg_label := sprintf("security group %s (%s, %s, %s, account %s)", [d.data.group_id, d.data.name, d.data.vpc_id, d.data.region, d.data.account_id])

open_rules := [r |
	d.kind == "aws.ec2.security_group"
	some r in d.data.ingress
	aws.open_to_internet(r)
]

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.region"

deny contains {
	"key": "all-ports",
	"msg": sprintf("%s admits the internet (%s) to all ports", [sg_label, concat(", ", sources)]),
	"grade": "minor",
} if {
	some r in open_rules
	aws.all_ports(r)
	sources := sort({c | some r2 in open_rules; aws.all_ports(r2); some c in r2.cidrs; c in aws.internet_cidrs})
}

deny contains {
	"key": kind,
	"msg": sprintf("%s admits the internet to %s ports %s", [sg_label, kind, concat(", ", [sprintf("%d", [p]) | some p in ports])]),
	"grade": "minor",
} if {
	some kind, list in {"admin": admin_ports, "database": database_ports}
	not some_all_ports
	ports := sort({p |
		some p in list
		is_number(p)
		some r in open_rules
		aws.covers_port(r, p)
	})
	count(ports) > 0
}

some_all_ports if {
	some r in open_rules
	aws.all_ports(r)
}

deny contains {
	"key": "default-open",
	"msg": sprintf("%s is the VPC's default security group and has %d inbound and %d outbound rules; it should have none", [sg_label, count(d.data.ingress), count(d.data.egress)]),
	"grade": "minor",
} if {
	d.kind == "aws.ec2.security_group"
	d.data.is_default == true
	is_array(d.data.ingress)
	is_array(d.data.egress)
	count(d.data.ingress) + count(d.data.egress) > 0
}

deny contains {
	"key": "flow-logs",
	"msg": sprintf("VPC %s (%s, account %s%s) has no active flow log%s", [d.data.vpc_id, d.data.region, d.data.account_id, default_text, inactive_text]),
	"grade": "minor",
} if {
	d.kind == "aws.ec2.vpc"
	is_array(d.data.flow_logs)
	not some_active_flow_log
}

some_active_flow_log if {
	some fl in d.data.flow_logs
	upper(fl.status) == "ACTIVE"
}

default_text := ", the default VPC" if d.data.is_default == true

else := ""

inactive_text := sprintf(" (%s)", [concat(", ", [sprintf("%s is %s", [fl.id, fl.status]) | some fl in d.data.flow_logs])]) if {
	count(d.data.flow_logs) > 0
} else := ""
