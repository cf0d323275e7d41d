package ismscheck.aws25_test

import data.ismscheck.aws25

region(ecr) := {
	"kind": "aws.region", "id": "aws:111111111111:eu-west-1", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "ecr": ecr},
}

run(d) := r if {
	r := aws25.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

applies(d) if {
	aws25.applies with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_registry_wide_rule_passes_without_listing if {
	d := region({"scan_type": "ENHANCED", "registry_wide": true, "rules": []})
	applies(d)
	count(run(d)) == 0
}

test_every_repository_scanned_passes if {
	d := region({"scan_type": "BASIC", "registry_wide": false, "repositories": 2, "not_scanned_on_push": []})
	applies(d)
	count(run(d)) == 0
}

test_unscanned_repositories_are_minor if {
	r := run(region({"scan_type": "BASIC", "registry_wide": false, "repositories": 3, "not_scanned_on_push": ["legacy-tools"]}))
	count(r) == 1
	some f in r
	f.key == "not-scanned-on-push"
	f.grade == "minor"
	f.msg == "region eu-west-1 of account 111111111111: 1 of 3 ECR repositories do not scan images on push (BASIC scanning): legacy-tools"
}

test_long_lists_are_cut if {
	repos := [sprintf("r%02d", [i]) | some i in numbers.range(1, 12)]
	some f in run(region({"scan_type": "BASIC", "registry_wide": false, "repositories": 12, "not_scanned_on_push": repos}))
	endswith(f.msg, "r01, r02, r03, r04, r05, r06, r07, r08, r09, r10 and 2 more")
}

# No repository and no registry-wide rule: nothing exists to pass.
test_no_repositories_is_not_applicable if {
	not applies(region({"scan_type": "BASIC", "registry_wide": false, "repositories": 0, "not_scanned_on_push": []}))
}

test_unread_facts_are_not_judged if {
	not applies(region(null))
	d := region({"scan_type": "BASIC", "registry_wide": false, "repositories": null, "not_scanned_on_push": null})
	not applies(d)
	count(run(d)) == 0
}
