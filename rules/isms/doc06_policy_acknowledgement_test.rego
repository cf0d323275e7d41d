package ismscheck.doc06_test

import data.ismscheck.doc06

# 2026-11-21
as_of_ns := 1795219200000000000

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

policy(path, type, id, version) := {
	"kind": "isms.document", "id": path, "complete": true,
	"data": {"path": path, "controlled": true, "type": type, "meta": {"id": id, "title": "t", "version": version}},
}

top := policy("policies/information-security-policy.md", "information_security_policy", "POL-01", "3.1")

aup := policy("policies/acceptable-use-policy.md", "policy", "POL-03", "2.0")

crypto := policy("policies/cryptography-policy.md", "policy", "POL-04", "1.3")

ack(p, policy_id, v, date) := {"person": p, "policy": policy_id, "version": v, "acknowledged_on": date}

register(rows) := {
	"kind": "isms.register", "id": "registers/acknowledgements.csv", "complete": true,
	"data": {
		"path": "registers/acknowledgements.csv", "register": "acknowledgements", "format": "csv", "meta": {},
		"columns": ["person", "policy", "version", "acknowledged_on"], "rows": rows,
		"row_lines": [l | some i, _ in rows; l := i + 2],
	},
}

# 20 people acknowledged POL-01 3.1 and POL-03 2.0.
people := [sprintf("E-%d", [n]) | some n in numbers.range(1001, 1020)]

all_ack := array.concat(
	[ack(p, "POL-01", "3.1", "2026-03-10") | some p in people],
	[ack(p, "POL-03", "2.0", "2026-02-20") | some p in people],
)

run(docs, params) := r if {
	r := doc06.deny with input as {"documents": docs, "as_of": "2026-11-21", "params": params}
		with time.now_ns as as_of_ns
}

docs(rows) := {"isms.repository": [repo], "isms.document": [top, aup, crypto], "isms.register": [register(rows)]}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_everyone_acknowledged_passes if {
	# POL-04 has no rows, so it is not judged; the top-level policy is
	count(run(docs(all_ack), {})) == 0
}

test_one_pending_of_twenty_meets_95_percent if {
	rows := array.concat(array.slice(all_ack, 0, 39), [ack("E-1020", "POL-03", "2.0", "")])
	count(run(docs(rows), {})) == 0
}

test_absent_register_is_minor if {
	f := only(run({"isms.repository": [repo], "isms.document": [top]}, {}))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No policy acknowledgement records")
	contains(f.msg, "`acknowledgements`")
}

test_empty_register_is_minor if {
	f := only(run(docs([]), {}))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/acknowledgements.csv: no policy acknowledgement is recorded"
}

test_old_version_and_pending_are_below_target if {
	old := [ack(p, "POL-01", "3.0", "2025-03-10") | some p in ["E-1001", "E-1002"]]
	pending := [ack("E-1003", "POL-01", "3.1", "")]
	current := [ack(p, "POL-01", "3.1", "2026-03-10") | some p in array.slice(people, 3, 20)]
	rows := array.concat(array.concat(old, pending), array.concat(current, array.slice(all_ack, 20, 40)))
	f := only(run(docs(rows), {}))
	f.grade == "minor"
	f.key == "POL-01 (policies/information-security-policy.md)"
	f.resource == {"kind": "isms.register", "id": "registers/acknowledgements.csv"}
	f.evidence == [{"kind": "isms.document", "id": "policies/information-security-policy.md"}]
	f.msg == "registers/acknowledgements.csv: 17 of 20 people (85%) have acknowledged version 3.1 of POL-01 (policies/information-security-policy.md), below the 95% target; not acknowledged: E-1001, E-1002, E-1003"
}

test_top_policy_is_owed_by_everyone_in_the_register if {
	# nobody has a POL-01 row: 0 of 20
	f := only(run(docs(array.slice(all_ack, 20, 40)), {}))
	f.grade == "minor"
	f.key == "POL-01 (policies/information-security-policy.md)"
	contains(f.msg, "0 of 20 people (0%) have acknowledged version 3.1 of POL-01")
	contains(f.msg, "not acknowledged: E-1001, E-1002, E-1003, E-1004, E-1005, E-1006, E-1007, E-1008, E-1009, E-1010 and 10 more")
}

test_topic_policy_is_owed_by_the_people_listed_for_it if {
	rows := array.concat(all_ack, [ack("E-1001", "POL-04", "1.3", "2026-05-01"), ack("E-1002", "pol-04", "1.2", "2025-05-01")])
	f := only(run(docs(rows), {}))
	f.grade == "minor"
	f.key == "POL-04 (policies/cryptography-policy.md)"
	f.msg == "registers/acknowledgements.csv: 1 of 2 people (50%) have acknowledged version 1.3 of POL-04 (policies/cryptography-policy.md), below the 95% target; not acknowledged: E-1002"
}

test_policy_named_by_path_and_future_date if {
	rows := array.concat(all_ack, [
		ack("E-1001", "policies/cryptography-policy.md", "v1.3", "2026-05-01"),
		ack("E-1002", "POL-04", "1.3", "2026-12-01"), # not yet
	])
	f := only(run(docs(rows), {}))
	f.key == "POL-04 (policies/cryptography-policy.md)"
	contains(f.msg, "1 of 2 people (50%)")
}

test_target_is_a_param if {
	rows := array.concat(all_ack, [ack("E-1001", "POL-04", "1.3", "2026-05-01"), ack("E-1002", "POL-04", "1.2", "2025-05-01")])
	count(run(docs(rows), {"acknowledgement_target": 0.5})) == 0
	f := only(run(docs(rows), {"acknowledgement_target": "half"}))
	contains(f.msg, "below the 95% target")
}

test_rows_without_person_or_version_are_minor if {
	rows := array.concat(all_ack, [{"person": "", "policy": "POL-01", "version": "3.1", "acknowledged_on": "2026-03-10"}])
	f := only(run(docs(rows), {}))
	f.grade == "minor"
	f.key == "rows"
	f.line == 42
	f.msg == "registers/acknowledgements.csv: acknowledgements with blank required values (1 of 41): line 42: person"
}

test_unreadable_register_is_not_judged if {
	broken := object.union(register([]), {"complete": false})
	count(run({"isms.repository": [repo], "isms.document": [top], "isms.register": [broken]}, {})) == 0
}
