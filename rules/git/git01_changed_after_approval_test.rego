package ismscheck.git01_test

import data.ismscheck.git01

# 2026-11-21
as_of_ns := 1795219200000000000

doc(id, type, m) := {
	"kind": "isms.document", "id": id, "complete": true,
	"data": {"path": id, "controlled": true, "type": type, "meta": m, "lines": {"title": 2, "approved_on": 5}},
}

policy(approved_on) := doc("policies/access-control.md", "policy", {"title": "Access control", "approved_on": approved_on})

commit(sha, date, author) := {
	"sha": sha, "date": date, "author": author, "signed": false,
	"pull_request": false, "reviewed_by": [], "reviewed": false,
}

# commits newest first, as the collector lists them.
history(id, commits, changes) := {
	"kind": "git.file", "id": id, "complete": true,
	"data": {
		"path": id, "changes": changes, "commits": commits,
		"first_change": commits[count(commits) - 1], "last_change": commits[0], "authors": [],
	},
}

access_history := history(
	"policies/access-control.md",
	[
		commit("c4c4c4c4c4c4", "2026-05-02", "Bob"),
		commit("c3c3c3c3c3c3", "2026-04-10", "Carol"),
		commit("c2c2c2c2c2c2", "2026-03-01", "Alice"),
		commit("c1c1c1c1c1c1", "2026-01-15", "Alice"),
	],
	4,
)

run(docs, gits) := r if {
	r := git01.deny with input as {"documents": {"isms.document": docs, "git.file": gits}, "as_of": "2026-11-21", "params": {}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_changes_after_approval_are_minor if {
	f := only(run([policy("2026-03-01")], [access_history]))
	f.grade == "minor"
	f.key == "changed-after-approval"
	f.line == 5
	f.resource == {"kind": "isms.document", "id": "policies/access-control.md"}
	f.evidence == [{"kind": "git.file", "id": "policies/access-control.md"}]
	f.msg == "policies/access-control.md: 2 changes since its approval on 2026-03-01, the latest on 2026-05-02 by Bob (c4c4c4c)"
}

test_commit_on_the_approval_day_is_the_approval if {
	count(run([policy("2026-05-02")], [access_history])) == 0
}

test_one_change if {
	f := only(run([policy("2026-04-10")], [access_history]))
	contains(f.msg, ": 1 change since its approval on 2026-04-10, the latest on 2026-05-02 by Bob")
}

test_latest_is_by_date_not_by_position if {
	# A rebased commit can be listed before an older-dated one.
	h := history("policies/access-control.md", [commit("aaaaaaa1", "2026-04-01", "Bob"), commit("bbbbbbb2", "2026-06-01", "Dana"), commit("ccccccc3", "2026-01-01", "Alice")], 3)
	f := only(run([policy("2026-03-01")], [h]))
	contains(f.msg, "the latest on 2026-06-01 by Dana (bbbbbbb)")
}

test_truncated_history_says_at_least if {
	kept := history("policies/access-control.md", [commit("a1", "2026-05-02", "Bob"), commit("a2", "2026-04-02", "Bob")], 150)

	# The file was added long before; that commit is beyond the kept ones.
	h := object.union(kept, {"data": {"first_change": commit("a0", "2024-01-01", "Alice")}})
	f := only(run([policy("2026-03-01")], [h]))
	startswith(f.msg, "policies/access-control.md: at least 2 changes since its approval")
}

test_adding_the_file_after_approval_is_not_a_change if {
	# The ISMS moved into Git after the policy was approved: the import is no change.
	imported := history("policies/access-control.md", [commit("i1", "2026-06-01", "Tom")], 1)
	count(run([policy("2026-03-01")], [imported])) == 0

	# A later edit still counts.
	edited := history("policies/access-control.md", [commit("e2", "2026-07-01", "Bob"), commit("i1", "2026-06-01", "Tom")], 2)
	f := only(run([policy("2026-03-01")], [edited]))
	contains(f.msg, ": 1 change since its approval on 2026-03-01, the latest on 2026-07-01 by Bob")
}

test_records_are_exempt if {
	report := doc("policies/access-control.md", "audit_report", {"approved_on": "2026-03-01"})
	count(run([report], [access_history])) == 0
}

test_record_types_is_a_param if {
	r := git01.deny with input as {
		"documents": {"isms.document": [policy("2026-03-01")], "git.file": [access_history]},
		"params": {"record_types": ["policy"]},
	}
	count(r) == 0
}

test_uncontrolled_document_is_ignored if {
	readme := json.patch(policy("2026-03-01"), [{"op": "replace", "path": "/data/controlled", "value": false}])
	count(run([readme], [access_history])) == 0
}

test_no_history_no_finding if {
	# An untracked new file, or no Git evidence at all.
	count(run([policy("2026-03-01")], [])) == 0
	count(run([policy("2026-03-01")], [history("other.md", [commit("x", "2026-09-01", "Bob")], 1)])) == 0
}

test_missing_or_invalid_approval_date_is_left_to_doc_rules if {
	count(run([policy("01/03/2026")], [access_history])) == 0
	count(run([doc("policies/access-control.md", "policy", {})], [access_history])) == 0
}

test_incomplete_document_is_not_graded if {
	d := object.union(policy("2026-03-01"), {"complete": false})
	count(run([d], [access_history])) == 0
}

test_each_document_is_judged_on_its_own_history if {
	other := doc("procedures/backup.md", "procedure", {"approved_on": "2026-08-01"})
	other_history := history("procedures/backup.md", [commit("bk1", "2026-07-01", "Alice")], 1)
	f := only(run([policy("2026-03-01"), other], [access_history, other_history]))
	f.resource.id == "policies/access-control.md"
}

test_grace_days_cover_a_late_merge if {
	r := git01.deny with input as {
		"documents": {"isms.document": [policy("2026-04-05")], "git.file": [access_history]},
		"params": {"approval_grace_days": 5},
	}
	f := only(r) # 2026-04-10 is within five days of 2026-04-05; 2026-05-02 is not
	contains(f.msg, ": 1 change since its approval on 2026-04-05, the latest on 2026-05-02")

	t := git01.deny with input as {
		"documents": {"isms.document": [policy("2026-04-05")], "git.file": [access_history]},
		"params": {"approval_grace_days": 27},
	}
	count(t) == 0

	s := git01.deny with input as {
		"documents": {"isms.document": [policy("2026-04-05")], "git.file": [access_history]},
		"params": {"approval_grace_days": 4},
	}
	g := only(s)
	contains(g.msg, ": 2 changes since its approval on 2026-04-05")
}

test_unusable_grace_days_means_none if {
	r := git01.deny with input as {
		"documents": {"isms.document": [policy("2026-05-01")], "git.file": [access_history]},
		"params": {"approval_grace_days": "a week"},
	}
	count(r) == 1
}
