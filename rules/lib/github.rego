# Shared helpers for the GitHub rules (not a rule: no METADATA).
#
# The effective protection of a repository's default branch, from both places GitHub keeps
# it: classic branch protection (`branch_protection`) and rulesets (`branch_rules`, the rules
# GitHub says apply to the branch, with `rulesets` giving each ruleset's enforcement and bypass
# actors). Either source protects; the stronger value of the two counts. Only rulesets whose
# enforcement is `active` count: `evaluate` only reports, it does not enforce.
#
# Functions take a github.repository document's `data` (called r) and never raise builtin
# errors on unexpected values: rules run with strict builtin errors.
package lib.github

import data.lib.isms

# ---------------------------------------------------------------------------
# Repositories
# ---------------------------------------------------------------------------

# in_scope(r): an unarchived repository (the collector skips archived ones by default; an
# archived repository is read-only, so its settings are not graded).
in_scope(r) if not r.archived == true

# critical(r): the configuration's critical_repos pattern matched the repository.
critical(r) if r.critical == true

# name(r): "acme/api".
name(r) := r.full_name if is_string(r.full_name)

else := sprintf("%v/%v", [r.owner, r.name])

# branch(r): "default branch main of acme/api".
branch(r) := sprintf("default branch %v of %s", [r.default_branch, name(r)])

# readable_protection(r): both protection sources were read (null means unreadable).
readable_protection(r) if {
	is_object(r.branch_protection)
	is_array(r.branch_rules)
}

# ---------------------------------------------------------------------------
# Classic branch protection
# ---------------------------------------------------------------------------

# classic(r): the normalized classic protection of the default branch; undefined when the
# branch has none ({}) or it was unreadable (null).
classic(r) := p if {
	p := r.branch_protection
	is_object(p)
	count(p) > 0
}

_classic_approvals(r) := n if {
	n := classic(r).required_approving_review_count
	is_number(n)
} else := 0

# ---------------------------------------------------------------------------
# Rulesets
# ---------------------------------------------------------------------------

# active_rules(r): the branch rules that are enforced. branch_rules should hold only active
# rules; a rule whose ruleset detail says otherwise (evaluate, disabled) is dropped.
active_rules(r) := [br |
	some br in r.branch_rules
	is_object(br)
	is_string(br.type)
	not _inactive(r, br)
]

_inactive(r, br) if {
	some rs in r.rulesets
	is_object(rs)
	rs.id == br.ruleset_id
	rs.enforcement != "active"
}

# not_enforcing(r): names of rulesets that name the branch but do not enforce (for messages).
not_enforcing(r) := sort({sprintf("%s (%v)", [ruleset_label(rs), rs.enforcement]) |
	some rs in r.rulesets
	is_object(rs)
	rs.enforcement != "active"
	some br in r.branch_rules
	br.ruleset_id == rs.id
})

# rules_of(r, t): the active branch rules of type t.
rules_of(r, t) := [br | some br in active_rules(r); br.type == t]

# has_rule(r, t): an active rule of type t applies to the default branch.
has_rule(r, t) if count(rules_of(r, t)) > 0

# parameters(br): a rule's parameters, {} when it has none.
parameters(br) := p if {
	p := br.parameters
	is_object(p)
} else := {}

# ruleset_label(rs): `ruleset "main" (id 7, organization)`.
ruleset_label(rs) := sprintf("ruleset %s (id %v%s)", [json.marshal(rs.name), rs.id, _org_suffix(rs)])

_org_suffix(rs) := ", organization" if rs.source_type == "Organization"

else := ""

# Rule types that restrict changes to the branch; a ruleset with only metadata or creation
# rules does not protect an existing branch.
protective_types := {
	"pull_request", "non_fast_forward", "deletion", "update", "required_status_checks",
	"required_signatures", "required_linear_history", "required_deployments", "merge_queue",
	"code_scanning", "workflows",
}

# ---------------------------------------------------------------------------
# Effective protection of the default branch
# ---------------------------------------------------------------------------

# protected(r): classic protection or an active protective ruleset rule applies.
protected(r) if classic(r)

protected(r) if {
	some br in active_rules(r)
	br.type in protective_types
}

# approvals(r): approving reviews required before merging (the larger of the sources).
approvals(r) := max(array.concat([_classic_approvals(r)], [n |
	some br in rules_of(r, "pull_request")
	n := parameters(br).required_approving_review_count
	is_number(n)
]))

# pull_request_required(r): changes must come through a pull request. Classic protection
# says so in require_pull_request; evidence collected before that field existed is only
# known to require one when it requires approvals or code-owner review.
pull_request_required(r) if has_rule(r, "pull_request")

pull_request_required(r) if _classic_pull_request(r)

_classic_pull_request(r) if classic(r).require_pull_request == true

_classic_pull_request(r) if {
	_no_pull_request_fact(r)
	_classic_approvals(r) >= 1
}

_classic_pull_request(r) if {
	_no_pull_request_fact(r)
	classic(r).require_code_owner_reviews == true
}

_no_pull_request_fact(r) if {
	p := classic(r)
	not is_boolean(object.get(p, "require_pull_request", null))
}

code_owner_review(r) if classic(r).require_code_owner_reviews == true

code_owner_review(r) if {
	some br in rules_of(r, "pull_request")
	parameters(br).require_code_owner_review == true
}

stale_reviews_dismissed(r) if classic(r).dismiss_stale_reviews == true

stale_reviews_dismissed(r) if {
	some br in rules_of(r, "pull_request")
	parameters(br).dismiss_stale_reviews_on_push == true
}

last_push_approval(r) if classic(r).require_last_push_approval == true

last_push_approval(r) if {
	some br in rules_of(r, "pull_request")
	parameters(br).require_last_push_approval == true
}

force_push_blocked(r) if classic(r).allow_force_pushes == false

force_push_blocked(r) if has_rule(r, "non_fast_forward")

deletion_blocked(r) if classic(r).allow_deletions == false

deletion_blocked(r) if has_rule(r, "deletion")

signatures_required(r) if classic(r).required_signatures == true

signatures_required(r) if has_rule(r, "required_signatures")

# status_checks(r): the names (contexts) of the required status checks, from both sources.
status_checks(r) := {c | some c in _classic_checks(r)} | {c |
	some br in rules_of(r, "required_status_checks")
	some x in parameters(br).required_status_checks
	c := x.context
	is_string(c)
}

_classic_checks(r) := {c |
	some c in classic(r).required_status_checks
	is_string(c)
}

# code_scanning_tools(r): the tools whose code scanning results an active ruleset requires
# before merging (empty when none does).
code_scanning_tools(r) := tools if {
	tools := {t |
		some br in rules_of(r, "code_scanning")
		some x in parameters(br).code_scanning_tools
		t := x.tool
		is_string(t)
	}
	count(tools) > 0
} else := {"code scanning" | has_rule(r, "code_scanning")}

# ---------------------------------------------------------------------------
# Who can bypass the protection
# ---------------------------------------------------------------------------

# What each rule type protects, as named in messages.
aspect_names := {
	"pull_request": "pull request reviews",
	"non_fast_forward": "force-push block",
	"deletion": "deletion block",
	"required_status_checks": "required status checks",
	"required_signatures": "signed commits",
	"required_linear_history": "linear history",
	"update": "update restriction",
	"code_scanning": "code scanning results",
	"required_deployments": "required deployments",
	"merge_queue": "merge queue",
	"workflows": "required workflows",
}

_aspect(t) := n if {
	n := aspect_names[t]
} else := t

# classic_aspects(r): what classic protection enforces.
classic_aspects(r) := (((({"pull request reviews" | _classic_reviews(r)} | {"force-push block" | classic(r).allow_force_pushes == false}) | {"deletion block" | classic(r).allow_deletions == false}) | {"required status checks" | count(_classic_checks(r)) > 0}) | {"signed commits" | classic(r).required_signatures == true}) | {"linear history" | classic(r).required_linear_history == true}

_classic_reviews(r) if _classic_pull_request(r)

# ruleset_ids(r): the ids of the active rulesets with rules on the default branch.
ruleset_ids(r) := {br.ruleset_id | some br in active_rules(r)}

# ruleset(r, id): the detail of ruleset id; undefined when it was not collected.
ruleset(r, id) := rs if {
	some rs in r.rulesets
	is_object(rs)
	rs.id == id
}

ruleset_aspects(r, id) := {_aspect(br.type) | some br in active_rules(r); br.ruleset_id == id}

# grants(r, break_glass): who can bypass which protections, one entry per source:
#   {"key", "source", "actors": [label], "aspects": {aspect}}
# Actors named in break_glass (see break_glass_match) are left out; entries with no actor left
# are dropped.
grants(r, break_glass) := [g |
	some g in array.concat(_classic_grants(r, break_glass), _ruleset_grants(r, break_glass))
	count(g.actors) > 0
	count(g.aspects) > 0
]

_classic_grants(r, break_glass) := array.concat(_admin_grant(r), _allowance_grant(r, break_glass))

# enforce_admins off: repository administrators bypass all of classic protection.
_admin_grant(r) := [{
	"key": "classic-admins",
	"source": "classic branch protection (enforce_admins off)",
	"actors": ["repository administrators"],
	"aspects": classic_aspects(r),
} |
	classic(r).enforce_admins == false
]

# bypass_pull_request_allowances: the named users, teams and apps skip the review requirement.
_allowance_grant(r, break_glass) := [{
	"key": "classic-pull-request-bypass",
	"source": "classic branch protection (bypass_pull_request_allowances)",
	"actors": actors,
	"aspects": {"pull request reviews"} & classic_aspects(r),
} |
	allowances := classic(r).bypass_pull_request_allowances
	is_object(allowances)
	actors := sort([label |
		some kind, type in {"users": "User", "teams": "Team", "apps": "Integration"}
		some x in allowances[kind]
		n := _allowance_name(x)
		not break_glass_match(break_glass, [n, sprintf("%s:%s", [type, n])])
		label := sprintf("%s %s", [lower(type), n])
	])
]

_allowance_name(x) := x if is_string(x)

else := x.login if is_string(x.login)

else := x.slug if is_string(x.slug)

else := x.name if is_string(x.name)

_ruleset_grants(r, break_glass) := [{
	"key": sprintf("ruleset:%v", [id]),
	"source": ruleset_label(rs),
	"actors": sort([actor_label(a) |
		some a in rs.bypass_actors
		is_object(a)
		not break_glass_match(break_glass, actor_keys(a))
	]),
	"aspects": ruleset_aspects(r, id),
} |
	some id in ruleset_ids(r)
	rs := ruleset(r, id)
	is_array(rs.bypass_actors)
]

# unknown_rulesets(r): active rulesets on the branch whose bypass actors are unknown: the
# detail was not collected, or it has no bypass_actors list (GitHub leaves them out for a
# caller who cannot edit the ruleset). Unknown is never read as "nobody may bypass".
unknown_rulesets(r) := {id | some id in ruleset_ids(r); not _known_bypass(r, id)}

_known_bypass(r, id) if is_array(ruleset(r, id).bypass_actors)

# The built-in repository roles as ruleset bypass actors (RepositoryRole actor ids).
repository_roles := {2: "maintain", 4: "write", 5: "admin"}

# actor_label(a): "team 42 (always)", "repository role admin (always)", "organization owners".
actor_label(a) := sprintf("%s (%v)", [_actor_name(a), a.bypass_mode])

_actor_name(a) := "organization owners" if a.actor_type == "OrganizationAdmin"

else := "enterprise owners" if a.actor_type == "EnterpriseOwner"

else := "deploy keys" if a.actor_type == "DeployKey"

else := sprintf("repository role %s", [repository_roles[a.actor_id]]) if {
	a.actor_type == "RepositoryRole"
	repository_roles[a.actor_id]
}

else := sprintf("app %v", [a.actor_id]) if a.actor_type == "Integration"

else := sprintf("%s %v", [lower(sprintf("%v", [a.actor_type])), a.actor_id])

# actor_keys(a): the names a break_glass_actors entry may use for a ruleset bypass actor:
# "Team:42", "RepositoryRole:5", "Integration:123"; the type alone for actors without a
# meaningful id ("OrganizationAdmin", "DeployKey", "EnterpriseOwner").
actor_keys(a) := [sprintf("%v:%v", [a.actor_type, a.actor_id])] if {
	a.actor_id != null
	not a.actor_type in {"OrganizationAdmin", "EnterpriseOwner", "DeployKey"}
} else := [sprintf("%v", [a.actor_type])]

# break_glass_match(list, keys): some entry of list is one of keys (case-insensitive).
break_glass_match(list, keys) if {
	some e in list
	is_string(e)
	some k in keys
	lower(trim_space(e)) == lower(k)
}

# bypass_free_aspects(r, break_glass): protections that some source enforces on everyone.
bypass_free_aspects(r, break_glass) := {a |
	some src in _sources(r)
	not _bypassed(r, break_glass, src.key)
	some a in src.aspects
}

_sources(r) := array.concat(
	[{"key": "classic", "aspects": classic_aspects(r)} | classic(r)],
	[{"key": sprintf("ruleset:%v", [id]), "aspects": ruleset_aspects(r, id)} | some id in ruleset_ids(r)],
)

# A source is bypassable when an actor outside break-glass may bypass it, or when its bypass
# actors are unknown (a ruleset whose detail is missing never counts as enforced on everyone).
_bypassed(r, break_glass, "classic") if {
	some g in grants(r, break_glass)
	startswith(g.key, "classic-")
}

_bypassed(r, break_glass, key) if {
	some g in grants(r, break_glass)
	g.key == key
}

_bypassed(r, _, key) if {
	some id in unknown_rulesets(r)
	key == sprintf("ruleset:%v", [id])
}

# effective_bypasses(r, break_glass): grants that open a protection no other source enforces
# on everyone, with "aspects" cut down to those protections. A bypass of one source is
# harmless where another source without bypass enforces the same thing.
effective_bypasses(r, break_glass) := [object.union(g, {"aspects": open}) |
	free := bypass_free_aspects(r, break_glass)
	some g in grants(r, break_glass)
	open := g.aspects - free
	count(open) > 0
]

# ---------------------------------------------------------------------------
# Time (RFC 3339 timestamps; today is time.now_ns() = the run's as_of)
# ---------------------------------------------------------------------------

# valid_timestamp(s): an RFC 3339 timestamp, checked before time.parse_rfc3339_ns sees it.
valid_timestamp(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`, s)
	isms.valid_date(substring(s, 0, 10))
}

# age_days(s): whole days from timestamp s to as_of (midnight UTC); undefined if s is invalid.
age_days(s) := floor((isms.today_ns - time.parse_rfc3339_ns(s)) / isms.day_ns) if valid_timestamp(s)

# date_of(s): the date part of a timestamp, for messages.
date_of(s) := substring(s, 0, 10) if valid_timestamp(s)

else := sprintf("%v", [s])

# ---------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------

# repo_resource(d): a github.repository document as a finding's resource.
repo_resource(d) := {"kind": d.kind, "id": d.id}
