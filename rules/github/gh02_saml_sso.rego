# METADATA
# title: GitHub identities follow the identity provider (SAML SSO and SCIM)
# description: >-
#   Leavers lose access to code automatically only when GitHub is federated with the
#   organisation's identity provider. Checked: a SAML identity provider is configured for the
#   organisation, or for its enterprise when `sources.github.enterprise` names it (minor when
#   none); every member has an identity linked to it, which is what enforced SAML SSO
#   guarantees (minor, naming the members without one); identities are provisioned by SCIM so
#   that removal in the identity provider removes the GitHub access (observation when none
#   is). GitHub's API does not say whether "Require SAML SSO authentication" is ticked; members
#   without a linked identity are the evidence that it is not.
# scope: package
# custom:
#   id: GH-02
#   severity: minor
#   controls: ["A.5.16", "A.5.18", "A.8.5"]
#   kinds: [github.sso]
#   input: document
#   remediation: >-
#     As an organisation owner (or enterprise owner) open Settings > Authentication security,
#     enable SAML single sign-on with your identity provider, test it, then tick "Require SAML
#     SSO authentication for all members". Ask members listed without a linked identity to
#     authenticate through the identity provider, or remove them. Configure SCIM provisioning
#     in the identity provider's GitHub application so that leavers are deprovisioned.
#   permissions: ["github:organization_administration:read", "github:members:read", "github:enterprise_administration:read"]
package ismscheck.gh02

import data.lib.isms

d := input.document.data

saml := d.saml

applies if is_object(saml)

where := sprintf("organisation %v or enterprise %v", [d.org, d.enterprise]) if is_string(d.enterprise)

else := sprintf("organisation %v (no enterprise named in sources.github.enterprise, so enterprise-level SAML was not read)", [d.org])

deny contains {
	"key": "no-saml",
	"msg": sprintf("No SAML single sign-on for %s: GitHub accounts do not follow the identity provider's joiners and leavers", [where]),
	"grade": "minor",
} if {
	count(saml) == 0
}

deny contains {
	"key": "members-without-identity",
	"msg": sprintf("Organisation %v: %s without an identity linked to the %s-level SAML identity provider (%v), so SAML SSO is not enforced for them: %s", [d.org, isms.plural(count(missing), "member"), saml.level, saml.sso_url, isms.list_text(missing, 10)]),
	"grade": "minor",
} if {
	count(saml) > 0
	missing := [m | some m in d.members_without_identity; is_string(m)]
	count(missing) > 0
}

deny contains {
	"key": "no-scim",
	"msg": sprintf("Organisation %v: none of the %v identities linked to the %s-level SAML identity provider is provisioned by SCIM; access is not removed automatically when someone leaves", [d.org, saml.external_identities, saml.level]),
	"grade": "observation",
} if {
	count(saml) > 0
	saml.scim_identities == 0
}
