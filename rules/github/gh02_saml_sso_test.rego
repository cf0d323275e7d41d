package ismscheck.gh02_test

import data.ismscheck.gh02

provider := {"level": "organization", "sso_url": "https://example.okta.com", "issuer": "http://www.okta.com/exk1", "external_identities": 3, "scim_identities": 3}

sso(saml, missing, enterprise) := {"kind": "github.sso", "id": "github.com/acme/sso", "complete": true, "data": {
	"org": "acme", "enterprise": enterprise, "saml": saml, "members_without_identity": missing,
}}

run(doc) := r if {
	r := gh02.deny with input as {"document": doc}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_federated_with_scim_passes if {
	gh02.applies with input as {"document": sso(provider, [], null)}
	count(run(sso(provider, [], null))) == 0
}

test_enterprise_level_counts if {
	count(run(sso(object.union(provider, {"level": "enterprise"}), [], "acme-corp"))) == 0
}

test_no_saml_is_minor_and_says_where_it_looked if {
	f := only(run(sso({}, [], null)))
	f.key == "no-saml"
	f.grade == "minor"
	contains(f.msg, "organisation acme (no enterprise named in sources.github.enterprise")
	g := only(run(sso({}, [], "acme-corp")))
	contains(g.msg, "organisation acme or enterprise acme-corp")
}

test_members_without_identity_is_minor if {
	f := only(run(sso(provider, ["hubot", "monalisa"], null)))
	f.key == "members-without-identity"
	f.grade == "minor"
	f.msg == "Organisation acme: 2 members without an identity linked to the organization-level SAML identity provider (https://example.okta.com), so SAML SSO is not enforced for them: hubot, monalisa"
}

test_no_scim_is_an_observation if {
	f := only(run(sso(object.union(provider, {"scim_identities": 0}), [], null)))
	f.key == "no-scim"
	f.grade == "observation"
	contains(f.msg, "none of the 3 identities")
}

test_findings_add_up if {
	r := run(sso(object.union(provider, {"scim_identities": 0}), ["hubot"], null))
	{f.key | some f in r} == {"members-without-identity", "no-scim"}
}

# Unreadable SAML (null, with the collector's error on the document) is never judged here:
# the engine reports the gap as skipped or error.
test_unreadable_is_not_judged if {
	not gh02.applies with input as {"document": sso(null, null, null)}
}
