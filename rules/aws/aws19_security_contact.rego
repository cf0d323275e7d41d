# METADATA
# title: AWS can reach the organisation's security team about the account
# description: >-
#   An account without a security alternate contact cannot be reached by AWS about abuse
#   reports and security events on it (observation). Split from AWS-18 so that each rule
#   declares only what it reads: a refused account:GetAlternateContact skips this rule alone.
# scope: package
# custom:
#   id: AWS-19
#   severity: observation
#   controls: ["A.5.5", "A.5.24"]
#   kinds: [aws.account]
#   input: document
#   remediation: >-
#     Register the security team's shared mailbox and phone as the account's security alternate
#     contact (`aws account put-alternate-contact --alternate-contact-type SECURITY ...`), or for
#     every member account from the management account.
#   permissions:
#     - aws:account:GetAlternateContact
package ismscheck.aws19

import data.lib.aws

a := input.document

# security_contact is null when GetAlternateContact failed: the document then carries the
# error and the engine skips or errors this rule (it declares the action).
deny contains {
	"key": "security-contact",
	"msg": sprintf("account %s has no security contact registered with AWS", [aws.account_label(a)]),
	"grade": "observation",
} if {
	a.data.security_contact.configured == false
}
