# Shared helpers for the AWS rules (not a rule: no METADATA).
#
# The evidence contract is rules/aws/README.md. Facts the collector could not read are
# null, never false, 0 or []: helpers and rules compare with `== false` / `== true` and
# check is_number, so an unreadable fact never reads as compliant or as a failure.
# Functions never raise builtin errors on bad input (rules run with strict errors).
package lib.aws

import data.lib.isms

# ---------------------------------------------------------------------------
# Dates: RFC 3339 timestamps counted in whole days from the run's as_of date
# ---------------------------------------------------------------------------

# date(ts): the YYYY-MM-DD day of an RFC 3339 timestamp (or of a date); undefined otherwise.
date(ts) := d if {
	is_string(ts)
	d := substring(ts, 0, 10)
	isms.valid_date(d)
}

# days_since(ts): whole days from the day of ts to as_of; undefined for a bad timestamp.
days_since(ts) := _days(date(ts))

# dated(ts): [day, days since] of a timestamp in one go; undefined for a bad timestamp.
dated(ts) := [d, _days(d)] if d := date(ts)

# The day is validated once, by date, before time.parse_ns sees it.
_days(d) := round((isms.today_ns - time.parse_ns("2006-01-02", d)) / isms.day_ns)

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

resource(d) := {"kind": d.kind, "id": d.id}

# account_label(a): "123456789012 (acme-prod)" for an aws.account document.
account_label(a) := sprintf("%s (%s)", [a.data.account_id, a.data.alias]) if {
	is_string(a.data.alias)
	a.data.alias != ""
} else := sprintf("%v", [a.data.account_id])

# account_of_arn(arn): the account field of an ARN ("" for AWS-owned resources).
account_of_arn(arn) := parts[4] if {
	is_string(arn)
	parts := split(arn, ":")
	count(parts) >= 6
}

# principal_name(x): the name in "alice" or "arn:aws:iam::1:user/path/alice" (the last
# path segment), so names and ARNs of users, groups and roles compare equal.
principal_name(x) := n if {
	is_string(x)
	parts := split(x, "/")
	n := parts[count(parts) - 1]
}

# ---------------------------------------------------------------------------
# Tags: {key: value} objects; keys compared case-insensitively
# ---------------------------------------------------------------------------

# tag(tags, keys): the value of the first of keys that tags carries with a non-blank value.
tag(tags, keys) := [v |
	is_object(tags)
	some want in keys
	some k, v in tags
	lower(k) == lower(want)
	not isms.blank(v)
][0]

# has_tag(tags, keys): tags carries one of keys with a non-blank value.
has_tag(tags, keys) if tag(tags, keys)

# tag_in(tags, keys, values): the tag's value is one of values (case-insensitive).
tag_in(tags, keys, values) if {
	v := lower(trim_space(sprintf("%v", [tag(tags, keys)])))
	some want in values
	v == lower(want)
}

# ---------------------------------------------------------------------------
# Policy documents (normalized: Statement, Action, Resource and NotAction are lists)
# ---------------------------------------------------------------------------

# allow_statements(doc): the Allow statements of a policy document.
allow_statements(doc) := [s |
	is_object(doc)
	is_array(doc.Statement)
	some s in doc.Statement
	is_object(s)
	s.Effect == "Allow"
]

# grants_admin(doc): some Allow statement grants every action ("*" or "*:*") on "*".
grants_admin(doc) if {
	some s in allow_statements(doc)
	some a in s.Action
	a in {"*", "*:*"}
	some r in s.Resource
	r == "*"
}

# ---------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------

internet_cidrs := {"0.0.0.0/0", "::/0"}

# open_to_internet(rule): an ingress rule admits any IPv4 or IPv6 address.
open_to_internet(rule) if {
	some c in rule.cidrs
	c in internet_cidrs
}

# all_ports(rule): the rule covers every port of every protocol, or every TCP/UDP port.
all_ports(rule) if rule.protocol == "-1"

all_ports(rule) if {
	rule.protocol in {"tcp", "udp", "6", "17"}
	rule.from_port == null
}

all_ports(rule) if {
	rule.protocol in {"tcp", "udp", "6", "17"}
	rule.from_port <= 0
	rule.to_port >= 65535
}

# covers_port(rule, port): a TCP or UDP ingress rule (or an all-protocol one) admits port.
covers_port(rule, _) if all_ports(rule)

covers_port(rule, port) if {
	rule.protocol in {"tcp", "udp", "6", "17"}
	is_number(rule.from_port)
	is_number(rule.to_port)
	rule.from_port <= port
	port <= rule.to_port
}

# ---------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------

# bucket_arn(b): the ARN of an aws.s3.bucket document's bucket.
bucket_arn(b) := sprintf("arn:aws:s3:::%s", [b.data.name])

# restricts_public(pab): a public access block configuration with RestrictPublicBuckets on,
# which confines a public bucket policy to AWS services and the bucket owner's account.
restricts_public(pab) if {
	pab.configured == true
	pab.restrict_public_buckets == true
}

# public_bucket(b, account_block): the bucket policy is public and neither the bucket's nor
# the account's Block Public Access (account_block, null when unknown) restricts it.
public_bucket(b, account_block) if {
	b.data.policy_is_public == true
	not restricts_public(b.data.public_access_block)
	not restricts_public(account_block)
}

# account_blocks(docs): account id -> the account's s3_public_access_block (null if unread).
account_blocks(docs) := {a.data.account_id: a.data.s3_public_access_block | some a in docs["aws.account"]}

# ---------------------------------------------------------------------------
# IAM administrators
# ---------------------------------------------------------------------------

# AWS-managed policies that give full administration.
admin_managed_policies := ["arn:aws:iam::aws:policy/AdministratorAccess"]

# admin_policy(p, extra_arns): an aws.iam.policy document that grants "*" on "*", or whose
# ARN is among extra_arns (the organisation's list of administrative policies).
admin_policy(p, _) if grants_admin(p.data.document)

admin_policy(p, extra_arns) if p.data.arn in extra_arns

# admin_user_ids(docs, extra_arns): the ids of the aws.iam.user documents with full
# administration through a policy attached to them (managed or inline) or to one of their
# groups. Call it once per evaluation (as a rule's value), not per user.
admin_user_ids(docs, extra_arns) := ids if {
	arns := {a | some a in array.concat(admin_managed_policies, extra_arns)}
	admins := [p | some p in docs["aws.iam.policy"]; admin_policy(p, arns)]
	admin_arns := arns | {p.data.arn | some p in admins; is_string(p.data.arn)}
	direct := {[p.data.account_id, principal_name(n)] | some p in admins; some n in p.data.attached_to.users}
	groups := {[p.data.account_id, principal_name(n)] | some p in admins; some n in p.data.attached_to.groups}
	ids := {u.id |
		some u in docs["aws.iam.user"]
		_is_admin(u, admin_arns, direct, groups)
	}
}

_is_admin(u, admin_arns, _, _) if {
	some a in u.data.attached_policies
	a in admin_arns
}

_is_admin(u, _, direct, _) if [u.data.account_id, u.data.name] in direct

_is_admin(u, _, _, groups) if {
	some g in u.data.groups
	[u.data.account_id, principal_name(g)] in groups
}

# ---------------------------------------------------------------------------
# Listings: whether an account or region document's resources of a kind were read
# ---------------------------------------------------------------------------

# listed(d, kind): the aws.account or aws.region document d says its listing of kind
# succeeded (data.inventory[kind] is a count), so "no such resource" there is a fact. A
# failed listing is null (with the error on d), and an account that could not be read has
# inventory null: neither is listed. Evidence from before the inventory existed (no
# inventory field) counts as listed, as it was judged then.
listed(d, kind) if is_number(d.data.inventory[kind])

listed(d, _) if {
	is_object(d.data)
	not "inventory" in object.keys(d.data)
}

# region_listed(docs, account, region, kind): the region was collected for the account and
# its listing of kind succeeded. A region that was not collected at all is not listed.
region_listed(docs, account, region, kind) if {
	some r in docs["aws.region"]
	r.data.account_id == account
	r.data.region == region
	listed(r, kind)
}
