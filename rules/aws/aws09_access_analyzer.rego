# METADATA
# title: IAM Access Analyzer runs and its external-access findings are triaged
# description: >-
#   Each collected region should have an active IAM Access Analyzer (observation when none) and
#   no active findings left untriaged (observation): they are resources shared outside the
#   account or organization that nobody has confirmed as intended.
# scope: package
# custom:
#   id: AWS-09
#   severity: observation
#   controls: ["A.5.15", "A.8.3"]
#   kinds: [aws.region]
#   input: document
#   remediation: >-
#     Create an analyzer in every region (`aws accessanalyzer create-analyzer --type ORGANIZATION`
#     from the delegated administrator, or ACCOUNT), then review each active finding: remove
#     unintended access, or archive the finding (an archive rule for accepted patterns) with the
#     reason recorded.
#   permissions:
#     - aws:access-analyzer:ListAnalyzers
#     - aws:access-analyzer:ListFindingsV2
package ismscheck.aws09

r := input.document.data

aa := r.access_analyzer

deny contains {
	"key": "no-analyzer",
	"msg": sprintf("region %s of account %s has no active IAM Access Analyzer%s", [r.region, r.account_id, inactive]),
	"grade": "observation",
} if {
	is_array(aa.analyzers)
	not some_active
}

some_active if {
	some a in aa.analyzers
	upper(a.status) == "ACTIVE"
}

inactive := sprintf(" (%s)", [concat(", ", [sprintf("%s is %s", [a.name, a.status]) | some a in aa.analyzers])]) if {
	count(aa.analyzers) > 0
} else := ""

deny contains {
	"key": "findings",
	"msg": sprintf("region %s of account %s: %d active IAM Access Analyzer findings (external or public access) are not triaged", [r.region, r.account_id, aa.active_findings]),
	"grade": "observation",
} if {
	aa.active_findings > 0
}
