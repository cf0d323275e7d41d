package ismscheck.doc22_test

import data.ismscheck.doc22

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

report(id, m) := {"kind": "isms.document", "id": id, "complete": true, "data": {"path": id, "controlled": true, "type": "audit_report", "meta": m}}

run(docs, params) := r if {
	r := doc22.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs}, "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_recent_audit_passes if {
	docs := [report("audits/2025-10.md", {"date": "2025-10-01"}), report("audits/2026-06.md", {"date": "2026-06-15"})]
	count(run(docs, {})) == 0
}

test_audit_date_field_is_accepted if {
	count(run([report("audits/2026.md", {"audit_date": "2025-11-21"})], {})) == 0
}

test_no_report_is_major if {
	f := only(run([{"kind": "isms.document", "id": "scope.md", "data": {"type": "scope"}}], {}))
	f.grade == "major"
	contains(f.msg, "type: audit_report")
	contains(f.msg, "365 days")
}

test_old_audit_is_major_and_names_the_latest if {
	docs := [report("audits/2024-02.md", {"date": "2024-02-01"}), report("audits/2025-03.md", {"date": "2025-03-10"})]
	f := only(run(docs, {}))
	f.grade == "major"
	f.msg == "No internal audit within the last 365 days: the latest audit report, audits/2025-03.md, is dated 2025-03-10 (621 days before 2026-11-21)"
	f.evidence == [{"kind": "isms.document", "id": "audits/2025-03.md"}]
}

test_interval_is_a_param if {
	docs := [report("audits/2025-03.md", {"date": "2025-03-10"})]
	count(run(docs, {"audit_interval_days": 730})) == 0
	f := only(run([report("audits/2026-06.md", {"date": "2026-06-15"})], {"audit_interval_days": 90}))
	f.grade == "major"
	contains(f.msg, "within the last 90 days")
}

test_undated_report_is_major if {
	f := only(run([report("audits/2026.md", {"date": "TBD", "title": "Internal audit"})], {}))
	f.grade == "major"
	f.msg == "No dated internal audit report: 1 audit report (audits/2026.md) was found, but none has a valid past audit date in `date` or `audit_date` (YYYY-MM-DD)"
}

test_future_dated_report_does_not_count if {
	f := only(run([report("audits/2027-01.md", {"date": "2027-01-15"})], {}))
	f.grade == "major"
	contains(f.msg, "No dated internal audit report")
}

test_unreadable_report_is_not_judged if {
	broken := object.union(report("audits/2026.md", {}), {"complete": false})
	count(run([broken], {})) == 0
}

test_interval_boundaries if {
	# an audit today counts, one exactly an interval ago counts, one a day older does not
	count(run([report("audits/today.md", {"date": "2026-11-21"})], {})) == 0
	count(run([report("audits/edge.md", {"date": "2025-11-21"})], {})) == 0
	f := only(run([report("audits/old.md", {"date": "2025-11-20"})], {}))
	f.grade == "major"
	contains(f.msg, "(366 days before 2026-11-21)")
}
