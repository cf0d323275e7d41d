package ismscheck.git02_test

import data.ismscheck.git02

doc(m) := {
	"kind": "isms.document", "id": "procedures/backup.md", "complete": true,
	"data": {
		"path": "procedures/backup.md", "controlled": true, "type": "procedure", "meta": m,
		"lines": {"approved_on": 5, "next_review": 7},
	},
}

last_change := {
	"sha": "b2b2b2b2", "date": "2026-04-20", "author": "Alice", "signed": false,
	"pull_request": true, "reviewed_by": [], "reviewed": true,
}

history := {
	"kind": "git.file", "id": "procedures/backup.md", "complete": true,
	"data": {
		"path": "procedures/backup.md", "changes": 1, "commits": [last_change],
		"first_change": last_change, "last_change": last_change, "authors": ["Alice"],
	},
}

run(docs, gits) := r if {
	r := git02.deny with input as {"documents": {"isms.document": docs, "git.file": gits}, "as_of": "2026-11-21", "params": {}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_approval_on_or_after_the_last_change_day_passes if {
	count(run([doc({"approved_on": "2026-04-20", "next_review": "2027-04-20"})], [history])) == 0
	count(run([doc({"approved_on": "2026-03-01", "next_review": "2027-03-01"})], [history])) == 0
}

test_approval_dated_after_the_last_change_is_observation if {
	f := only(run([doc({"approved_on": "2026-05-01", "next_review": "2027-05-01"})], [history]))
	f.grade == "observation"
	f.key == "approved-after-last-change"
	f.line == 5
	f.resource == {"kind": "isms.document", "id": "procedures/backup.md"}
	f.evidence == [{"kind": "git.file", "id": "procedures/backup.md"}]
	f.msg == "procedures/backup.md: approved_on 2026-05-01 is later than the last change to the file (2026-04-20 by Alice): was the approval recorded before it was given?"
}

test_next_review_before_approval_is_observation if {
	f := only(run([doc({"approved_on": "2026-04-20", "next_review": "2025-04-20"})], [history]))
	f.grade == "observation"
	f.key == "next-review-before-approval"
	f.line == 7
	f.msg == "procedures/backup.md: next_review 2025-04-20 is earlier than approved_on 2026-04-20"
}

test_both_reasons_are_separate_findings if {
	r := run([doc({"approved_on": "2026-06-01", "next_review": "2026-01-01"})], [history])
	{f.key | some f in r} == {"approved-after-last-change", "next-review-before-approval"}
}

test_no_history_no_finding if {
	count(run([doc({"approved_on": "2026-06-01", "next_review": "2026-01-01"})], [])) == 0
}

test_invalid_or_missing_dates_are_left_to_doc_rules if {
	count(run([doc({"approved_on": "June 2026", "next_review": "2026-01-01"})], [history])) == 0
	count(run([doc({"next_review": "2026-01-01"})], [history])) == 0
}

test_uncontrolled_and_incomplete_documents_are_ignored if {
	m := {"approved_on": "2026-06-01", "next_review": "2026-01-01"}
	readme := json.patch(doc(m), [{"op": "replace", "path": "/data/controlled", "value": false}])
	count(run([readme], [history])) == 0
	count(run([object.union(doc(m), {"complete": false})], [history])) == 0
}
