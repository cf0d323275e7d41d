# METADATA
# title: Container images are scanned on push
# description: >-
#   Every private ECR repository of a collected region should scan images when they are
#   pushed: a registry scanning rule that matches every repository (`*`, scan on push or,
#   with enhanced scanning, continuous), or, per repository, a matching rule or (basic
#   scanning only) the repository's own scan-on-push setting. Repositories left unscanned
#   are a minor finding, named in the message. A region whose registry has no such
#   registry-wide rule and no repository has nothing to judge: no pass is claimed for
#   repositories that do not exist. Unread facts (the error names the action) make the rule
#   skipped or in error for the region.
# scope: package
# custom:
#   id: AWS-25
#   severity: minor
#   controls: ["A.8.8", "A.8.19", "A.8.9"]
#   kinds: [aws.region]
#   input: document
#   remediation: >-
#     Add a registry scanning rule that scans every repository on push (`aws ecr
#     put-registry-scanning-configuration --scan-type ENHANCED --rules
#     '[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'`,
#     or SCAN_ON_PUSH with BASIC scanning).
#   permissions:
#     - aws:ecr:GetRegistryScanningConfiguration
#     - aws:ecr:DescribeRepositories
package ismscheck.aws25

r := input.document.data

registry := r.ecr

applies if registry.registry_wide == true

applies if registry.repositories > 0

# At most this many repositories are named in the message.
max_named := 10

deny contains {
	"key": "not-scanned-on-push",
	"msg": sprintf(
		"region %s of account %s: %d of %d ECR repositories do not scan images on push (%s scanning): %s",
		[r.region, r.account_id, n, registry.repositories, registry.scan_type, names],
	),
	"grade": "minor",
} if {
	registry.registry_wide == false
	is_array(registry.not_scanned_on_push)
	n := count(registry.not_scanned_on_push)
	n > 0
}

names := concat(", ", registry.not_scanned_on_push) if {
	count(registry.not_scanned_on_push) <= max_named
} else := sprintf("%s and %d more", [
	concat(", ", array.slice(registry.not_scanned_on_push, 0, max_named)),
	count(registry.not_scanned_on_push) - max_named,
])
