# METADATA
# title: Installed apps are approved and least-privileged; webhooks are authenticated over verified TLS
# description: >-
#   GitHub Apps and webhooks are suppliers with access to code and its events. Checked, on the
#   organisation: every active GitHub App installation is on the approved list `approved_apps`
#   (minor when not; an observation naming them when no list is stated); an app installed on
#   all repositories with write access to administration, workflows, secrets, members or
#   organisation administration (observation: least privilege is not evidenced). On the
#   organisation and every in-scope repository, each active webhook must deliver over HTTPS,
#   verify the receiver's TLS certificate (`insecure_ssl` off) and sign its payloads with a
#   secret (minor per webhook). Not checked: OAuth app access (GitHub offers no API listing
#   the OAuth apps an organisation approved).
# scope: package
# custom:
#   id: GH-16
#   severity: minor
#   controls: ["A.5.19", "A.5.21", "A.5.23", "A.8.21"]
#   kinds: [github.organization, github.repository]
#   input: inventory
#   subject: github.organization
#   remediation: >-
#     Review Settings > GitHub Apps of the organisation: uninstall apps nobody owns, restrict
#     the others to the repositories they serve and to the permissions they need, and state the
#     approved apps in your supplier or access control policy's front matter
#     (`parameters: {approved_apps: [dependabot, renovate]}`, app slugs). For every webhook
#     (organisation and repository Settings > Webhooks) use an https:// payload URL, keep "SSL
#     verification" enabled, and set a secret that the receiver verifies.
#   permissions: ["github:organization_administration:read", "github:organization_hooks:read", "github:repository_hooks:read"]
#   params:
#     approved_apps: null
package ismscheck.gh16

import data.lib.github
import data.lib.isms

approved := {lower(a) | some a in isms.param("approved_apps", null); is_string(a)}

stated if is_array(input.params.approved_apps)

# Permissions whose write access lets an app change who may do what, or what runs in CI.
sensitive := {"administration", "organization_administration", "members", "secrets", "organization_secrets", "workflows"}

orgs := input.documents["github.organization"]

active_apps(o) := [a |
	some a in o.data.installations
	is_object(a)
	not a.suspended == true
]

deny contains {
	"key": sprintf("unapproved-app:%v", [a.app_slug]),
	"msg": sprintf("Organisation %v: GitHub App %v (installed on %v repositories) is not on the approved list (approved_apps)", [o.data.login, a.app_slug, selection(a)]),
	"grade": "minor",
	"resource": isms.resource(o),
} if {
	stated
	some o in orgs
	some a in active_apps(o)
	not lower(a.app_slug) in approved
}

deny contains {
	"key": "apps-not-reviewed",
	"msg": sprintf("Organisation %v has %s installed (%s); no approved list (approved_apps) shows they were approved as suppliers", [o.data.login, isms.plural(count(slugs), "GitHub App"), isms.list_text(slugs, 10)]),
	"grade": "observation",
	"resource": isms.resource(o),
} if {
	not stated
	some o in orgs
	slugs := sort([a.app_slug | some a in active_apps(o)])
	count(slugs) > 0
}

deny contains {
	"key": sprintf("broad-app:%v", [a.app_slug]),
	"msg": sprintf("Organisation %v: GitHub App %v is installed on all repositories with write access to %s", [o.data.login, a.app_slug, concat(", ", writes)]),
	"grade": "observation",
	"resource": isms.resource(o),
} if {
	some o in orgs
	some a in active_apps(o)
	a.repository_selection == "all"
	writes := sort([p | some p, level in a.permissions; p in sensitive; level in {"write", "admin"}])
	count(writes) > 0
}

selection(a) := "all" if a.repository_selection == "all"

else := "selected"

# Webhooks of the organisation and of every in-scope repository.
owners := [{"doc": o, "where": sprintf("Organisation %v", [o.data.login])} | some o in orgs]

repos := [{"doc": r, "where": github.name(r.data)} |
	some r in input.documents["github.repository"]
	github.in_scope(r.data)
]

problems(h) := [p |
	some check, p in {
		"http": "delivers over unencrypted http",
		"insecure_ssl": "does not verify the receiver's TLS certificate (insecure_ssl)",
		"no_secret": "has no secret, so the receiver cannot authenticate its payloads",
	}
	_fails(h, check)
]

_fails(h, "http") if h.url_scheme == "http"

_fails(h, "insecure_ssl") if h.insecure_ssl == true

_fails(h, "no_secret") if h.secret_configured == false

deny contains {
	"key": sprintf("hook:%v", [h.id]),
	"msg": sprintf("%s: webhook %v to %v://%v %s", [x.where, h.id, h.url_scheme, h.url_host, concat("; ", found)]),
	"grade": "minor",
	"resource": isms.resource(x.doc),
} if {
	some x in array.concat(owners, repos)
	some h in x.doc.data.hooks
	is_object(h)
	h.active == true
	found := problems(h)
	count(found) > 0
}
