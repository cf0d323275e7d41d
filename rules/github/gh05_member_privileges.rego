# METADATA
# title: Members cannot create public repositories, fork private ones, delete or transfer repositories or change their visibility
# description: >-
#   Only administrators should decide that code becomes public or leaves the organisation:
#   members must not be able to create public repositories nor fork private repositories
#   (organisation settings). Whether repository admins may delete or transfer repositories and
#   change their visibility is reported by GitHub only as an enterprise policy: when
#   sources.github.enterprise is set, a policy that allows it is a minor finding and "no policy"
#   (each organisation decides, and no API reports the organisation's choice) an observation.
#   Without an enterprise configured those two parts are not checked, and a pass says nothing
#   about them. A policy value other than enabled, disabled or no_policy is a gap (minor),
#   never a pass.
# scope: package
# custom:
#   id: GH-05
#   severity: minor
#   controls: ["A.8.4", "A.8.12", "A.5.14"]
#   kinds: [github.organization]
#   input: document
#   remediation: >-
#     As an organisation owner open Settings > Member privileges: under "Repository creation"
#     untick "Public", and under "Repository forking" untick "Allow forking of private and
#     internal repositories". While there, leave "Allow members to delete or transfer
#     repositories" and "Allow members to change repository visibilities" unticked. On an enterprise,
#     set the policies under Enterprise settings > Policies > Repositories ("Repository deletion
#     and transfer", "Repository visibility change") to Disabled rather than "No policy".
#   permissions: ["github:organization_administration:read", "github:enterprise_administration:read"]
package ismscheck.gh05

org := input.document.data

settings := {
	"members_can_create_public_repositories": "members can create public repositories",
	"members_can_fork_private_repositories": "members can fork private repositories",
}

deny contains {
	"key": field,
	"msg": sprintf("Organisation %v: %s (%s is true); only administrators should", [org.login, what, field]),
	"grade": "minor",
} if {
	some field, what in settings
	org[field] == true
}

# Enterprise policies GitHub reports for repository admins (only read when an enterprise is
# configured; null otherwise, and then nothing is said about these parts).
enterprise_settings := {
	"members_can_delete_repositories": "delete or transfer repositories",
	"members_can_change_repository_visibility": "change repository visibility",
}

policies := org.enterprise_policies if is_object(org.enterprise_policies)

deny contains {
	"key": field,
	"msg": sprintf("Organisation %v: enterprise %v allows repository admins to %s (policy %s is enabled); only organisation owners should", [org.login, org.enterprise, what, field]),
	"grade": "minor",
} if {
	some field, what in enterprise_settings
	policies[field] == "enabled"
}

deny contains {
	"key": field,
	"msg": sprintf("Organisation %v: enterprise %v sets no policy on who may %s (%s is no_policy); each organisation decides and GitHub reports no organisation's choice, so it cannot be evidenced", [org.login, org.enterprise, what, field]),
	"grade": "observation",
} if {
	some field, what in enterprise_settings
	policies[field] == "no_policy"
}

# GitHub's EnterpriseEnabledDisabledSettingValue. Anything else (a value added later, or none
# in evidence that should hold one) says nothing GH-05 can judge: a gap, never a pass. The
# collector makes such a value null with an error, so the rule is an error there; this
# catches evidence from elsewhere.
known_policy_values := {"enabled", "disabled", "no_policy"}

known_policy(field) if policies[field] in known_policy_values

deny contains {
	"key": field,
	"msg": sprintf("Organisation %v: enterprise %v reports %s as %s, not enabled, disabled or no_policy; whether repository admins may %s cannot be evidenced", [org.login, org.enterprise, field, json.marshal(object.get(policies, field, null)), what]),
	"grade": "minor",
} if {
	is_object(policies)
	some field, what in enterprise_settings
	not known_policy(field)
}
