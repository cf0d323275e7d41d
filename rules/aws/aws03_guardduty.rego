# METADATA
# title: GuardDuty watches every region and its high-severity findings are acted on
# description: >-
#   Each collected region needs an enabled GuardDuty detector (minor when there is none or it is
#   suspended). The detector should be centrally managed (observation when it is not): a
#   member whose relationship with its administrator account is enabled, or the administrator
#   itself, recognised by its associated members. A high-severity finding still open
#   after `guardduty_finding_sla_days` (default 7) shows monitoring that is not acted on (minor).
#   Regions the collector was not configured to read are not judged.
# scope: package
# custom:
#   id: AWS-03
#   severity: minor
#   controls: ["A.8.16", "A.5.7", "A.8.7", "A.5.25"]
#   kinds: [aws.region]
#   input: document
#   remediation: >-
#     Enable GuardDuty in every region (`aws guardduty create-detector --enable`), preferably from
#     a delegated administrator account that auto-enables it for all organization members.
#     Triage high-severity findings within the incident procedure's deadline: investigate,
#     remediate, then archive them with the reason recorded.
#   permissions:
#     - aws:guardduty:ListDetectors
#     - aws:guardduty:GetDetector
#     - aws:guardduty:GetAdministratorAccount
#     - aws:guardduty:ListMembers
#     - aws:guardduty:ListFindings
#     - aws:guardduty:GetFindings
#   params:
#     guardduty_finding_sla_days: 7
package ismscheck.aws03

import data.lib.aws
import data.lib.isms

sla := isms.number_param("guardduty_finding_sla_days", 7)

r := input.document.data

gd := r.guardduty

deny contains {
	"key": "no-detector",
	"msg": sprintf("region %s of account %s has no GuardDuty detector", [r.region, r.account_id]),
	"grade": "minor",
} if {
	is_object(gd)
	count(gd) == 0
}

deny contains {
	"key": "disabled",
	"msg": sprintf("region %s of account %s: GuardDuty detector %s is %s", [r.region, r.account_id, gd.detector_id, gd.status]),
	"grade": "minor",
} if {
	is_string(gd.status)
	gd.status != "ENABLED"
}

deny contains {
	"key": "not-central",
	"msg": sprintf(
		"region %s of account %s: the GuardDuty detector is not managed by a delegated administrator account, so findings are not seen centrally",
		[r.region, r.account_id],
	),
	"grade": "observation",
} if {
	gd.status == "ENABLED"
	not managed_by_administrator
	not is_administrator
	not unknown_management
}

# A member whose relationship with its administrator is in force (older evidence has no
# relationship status: the administrator alone then counts).
managed_by_administrator if {
	is_string(gd.administrator_account)
	gd.administrator_account != r.account_id
	not relationship_broken
}

relationship_broken if {
	is_string(gd.administrator_relationship)
	lower(gd.administrator_relationship) != "enabled"
}

# The delegated administrator's own detector is the central one: GetAdministratorAccount
# gives it no administrator, but it has associated members (or, in older evidence, the
# collector named the account itself as administrator).
is_administrator if gd.member_accounts > 0

is_administrator if gd.administrator_account == r.account_id

# Member count unread (ListMembers failed, declared): the document's error decides, not this rule.
unknown_management if {
	gd.administrator_account == null
	"member_accounts" in object.keys(gd)
	gd.member_accounts == null
}

deny contains {
	"key": "high-findings",
	"msg": sprintf(
		"region %s of account %s: %d high-severity GuardDuty findings open, the oldest since %s (%d days); the incident procedure allows %d (guardduty_finding_sla_days)",
		[r.region, r.account_id, gd.high_findings_open, aws.date(gd.oldest_high_finding_at), age, sla],
	),
	"grade": "minor",
} if {
	gd.high_findings_open > 0
	age := aws.days_since(gd.oldest_high_finding_at)
	age > sla
}
