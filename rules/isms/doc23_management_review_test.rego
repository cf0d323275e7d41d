package ismscheck.doc23_test

import data.ismscheck.doc23

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

all_inputs := [
	"status_of_previous_actions", "external_internal_issues", "interested_parties",
	"nonconformities_corrective_actions", "monitoring_results", "audit_results",
	"objectives", "feedback", "risk_assessment_results", "improvement_opportunities",
]

review(id, m) := {
	"kind": "isms.document", "id": id, "complete": true,
	"data": {"path": id, "controlled": true, "type": "management_review", "meta": m, "lines": {"date": 3, "inputs": 5}},
}

run(docs, params) := r if {
	r := doc23.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs}, "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_recent_complete_review_passes if {
	count(run([review("mr/2026-05.md", {"date": "2026-05-20", "inputs": all_inputs})], {})) == 0
}

test_inputs_as_titles_or_map_pass if {
	titles := ["Status of previous actions", "External / internal issues", "Interested parties", "Nonconformities & corrective actions", "Monitoring results", "Audit results", "Objectives", "Feedback", "Risk assessment results", "Improvement opportunities"]
	count(run([review("mr/a.md", {"review_date": "2026-05-20", "inputs": titles})], {})) == 0
	as_map := {k: "discussed" | some k in all_inputs}
	count(run([review("mr/b.md", {"held_on": "2026-05-20", "inputs": as_map})], {})) == 0
}

test_no_review_is_major if {
	f := only(run([], {}))
	f.grade == "major"
	contains(f.msg, "type: management_review")
}

test_old_review_is_major_and_names_the_latest if {
	docs := [
		review("mr/2024-09.md", {"date": "2024-09-01", "inputs": all_inputs}),
		review("mr/2025-06.md", {"date": "2025-06-30", "inputs": all_inputs}),
	]
	f := only(run(docs, {}))
	f.grade == "major"
	f.msg == "No management review within the last 365 days: the latest, mr/2025-06.md, was held on 2025-06-30 (509 days before 2026-11-21)"
	f.evidence == [{"kind": "isms.document", "id": "mr/2025-06.md"}]
}

test_undated_review_is_major if {
	f := only(run([review("mr/next.md", {"inputs": all_inputs})], {}))
	f.grade == "major"
	contains(f.msg, "1 management review (mr/next.md) was found, but none has a valid past meeting date")
}

test_missing_inputs_is_minor_on_latest if {
	some_inputs := [x | some x in all_inputs; not x in {"feedback", "audit_results"}]
	docs := [
		review("mr/2025-12.md", {"date": "2025-12-01", "inputs": ["feedback"]}),
		review("mr/2026-06.md", {"date": "2026-06-01", "inputs": some_inputs}),
	]
	f := only(run(docs, {}))
	f.grade == "minor"
	f.resource == {"kind": "isms.document", "id": "mr/2026-06.md"}
	f.line == 5
	f.msg == "mr/2026-06.md: the latest management review does not record these required inputs in `inputs`: audit_results, feedback"
}

test_missing_inputs_field_is_minor if {
	f := only(run([review("mr/2026-06.md", {"date": "2026-06-01"})], {"required_inputs": ["audit_results", "feedback"]}))
	f.grade == "minor"
	f.msg == "mr/2026-06.md: the latest management review does not record these required inputs in `inputs`: audit_results, feedback"
}

test_blank_map_entries_do_not_count if {
	m := {"date": "2026-06-01", "inputs": {"audit_results": "TBD", "feedback": "NPS 42"}}
	f := only(run([review("mr/2026-06.md", m)], {"required_inputs": ["audit_results", "feedback"]}))
	f.grade == "minor"
	endswith(f.msg, "in `inputs`: audit_results")
}

test_old_review_with_missing_inputs_gives_both if {
	r := run([review("mr/2024.md", {"date": "2024-01-10", "inputs": []})], {"required_inputs": ["feedback"]})
	count(r) == 2
	{f.grade | some f in r} == {"major", "minor"}
}

test_unreadable_review_is_not_judged if {
	broken := object.union(review("mr/x.md", {}), {"complete": false})
	count(run([broken], {})) == 0
}

test_interval_boundaries if {
	count(run([review("mr/today.md", {"date": "2026-11-21", "inputs": all_inputs})], {})) == 0
	count(run([review("mr/edge.md", {"date": "2025-11-21", "inputs": all_inputs})], {})) == 0
	f := only(run([review("mr/old.md", {"date": "2025-11-20", "inputs": all_inputs})], {}))
	f.grade == "major"
	contains(f.msg, "(366 days before 2026-11-21)")
}

test_unreadable_latest_review_inputs_not_graded if {
	ok := review("mr/2026-05.md", {"date": "2026-05-01", "inputs": all_inputs})
	broken := object.union(review("mr/2026-09.md", {"date": "2026-09-01"}), {"complete": false})
	count(run([ok, broken], {})) == 0
}
