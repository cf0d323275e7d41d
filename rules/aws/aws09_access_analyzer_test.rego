package ismscheck.aws09_test

import data.ismscheck.aws09

region(aa) := {
	"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "access_analyzer": aa},
}

run(aa) := r if {
	r := aws09.deny with input as {"document": region(aa), "as_of": "2026-11-21", "params": {}}
}

analyzer := {"name": "org", "type": "ORGANIZATION", "status": "ACTIVE"}

test_active_analyzer_without_findings_passes if {
	count(run({"analyzers": [analyzer], "active_findings": 0})) == 0
}

test_unreadable_is_not_judged if {
	count(run(null)) == 0
	count(run({"analyzers": [analyzer], "active_findings": null})) == 0
}

test_no_analyzer_is_observation if {
	r := run({"analyzers": [], "active_findings": null})
	count(r) == 1
	some f in r
	f.grade == "observation"
	f.msg == "region eu-west-1 of account 111111111111 has no active IAM Access Analyzer"
	some g in run({"analyzers": [object.union(analyzer, {"status": "FAILED"})], "active_findings": null})
	g.msg == "region eu-west-1 of account 111111111111 has no active IAM Access Analyzer (org is FAILED)"
}

test_open_findings_are_observation if {
	r := run({"analyzers": [analyzer], "active_findings": 4})
	count(r) == 1
	some f in r
	f.key == "findings"
	f.msg == "region eu-west-1 of account 111111111111: 4 active IAM Access Analyzer findings (external or public access) are not triaged"
}
