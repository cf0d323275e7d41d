package ismscheck.doc30_test

import data.ismscheck.doc30

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "plan", "date", "type", "result"]

t(id, plan, date) := {"id": id, "plan": plan, "date": date, "type": "tabletop", "result": "passed"}

register(c, rows) := {
	"kind": "isms.register", "id": "registers/continuity.csv", "complete": true,
	"data": {
		"path": "registers/continuity.csv", "register": "continuity", "format": "csv", "meta": {},
		"columns": c, "rows": rows, "row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

run(regs, params) := r if {
	r := doc30.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_recent_tests_pass if {
	rows := [
		t("BCT-01", "Crisis plan", "2025-04-01"),
		t("BCT-02", "Crisis plan", "2026-04-22"),
		t("BCT-03", "Restore", "2025-11-21"),
		t("BCT-04", "Region failover", "2026-06-24"),
		t("BCT-05", "Region failover", "2027-03-15"), # planned
	]
	count(run([register(cols, rows)], {})) == 0
}

test_absent_is_minor if {
	f := only(run([], {}))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No continuity test records")
	contains(f.msg, "`continuity`")
}

test_empty_is_minor if {
	f := only(run([register(cols, [])], {}))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/continuity.csv: no continuity or ICT readiness test is recorded"
}

test_stale_and_only_planned_plans_are_one_minor if {
	rows := [
		t("BCT-01", "Crisis plan", "2026-04-22"),
		t("BCT-02", "Restore", "2025-11-20"),
		t("BCT-03", "Region failover", "2027-03-15"),
	]
	f := only(run([register(cols, rows)], {}))
	f.grade == "minor"
	f.key == "untested"
	f.msg == "registers/continuity.csv: plans not tested within 365 days: Region failover (no test recorded); Restore (last tested 2025-11-20, 366 days ago)"
}

test_interval_is_a_param if {
	rows := [t("BCT-02", "Restore", "2025-06-01")]
	count(run([register(cols, rows)], {"continuity_test_days": 730})) == 0
	f := only(run([register(cols, rows)], {}))
	f.key == "untested"
}

test_log_without_plan_column_is_one_plan if {
	rows := [{"id": "BCT-01", "date": "2025-01-10"}]
	r := run([register(["id", "date"], rows)], {})
	count(r) == 2
	some f in r
	f.key == "untested"
	f.msg == "registers/continuity.csv: plans not tested within 365 days: registers/continuity.csv (last tested 2025-01-10, 680 days ago)"
	some g in r
	g.key == "columns"
	g.msg == "registers/continuity.csv: the continuity register has no column for plan"
}

test_rows_with_bad_dates_are_minor if {
	rows := [t("BCT-01", "Crisis plan", "2026-04-22"), t("BCT-02", "Crisis plan", "April")]
	f := only(run([register(cols, rows)], {}))
	f.grade == "minor"
	f.key == "rows"
	f.line == 3
	f.msg == `registers/continuity.csv: continuity tests with missing or invalid values (1 of 2): BCT-02 (line 3): date "April" (not a date)`
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register(cols, []), {"complete": false})], {})) == 0
}
