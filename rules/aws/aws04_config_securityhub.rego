# METADATA
# title: AWS Config records and Security Hub checks every region
# description: >-
#   Each collected region needs an AWS Config recorder that is recording all supported resource
#   types (minor when there is none or it is stopped; observation when it records a selection
#   only), and Security Hub enabled with at least one security standard ready (minor).
# scope: package
# custom:
#   id: AWS-04
#   severity: minor
#   controls: ["A.8.9", "A.8.16", "A.5.9"]
#   kinds: [aws.region]
#   input: document
#   remediation: >-
#     In every region start an AWS Config recorder for all supported resource types
#     (`aws configservice put-configuration-recorder` with `allSupported=true`, a delivery
#     channel, then `start-configuration-recorder`), and enable Security Hub with a standard such
#     as AWS Foundational Security Best Practices or CIS (`aws securityhub enable-security-hub
#     --enable-default-standards`). With AWS Organizations do both from a delegated administrator.
#   permissions:
#     - aws:config:DescribeConfigurationRecorders
#     - aws:config:DescribeConfigurationRecorderStatus
#     - aws:securityhub:GetEnabledStandards
package ismscheck.aws04

r := input.document.data

where := sprintf("region %s of account %s", [r.region, r.account_id])

recorders := r.config_recorders

deny contains {
	"key": "no-recorder",
	"msg": sprintf("%s has no AWS Config recorder: configuration changes are not recorded", [where]),
	"grade": "minor",
} if {
	is_array(recorders)
	count(recorders) == 0
}

deny contains {
	"key": "not-recording",
	"msg": sprintf("%s: AWS Config recorder %s is not recording (last status %v)", [where, c.name, c.last_status]),
	"grade": "minor",
} if {
	some c in recorders
	c.recording == false
}

deny contains {
	"key": "partial-recording",
	"msg": sprintf("%s: AWS Config recorder %s records a selection of resource types, not all supported types", [where, c.name]),
	"grade": "observation",
} if {
	some c in recorders
	c.recording == true
	c.all_supported == false
}

deny contains {
	"key": "no-securityhub",
	"msg": sprintf("%s: Security Hub is not enabled", [where]),
	"grade": "minor",
} if {
	r.securityhub.enabled == false
}

deny contains {
	"key": "no-standard",
	"msg": sprintf("%s: Security Hub is enabled but no security standard is ready (standards: %s)", [where, standards_text]),
	"grade": "minor",
} if {
	r.securityhub.enabled == true
	is_array(r.securityhub.standards)
	not some_standard_ready
}

some_standard_ready if {
	some s in r.securityhub.standards
	upper(s.status) == "READY"
}

standards_text := "none" if {
	count(r.securityhub.standards) == 0
} else := concat(", ", [sprintf("%s %s", [s.arn, s.status]) | some s in r.securityhub.standards])
