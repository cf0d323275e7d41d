# METADATA
# title: Build, tests and static analysis gate merges to the default branch
# description: >-
#   Merging into the default branch must wait for required status checks that include a build
#   or test check and a static analysis (SAST) check. A check counts as SAST when its name
#   contains one of sast_checks (CodeQL, Semgrep, Sonar...) or an active ruleset requires code
#   scanning results; any other required check is taken as build or test. Classic protection
#   and active rulesets both count. Not checked: whether the named checks really build and
#   test (only their names are evidenced), nor the results of past analyses.
# scope: package
# custom:
#   id: GH-11
#   severity: minor
#   controls: ["A.8.29", "A.8.28", "A.8.25"]
#   kinds: [github.repository]
#   input: document
#   remediation: >-
#     In the ruleset protecting the default branch enable "Require status checks to pass" and
#     add the CI job that builds and runs the tests and the static analysis job (for CodeQL,
#     "Require code scanning results" with the CodeQL tool, or the "Analyze" check). With
#     classic protection: Settings > Branches > "Require status checks to pass before merging".
#     If your SAST check has another name, add it to the `sast_checks` parameter.
#   permissions: ["github:administration:read"]
#   params:
#     sast_checks: ["codeql", "analyze (", "code scanning", "code-scanning", "sast", "semgrep", "snyk", "sonar", "gosec", "bandit", "brakeman", "checkmarx", "veracode", "fortify"]
package ismscheck.gh11

import data.lib.github
import data.lib.isms

default_sast := [
	"codeql", "analyze (", "code scanning", "code-scanning", "sast", "semgrep", "snyk", "sonar",
	"gosec", "bandit", "brakeman", "checkmarx", "veracode", "fortify",
]

patterns := [lower(p) | some p in isms.param("sast_checks", default_sast); is_string(p); p != ""]

r := input.document.data

applies if {
	github.in_scope(r)
	github.readable_protection(r)
}

checks := github.status_checks(r)

sast := {c | some c in checks; is_sast(c)} | github.code_scanning_tools(r)

build := checks - sast

is_sast(c) if {
	some p in patterns
	contains(lower(c), p)
}

deny contains {
	"key": "no-checks",
	"msg": sprintf("%s requires no status checks before merging: no build, test or static analysis result gates the change", [github.branch(r)]),
	"grade": "minor",
} if {
	count(checks | sast) == 0
}

deny contains {
	"key": "no-sast",
	"msg": sprintf("%s requires %s (%s) but no static analysis: no required check matches sast_checks and no active ruleset requires code scanning results", [github.branch(r), isms.plural(count(build), "status check"), isms.list_text(sort(build), 5)]),
	"grade": "minor",
} if {
	count(build) > 0
	count(sast) == 0
}

deny contains {
	"key": "no-build",
	"msg": sprintf("%s requires only static analysis (%s): no build or test check is required", [github.branch(r), isms.list_text(sort(sast), 5)]),
	"grade": "minor",
} if {
	count(sast) > 0
	count(build) == 0
}
