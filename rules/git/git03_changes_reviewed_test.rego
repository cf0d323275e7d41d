package ismscheck.git03_test

import data.ismscheck.git03

doc(id, type) := {
	"kind": "isms.document", "id": id, "complete": true,
	"data": {"path": id, "controlled": true, "type": type, "meta": {"approved_on": "2026-01-01"}},
}

change(sha, reviewed) := {
	"sha": sha, "date": "2026-04-20", "author": "Bob", "signed": false,
	"pull_request": false, "reviewed_by": [], "reviewed": reviewed,
}

history(id, last) := {
	"kind": "git.file", "id": id, "complete": true,
	"data": {"path": id, "changes": 1, "commits": [last], "first_change": last, "last_change": last, "authors": ["Bob"]},
}

policy := doc("policies/access-control.md", "policy")

run(docs, gits, params) := r if {
	r := git03.deny with input as {"documents": {"isms.document": docs, "git.file": gits}, "as_of": "2026-11-21", "params": params}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_reviewed_last_change_passes if {
	count(run([policy], [history(policy.id, change("a1b2c3d4e5", true))], {})) == 0
}

test_unreviewed_last_change_is_observation if {
	f := only(run([policy], [history(policy.id, change("a1b2c3d4e5", false))], {}))
	f.grade == "observation"
	f.key == "unreviewed-change"
	f.resource == {"kind": "isms.document", "id": "policies/access-control.md"}
	f.evidence == [{"kind": "git.file", "id": "policies/access-control.md"}]
	f.msg == "policies/access-control.md: the last change (a1b2c3d on 2026-04-20 by Bob) was not reviewed: unsigned, not merged through a pull request, no Reviewed-by trailer"
}

test_only_the_last_change_counts if {
	h := json.patch(history(policy.id, change("new", true)), [{"op": "add", "path": "/data/commits/-", "value": change("old", false)}])
	count(run([policy], [h], {})) == 0
}

test_types_can_be_limited if {
	proc := doc("procedures/backup.md", "procedure")
	gits := [history(policy.id, change("p1", false)), history(proc.id, change("b1", false))]
	count(run([policy, proc], gits, {})) == 2
	f := only(run([policy, proc], gits, {"require_review_for_types": ["policy", "information_security_policy"]}))
	f.resource.id == "policies/access-control.md"
}

test_no_history_no_finding if {
	count(run([policy], [], {})) == 0
}

test_uncontrolled_and_incomplete_documents_are_ignored if {
	readme := json.patch(policy, [{"op": "replace", "path": "/data/controlled", "value": false}])
	count(run([readme], [history(policy.id, change("a1", false))], {})) == 0
	count(run([object.union(policy, {"complete": false})], [history(policy.id, change("a1", false))], {})) == 0
}
