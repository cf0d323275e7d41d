package ismscheck.aws08_test

import data.ismscheck.aws08

statement(actions, resources) := {"Effect": "Allow", "Action": actions, "Resource": resources}

policy(type, statements) := {
	"kind": "aws.iam.policy", "id": "aws:111111111111:arn:aws:iam::111111111111:policy/ops", "complete": true,
	"data": {
		"account_id": "111111111111", "arn": "arn:aws:iam::111111111111:policy/ops", "name": "ops", "type": type,
		"attached_to": {"users": [], "groups": ["Ops"], "roles": ["deploy"]},
		"document": {"Version": "2012-10-17", "Statement": statements},
	},
}

user(attached, inline) := {
	"kind": "aws.iam.user", "id": "aws:111111111111:user/alice", "complete": true,
	"data": {"account_id": "111111111111", "name": "alice", "groups": ["Ops"], "attached_policies": attached, "inline_policies": inline},
}

run(d) := r if {
	r := aws08.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_scoped_policy_passes if {
	count(run(policy("customer", [statement(["s3:GetObject"], ["*"]), statement(["*"], ["arn:aws:s3:::logs/*"])]))) == 0
}

test_admin_customer_policy_is_minor if {
	r := run(policy("customer", [statement(["s3:GetObject"], ["*"]), statement(["*:*"], ["*"])]))
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "customer policy ops (account 111111111111) allows every action on every resource; attached to groups Ops, roles deploy"
}

test_admin_inline_policy_is_minor if {
	count(run(policy("inline", [statement(["*"], ["*"])]))) == 1
}

test_deny_statements_and_aws_managed_policies_are_not_flagged if {
	count(run(policy("customer", [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}]))) == 0
	count(run(policy("aws", [statement(["*"], ["*"])]))) == 0
	count(run(json.patch(policy("aws", []), [{"op": "replace", "path": "/data/document", "value": null}]))) == 0
}

test_user_in_groups_only_passes if {
	count(run(user([], []))) == 0
}

test_user_with_direct_policies_is_minor if {
	r := run(user(["arn:aws:iam::aws:policy/ReadOnlyAccess"], ["s3-temp"]))
	count(r) == 1
	some f in r
	f.key == "direct-policies"
	f.msg == "IAM user alice (account 111111111111) has policies attached directly instead of through a group or role: ReadOnlyAccess, s3-temp (inline)"
}
