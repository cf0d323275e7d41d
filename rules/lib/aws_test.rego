package lib.aws_test

import data.lib.aws

# 2026-11-21
as_of_ns := 1795219200000000000

test_dates_from_timestamps if {
	aws.date("2026-04-23T10:00:00Z") == "2026-04-23"
	aws.date("2026-04-23") == "2026-04-23"
	not aws.date("N/A")
	not aws.date(null)
	aws.days_since("2026-04-23T23:59:59+02:00") == 212 with time.now_ns as as_of_ns
}

test_names if {
	aws.principal_name("arn:aws:iam::111111111111:user/eng/alice") == "alice"
	aws.principal_name("alice") == "alice"
	aws.account_of_arn("arn:aws:cloudtrail:eu-west-1:111111111111:trail/t") == "111111111111"
	aws.account_label({"data": {"account_id": "1", "alias": "prod"}}) == "1 (prod)"
	aws.account_label({"data": {"account_id": "1", "alias": null}}) == "1"
}

test_tags_are_case_insensitive if {
	aws.tag({"Owner": "alice"}, ["owner"]) == "alice"
	not aws.tag({"owner": ""}, ["owner"])
	not aws.tag(null, ["owner"])
	aws.tag_in({"Env": "PROD"}, ["env"], ["prod"])
}

test_admin_statements if {
	aws.grants_admin({"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]})
	not aws.grants_admin({"Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": ["*"]}]})
	not aws.grants_admin({"Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}]})
	not aws.grants_admin(null)
}

test_ports if {
	aws.covers_port({"protocol": "tcp", "from_port": 20, "to_port": 25}, 22)
	not aws.covers_port({"protocol": "tcp", "from_port": 80, "to_port": 80}, 22)
	aws.covers_port({"protocol": "-1", "from_port": null, "to_port": null}, 22)
	not aws.covers_port({"protocol": "icmp", "from_port": -1, "to_port": -1}, 22)
}

user(name, attached, groups) := {"kind": "aws.iam.user", "id": sprintf("aws:1:user/%s", [name]), "data": {"account_id": "1", "name": name, "attached_policies": attached, "groups": groups}}

policy(arn, doc, users, groups) := {
	"kind": "aws.iam.policy", "id": sprintf("aws:1:%s", [arn]),
	"data": {"account_id": "1", "arn": arn, "type": "customer", "document": doc, "attached_to": {"users": users, "groups": groups, "roles": []}},
}

star := {"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}

test_admin_users if {
	docs := {
		"aws.iam.user": [
			user("managed", ["arn:aws:iam::aws:policy/AdministratorAccess"], []),
			user("grouped", [], ["Admins"]),
			user("inline", [], []),
			user("custom", ["arn:aws:iam::1:policy/Break"], []),
			user("reader", ["arn:aws:iam::aws:policy/ReadOnlyAccess"], ["Devs"]),
		],
		"aws.iam.policy": [
			policy("arn:aws:iam::1:policy/Full", star, [], ["arn:aws:iam::1:group/Admins"]),
			policy(null, star, ["inline"], []),
			policy("arn:aws:iam::1:policy/Break", {"Statement": []}, [], []),
		],
	}
	aws.admin_user_ids(docs, []) == {"aws:1:user/managed", "aws:1:user/grouped", "aws:1:user/inline"}
	aws.admin_user_ids(docs, ["arn:aws:iam::1:policy/Break"]) == {"aws:1:user/managed", "aws:1:user/grouped", "aws:1:user/inline", "aws:1:user/custom"}
}

test_listed if {
	ok := {"data": {"inventory": {"aws.cloudtrail.trail": 0}}}
	aws.listed(ok, "aws.cloudtrail.trail")
	not aws.listed({"data": {"inventory": {"aws.cloudtrail.trail": null}}}, "aws.cloudtrail.trail")
	not aws.listed({"data": {"inventory": {}}}, "aws.cloudtrail.trail")
	not aws.listed({"data": {"inventory": null}}, "aws.cloudtrail.trail")
	aws.listed({"data": {"account_id": "1"}}, "aws.cloudtrail.trail") # evidence from before the inventory
}

test_region_listed if {
	docs := {"aws.region": [
		{"data": {"account_id": "1", "region": "eu-west-1", "inventory": {"aws.backup.plan": 2}}},
		{"data": {"account_id": "1", "region": "us-east-1", "inventory": {"aws.backup.plan": null}}},
	]}
	aws.region_listed(docs, "1", "eu-west-1", "aws.backup.plan")
	not aws.region_listed(docs, "1", "us-east-1", "aws.backup.plan")
	not aws.region_listed(docs, "2", "eu-west-1", "aws.backup.plan")
	not aws.region_listed(docs, "1", "ap-south-1", "aws.backup.plan")
}
