# METADATA
# title: Every IAM user is accountable to a named person
# description: >-
#   Implements IDP-08 for AWS IAM users: a service user (access keys but no console password)
#   needs an owner and a purpose tag (`owner_tags`, `purpose_tags`), and a console user must not
#   have a generic or shared name matching `generic_user_pattern` (minor per user).
# scope: package
# custom:
#   id: AWS-IAM-05
#   severity: minor
#   controls: ["A.5.16", "A.5.17"]
#   kinds: [aws.iam.user]
#   input: document
#   remediation: >-
#     Tag each service user with its owner and purpose (`aws iam tag-user --user-name NAME --tags
#     Key=owner,Value=team-payments Key=purpose,Value="nightly export"`), or replace it with a
#     role. Replace shared console users by personal identities (through Identity Center).
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#     - aws:iam:GetAccountAuthorizationDetails
#   params:
#     owner_tags: ["owner", "contact"]
#     purpose_tags: ["purpose", "description"]
#     generic_user_pattern: "^(admin|administrator|root|test|tester|testuser|guest|shared|temp|tmp|demo|default|user[0-9]*|dev|ops|support)$"
package ismscheck.awsiam05

import data.lib.aws
import data.lib.isms

u := input.document.data

owner_tags := isms.param("owner_tags", ["owner", "contact"])

purpose_tags := isms.param("purpose_tags", ["purpose", "description"])

generic := isms.param("generic_user_pattern", "^(admin|administrator|root|test|tester|testuser|guest|shared|temp|tmp|demo|default|user[0-9]*|dev|ops|support)$")

service_user if {
	u.password_enabled == false
	some k in u.access_keys
	k.active == true
}

deny contains {
	"key": "unowned",
	"msg": sprintf("service user %s (account %s) has active access keys but no %s tag", [u.name, u.account_id, concat(" or ", missing)]),
	"grade": "minor",
} if {
	service_user
	missing := [sprintf("%s (%s)", [what, concat("/", keys)]) |
		some [what, keys] in [["owner", owner_tags], ["purpose", purpose_tags]]
		not aws.has_tag(u.tags, keys)
	]
	count(missing) > 0
}

deny contains {
	"key": "generic",
	"msg": sprintf("IAM user %s (account %s) signs in to the console under a generic name: it cannot be tied to one person", [u.name, u.account_id]),
	"grade": "minor",
} if {
	u.password_enabled == true
	is_string(generic)
	regex.is_valid(generic)
	regex.match(generic, lower(u.name))
}
