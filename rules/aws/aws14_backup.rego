# METADATA
# title: In-scope data stores are backed up often enough and kept long enough
# description: >-
#   Every RDS instance (unless tagged out with a `backup_scope_tags` tag of no/false) and every
#   S3 bucket tagged into scope with a `backup_scope_tags` tag needs a backup: RDS automated
#   backups, or an AWS Backup plan in its region whose selection names it (ARN, wildcard, or tag
#   condition). No backup at all is major. A backup kept fewer than `min_backup_retention_days`
#   days, or (with `require_daily_backups`) taken less often than daily, is minor. EBS, EFS and
#   DynamoDB are not in the evidence yet and are not checked; vault encryption is not judged
#   (AWS Backup vaults are always encrypted). A plan covers resources of its own account and
#   region only. "No plan selects it" is concluded only where the region was collected, its
#   plans were listed (the region's inventory counts them) and every plan's selections read;
#   elsewhere the resource is not judged and the listing's error on the region document
#   makes the rule skipped or in error.
# scope: package
# custom:
#   id: AWS-14
#   severity: major
#   controls: ["A.8.13", "A.5.29"]
#   kinds: [aws.rds.instance, aws.backup.plan, aws.s3.bucket, aws.region, aws.account]
#   input: inventory
#   subject: aws.rds.instance
#   remediation: >-
#     Create an AWS Backup plan with a daily rule kept at least as long as the backup policy
#     requires, and assign the resources to it by tag (for example `backup=daily`) or ARN; for
#     RDS also set the automated backup retention (`aws rds modify-db-instance
#     --backup-retention-period 7`). Test restores as the continuity plan says.
#   permissions:
#     - aws:rds:DescribeDBInstances
#     - aws:backup:ListBackupPlans
#     - aws:backup:GetBackupPlan
#     - aws:backup:ListBackupSelections
#     - aws:backup:GetBackupSelection
#     - aws:s3:GetBucketTagging
#     - aws:s3:ListAllMyBuckets
#   params:
#     min_backup_retention_days: 7
#     require_daily_backups: true
#     backup_scope_tags: ["backup"]
package ismscheck.aws14

import data.lib.aws
import data.lib.isms

min_days := isms.number_param("min_backup_retention_days", 7)

daily_required := isms.param("require_daily_backups", true) != false

scope_tags := isms.param("backup_scope_tags", ["backup"])

plans := input.documents["aws.backup.plan"]

# plans_known(account, region): the region's backup plans were listed and each plan's
# selections read, so a resource there that no plan selects has none.
plans_known(account, region) if {
	aws.region_listed(input.documents, account, region, "aws.backup.plan")
	not unread_selections(account, region)
}

unread_selections(account, region) if {
	some p in plans
	p.data.account_id == account
	p.data.region == region
	p.data.selections == null
}

# ---------------------------------------------------------------------------
# Which resources are in scope
# ---------------------------------------------------------------------------

opted_out(tags) if isms.is_no(aws.tag(tags, scope_tags))

in_scope_buckets contains b if {
	some b in input.documents["aws.s3.bucket"]
	aws.has_tag(b.data.tags, scope_tags)
	not opted_out(b.data.tags)
}

# ---------------------------------------------------------------------------
# Plan selections: resources (ARN or wildcard) or tags, narrowed by Conditions
# ---------------------------------------------------------------------------

selects(sel, arn, tags) if {
	some pattern in sel.resources
	arn_matches(pattern, arn)
	not excluded(sel, arn)
	conditions_hold(sel, tags)
}

selects(sel, arn, tags) if {
	some c in list_of_tags(sel)
	tags[c.ConditionKey] == c.ConditionValue
	not excluded(sel, arn)
	conditions_hold(sel, tags)
}

arn_matches(pattern, arn) if pattern == arn

arn_matches(pattern, arn) if {
	is_string(pattern)
	contains(pattern, "*")
	not contains(pattern, "[")
	glob.match(pattern, [], arn)
}

# `conditions` is kept raw: a ListOfTags list, a Conditions object, or {ListOfTags, Conditions}.
list_of_tags(sel) := sel.conditions if {
	is_array(sel.conditions)
} else := sel.conditions.ListOfTags if {
	is_array(sel.conditions.ListOfTags)
} else := []

condition_object(sel) := sel.conditions.Conditions if {
	is_object(sel.conditions.Conditions)
} else := sel.conditions if {
	is_object(sel.conditions)
	not "ListOfTags" in object.keys(sel.conditions)
} else := {}

conditions_hold(sel, tags) if {
	conds := condition_object(sel)
	every op, list in conds {
		every c in array_or_empty(list) {
			condition_holds(op, tag_value(tags, c.ConditionKey), c.ConditionValue)
		}
	}
}

array_or_empty(x) := x if is_array(x)

else := []

# excluded(sel, arn): the selection's NotResources names the resource.
excluded(sel, arn) if {
	some pattern in sel.not_resources
	arn_matches(pattern, arn)
}

tag_value(tags, key) := v if {
	v := tags[trim_prefix(key, "aws:ResourceTag/")]
} else := null

condition_holds("StringEquals", v, want) if v == want

condition_holds("StringNotEquals", v, want) if v != want

condition_holds("StringLike", v, want) if {
	is_string(v)
	glob.match(want, [], v)
}

condition_holds("StringNotLike", v, want) if not string_like(v, want)

string_like(v, want) if {
	is_string(v)
	glob.match(want, [], v)
}

# covering(d, arn, tags): the plans of the resource document d's account and region that
# select the resource (a plan backs up resources of its own account only).
covering(d, arn, tags) := [p |
	some p in plans
	p.data.account_id == d.data.account_id
	p.data.region == d.data.region
	some sel in p.data.selections
	selects(sel, arn, tags)
]

# ---------------------------------------------------------------------------
# Whether a plan's rules back up daily and keep backups long enough
# ---------------------------------------------------------------------------

daily(schedule) if {
	m := regex.find_all_string_submatch_n(`^cron\(\s*\S+\s+\S+\s+(\S+)\s+\S+\s+(\S+)\s+\S+\s*\)$`, schedule, 1)
	count(m) == 1
	m[0][1] in {"*", "?"}
	m[0][2] in {"*", "?"}
}

daily(schedule) if {
	m := regex.find_all_string_submatch_n(`^rate\((\d+) (minutes?|hours?|days?)\)$`, schedule, 1)
	count(m) == 1
	n := to_number(m[0][1])
	limit := {"minute": 1440, "minutes": 1440, "hour": 24, "hours": 24, "day": 1, "days": 1}[m[0][2]]
	n <= limit
}

kept_long_enough(r) if r.lifecycle.delete_after_days == null

kept_long_enough(r) if r.lifecycle == null

kept_long_enough(r) if not "lifecycle" in object.keys(r)

kept_long_enough(r) if r.lifecycle.delete_after_days >= min_days

often_enough(_) if not daily_required

often_enough(r) if {
	is_string(r.schedule)
	daily(r.schedule)
}

adequate(p) if {
	some r in p.data.rules
	kept_long_enough(r)
	often_enough(r)
}

describe_rule(r) := sprintf("%s: %s, kept %s", [r.name, r.schedule, kept(r)])

kept(r) := sprintf("%d days", [r.lifecycle.delete_after_days]) if {
	is_number(r.lifecycle.delete_after_days)
} else := "indefinitely"

describe_plans(ps) := concat("; ", [sprintf("plan %s (%s)", [p.data.name, concat(", ", [describe_rule(r) | some r in p.data.rules])]) | some p in ps])

requirement := sprintf("the backup policy requires %s kept at least %d days (min_backup_retention_days)", [freq, min_days]) if {
	daily_required
	freq := "daily backups"
} else := sprintf("the backup policy requires backups kept at least %d days (min_backup_retention_days)", [min_days])

# ---------------------------------------------------------------------------
# RDS instances
# ---------------------------------------------------------------------------

rds_label(i) := sprintf("RDS instance %s (%s, %s, account %s)", [i.data.identifier, i.data.engine, i.data.region, i.data.account_id])

rds_tags(i) := t if {
	is_object(i.data.tags)
	t := i.data.tags
} else := {}

deny contains {
	"key": "no-backup",
	"msg": sprintf("%s has no backup: automated backups are off (retention 0 days) and no AWS Backup plan selects it", [rds_label(i)]),
	"grade": "major",
	"resource": aws.resource(i),
} if {
	some i in input.documents["aws.rds.instance"]
	not opted_out(rds_tags(i))
	i.data.backup_retention_period == 0
	plans_known(i.data.account_id, i.data.region)
	count(covering(i, i.id, rds_tags(i))) == 0
}

deny contains {
	"key": "inadequate",
	"msg": sprintf("%s: %s; %s", [rds_label(i), concat("; ", have), requirement]),
	"grade": "minor",
	"resource": aws.resource(i),
	"evidence": [aws.resource(p) | some p in ps],
} if {
	some i in input.documents["aws.rds.instance"]
	not opted_out(rds_tags(i))
	is_number(i.data.backup_retention_period)
	i.data.backup_retention_period < min_days
	plans_known(i.data.account_id, i.data.region)
	ps := covering(i, i.id, rds_tags(i))
	count(ps) + i.data.backup_retention_period > 0
	every p in ps {
		not adequate(p)
	}
	have := [s |
		some s in [auto_text(i), describe_plans(ps)]
		s != ""
	]
}

auto_text(i) := sprintf("automated backups kept %s", [isms.plural(i.data.backup_retention_period, "day")]) if {
	i.data.backup_retention_period > 0
} else := "automated backups are off"

# ---------------------------------------------------------------------------
# S3 buckets tagged into scope
# ---------------------------------------------------------------------------

deny contains {
	"key": "no-backup",
	"msg": sprintf("bucket %s (%s, account %s) is tagged for backup (%s) but no AWS Backup plan selects it", [b.data.name, b.data.region, b.data.account_id, concat(", ", scope_tags)]),
	"grade": "major",
	"resource": aws.resource(b),
} if {
	some b in in_scope_buckets
	plans_known(b.data.account_id, b.data.region)
	count(covering(b, aws.bucket_arn(b), b.data.tags)) == 0
}

deny contains {
	"key": "inadequate",
	"msg": sprintf("bucket %s (%s, account %s): %s; %s", [b.data.name, b.data.region, b.data.account_id, describe_plans(ps), requirement]),
	"grade": "minor",
	"resource": aws.resource(b),
	"evidence": [aws.resource(p) | some p in ps],
} if {
	some b in in_scope_buckets
	ps := covering(b, aws.bucket_arn(b), b.data.tags)
	count(ps) > 0
	every p in ps {
		not adequate(p)
	}
}
