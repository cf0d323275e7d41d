package ismscheck.doc16_test

import data.ismscheck.doc16

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

people := [sprintf("E-%d", [n]) | some n in numbers.range(1001, 1020)]

rec(p, period, date) := {"person": p, "course": "Security awareness", "period": period, "completed_on": date}

register(rows) := {
	"kind": "isms.register", "id": "registers/awareness.csv", "complete": true,
	"data": {
		"path": "registers/awareness.csv", "register": "awareness", "format": "csv", "meta": {},
		"columns": ["person", "course", "period", "completed_on"], "rows": rows,
		"row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

this_year := [rec(p, "2026", "2026-10-01") | some p in people]

last_year := [rec(p, "2025", "2025-10-01") | some p in array.slice(people, 0, 5)]

run(regs, params) := r if {
	r := doc16.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}, "params": params}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_full_completion_passes if {
	count(run([register(array.concat(last_year, this_year))], {})) == 0
}

test_one_pending_of_twenty_meets_target if {
	rows := array.concat(array.slice(this_year, 0, 19), [rec("E-1020", "2026", "")])
	count(run([register(rows)], {})) == 0
}

test_absent_is_minor if {
	f := only(run([], {}))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No awareness records")
	contains(f.msg, "`awareness`")
}

test_empty_is_minor if {
	f := only(run([register([])], {}))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/awareness.csv: no awareness training is recorded"
}

test_below_target_in_current_period_is_minor if {
	pending := [rec(p, "2026", "") | some p in ["E-1002", "E-1003"]]
	rows := array.concat(last_year, array.concat(pending, [x | some x in this_year; not x.person in {"E-1002", "E-1003"}]))
	f := only(run([register(rows)], {}))
	f.grade == "minor"
	f.key == "completion"
	f.resource == {"kind": "isms.register", "id": "registers/awareness.csv"}
	f.msg == "registers/awareness.csv: 18 of 20 people (90%) completed awareness training in period 2026, below the 95% target; not completed: E-1002, E-1003"
}

test_target_is_a_param if {
	rows := array.concat(array.slice(this_year, 0, 18), [rec("E-1019", "2026", ""), rec("E-1020", "2026", "")])
	count(run([register(rows)], {"awareness_target": 0.9})) == 0
	f := only(run([register(rows)], {}))
	f.key == "completion"
}

test_status_or_yes_counts_as_completed if {
	rows := [
		{"person": "A", "status": "Completed"},
		{"person": "B", "completed": "yes"},
		{"person": "C", "completed_on": "2026-11-22"}, # after the audit date
	]
	f := only(run([register(rows)], {}))
	f.key == "completion"
	f.msg == "registers/awareness.csv: 2 of 3 people (66.7%) completed awareness training, below the 95% target; not completed: C"
}

test_old_programme_is_stale if {
	f := only(run([register(last_year)], {}))
	f.grade == "minor"
	f.key == "stale"
	f.msg == "registers/awareness.csv: the latest awareness training completion in period 2025 is dated 2025-10-01, 416 days before 2026-11-21 (beyond the 365-day cycle), so the programme is not shown to be running"
	count(run([register(last_year)], {"awareness_period_days": 730})) == 0
}

test_rows_without_person_are_minor if {
	rows := array.concat(this_year, [rec("", "2026", "2026-10-01")])
	f := only(run([register(rows)], {}))
	f.grade == "minor"
	f.key == "rows"
	f.line == 22
	f.msg == "registers/awareness.csv: awareness records without a person (1 of 21): line 22"
}

test_unreadable_register_is_not_judged if {
	count(run([object.union(register([]), {"complete": false})], {})) == 0
}
