package ismscheck.aws14_test

import data.ismscheck.aws14

rds(name, retention, tags) := {
	"kind": "aws.rds.instance", "id": sprintf("arn:aws:rds:eu-west-1:111111111111:db:%s", [name]), "complete": true,
	"data": {
		"account_id": "111111111111", "region": "eu-west-1", "identifier": name, "engine": "postgres",
		"backup_retention_period": retention, "tags": tags,
	},
}

bucket(name, tags) := {
	"kind": "aws.s3.bucket", "id": sprintf("aws:111111111111:s3:%s", [name]), "complete": true,
	"data": {"account_id": "111111111111", "name": name, "region": "eu-west-1", "tags": tags},
}

daily35 := {"name": "daily", "schedule": "cron(0 5 ? * * *)", "lifecycle": {"delete_after_days": 35, "move_to_cold_storage_after_days": null}, "target_vault": "Default"}

weekly := {"name": "weekly", "schedule": "cron(0 5 ? * SUN *)", "lifecycle": {"delete_after_days": 90, "move_to_cold_storage_after_days": null}, "target_vault": "Default"}

plan(rules, selections) := {
	"kind": "aws.backup.plan", "id": "arn:aws:backup:eu-west-1:111111111111:backup-plan:p1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "name": "standard", "rules": rules, "selections": selections},
}

by_tag := [{"name": "tagged", "resources": [], "conditions": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}]

by_arn := [{"name": "all-rds", "resources": ["arn:aws:rds:*:*:db:*"], "conditions": {}}]

region(account, name, plans) := {
	"kind": "aws.region", "id": sprintf("aws:%s:%s", [account, name]), "complete": plans != null,
	"data": {"account_id": account, "region": name, "inventory": {"aws.backup.plan": plans, "aws.rds.instance": 1}},
}

listed_region := region("111111111111", "eu-west-1", 1)

run(docs, params) := r if {
	r := aws14.deny with input as {
		"documents": object.union({"aws.rds.instance": [], "aws.backup.plan": [], "aws.s3.bucket": [], "aws.region": [listed_region], "aws.account": []}, docs),
		"as_of": "2026-11-21", "params": params,
	}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_automated_backups_long_enough_pass if {
	count(run({"aws.rds.instance": [rds("orders", 7, {})]}, {})) == 0
}

test_rds_without_any_backup_is_major if {
	f := only(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([daily35], by_tag)]}, {}))
	f.grade == "major"
	f.key == "no-backup"
	f.resource == {"kind": "aws.rds.instance", "id": "arn:aws:rds:eu-west-1:111111111111:db:orders"}
	f.msg == "RDS instance orders (postgres, eu-west-1, account 111111111111) has no backup: automated backups are off (retention 0 days) and no AWS Backup plan selects it"
}

test_plan_selecting_by_tag_or_wildcard_covers if {
	count(run({"aws.rds.instance": [rds("orders", 0, {"backup": "daily"})], "aws.backup.plan": [plan([daily35], by_tag)]}, {})) == 0
	count(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([daily35], by_arn)]}, {})) == 0
}

test_plan_in_another_region_does_not_cover if {
	p := json.patch(plan([daily35], by_arn), [{"op": "replace", "path": "/data/region", "value": "us-east-1"}])
	f := only(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [p]}, {}))
	f.key == "no-backup"
}

test_conditions_narrow_a_selection if {
	sel := [{"name": "prod", "resources": ["*"], "conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}]}}]
	count(run({"aws.rds.instance": [rds("orders", 0, {"env": "prod"})], "aws.backup.plan": [plan([daily35], sel)]}, {})) == 0
	f := only(run({"aws.rds.instance": [rds("orders", 0, {"env": "dev"})], "aws.backup.plan": [plan([daily35], sel)]}, {}))
	f.key == "no-backup"
}

test_short_retention_is_minor if {
	f := only(run({"aws.rds.instance": [rds("orders", 1, {})]}, {}))
	f.grade == "minor"
	f.key == "inadequate"
	f.msg == "RDS instance orders (postgres, eu-west-1, account 111111111111): automated backups kept 1 day; the backup policy requires daily backups kept at least 7 days (min_backup_retention_days)"
	count(run({"aws.rds.instance": [rds("orders", 1, {})]}, {"min_backup_retention_days": 1})) == 0
}

test_weekly_plan_is_minor_when_daily_is_required if {
	f := only(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([weekly], by_arn)]}, {}))
	f.grade == "minor"
	f.msg == "RDS instance orders (postgres, eu-west-1, account 111111111111): automated backups are off; plan standard (weekly: cron(0 5 ? * SUN *), kept 90 days); the backup policy requires daily backups kept at least 7 days (min_backup_retention_days)"
	count(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([weekly], by_arn)]}, {"require_daily_backups": false})) == 0
}

test_rate_schedules if {
	hourly := object.union(daily35, {"schedule": "rate(12 hours)"})
	count(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([hourly], by_arn)]}, {})) == 0
	two_days := object.union(daily35, {"schedule": "rate(2 days)"})
	count(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([two_days], by_arn)]}, {})) == 1
}

test_unreadable_selections_are_not_judged if {
	count(run({"aws.rds.instance": [rds("orders", 0, {})], "aws.backup.plan": [plan([daily35], null)]}, {})) == 0
}

test_opted_out_rds_is_not_in_scope if {
	count(run({"aws.rds.instance": [rds("scratch", 0, {"backup": "no"})]}, {})) == 0
}

test_tagged_bucket_needs_a_plan if {
	f := only(run({"aws.s3.bucket": [bucket("records", {"backup": "daily"}), bucket("tmp", {})]}, {}))
	f.grade == "major"
	f.resource.id == "aws:111111111111:s3:records"
	f.msg == "bucket records (eu-west-1, account 111111111111) is tagged for backup (backup) but no AWS Backup plan selects it"
	count(run({"aws.s3.bucket": [bucket("records", {"backup": "daily"})], "aws.backup.plan": [plan([daily35], by_tag)]}, {})) == 0
}

test_tagged_bucket_with_short_plan_is_minor if {
	short := object.union(daily35, {"lifecycle": {"delete_after_days": 3}})
	f := only(run({"aws.s3.bucket": [bucket("records", {"backup": "daily"})], "aws.backup.plan": [plan([short], by_tag)]}, {}))
	f.grade == "minor"
	f.key == "inadequate"
}

# The collector's shape: {"Conditions": {...SDK struct, unused lists null}, "ListOfTags": [...] | null}.
test_collector_selection_shape if {
	sel := [{
		"name": "prod", "resources": ["arn:aws:rds:eu-west-1:111111111111:db:*"], "not_resources": ["arn:aws:rds:eu-west-1:111111111111:db:scratch"],
		"conditions": {
			"Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}], "StringLike": null, "StringNotEquals": null, "StringNotLike": null},
			"ListOfTags": null,
		},
	}]
	p := plan([daily35], sel)
	count(run({"aws.rds.instance": [rds("orders", 0, {"env": "prod"})], "aws.backup.plan": [p]}, {})) == 0
	f := only(run({"aws.rds.instance": [rds("scratch", 0, {"env": "prod"})], "aws.backup.plan": [p]}, {}))
	f.key == "no-backup"
	by_tags := [{"name": "t", "resources": [], "not_resources": [], "conditions": {"Conditions": null, "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}}]
	count(run({"aws.rds.instance": [rds("orders", 0, {"backup": "daily"})], "aws.backup.plan": [plan([daily35], by_tags)]}, {})) == 0
}

# ListBackupPlans failed in the region (inventory null), or the region was not collected:
# "no plan selects it" cannot be told, so neither the instance nor a tagged bucket fails.
test_unlisted_plans_are_not_judged if {
	unlisted := {"aws.region": [region("111111111111", "eu-west-1", null)]}
	count(run(object.union(unlisted, {"aws.rds.instance": [rds("orders", 0, {})]}), {})) == 0
	count(run(object.union(unlisted, {"aws.s3.bucket": [bucket("media", {"backup": "daily"})]}), {})) == 0
	count(run({"aws.region": [], "aws.rds.instance": [rds("orders", 0, {})]}, {})) == 0
	count(run({"aws.region": [region("111111111111", "us-east-1", 0)], "aws.rds.instance": [rds("orders", 0, {})]}, {})) == 0
	f := only(run({"aws.region": [region("111111111111", "eu-west-1", 0)], "aws.rds.instance": [rds("orders", 0, {})]}, {}))
	f.key == "no-backup"
}

# A plan in another account does not back up this account's resources, even by tag.
test_plan_of_another_account_does_not_cover if {
	p := json.patch(plan([daily35], by_tag), [{"op": "replace", "path": "/data/account_id", "value": "222222222222"}])
	f := only(run({"aws.rds.instance": [rds("orders", 0, {"backup": "daily"})], "aws.backup.plan": [p]}, {}))
	f.key == "no-backup"
}
