package ismscheck.doc02_test

import data.ismscheck.doc02

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

cols := ["id", "issue", "type", "owner", "review_date"]

issue(id, t) := {"id": id, "issue": "i", "type": t, "owner": "CEO", "review_date": "2027-02-15"}

climate := {
	"id": "CTX-10", "issue": "Climate change: is it relevant?", "type": "external",
	"climate_change_relevant": false, "owner": "CEO", "review_date": "2027-02-15",
}

register(rows, meta) := {
	"kind": "isms.register", "id": "registers/context.yaml", "complete": true,
	"data": {
		"path": "registers/context.yaml", "register": "context", "format": "yaml", "meta": meta,
		"columns": cols, "rows": rows, "row_lines": [l | some i, _ in rows; l := 12 + (4 * i)],
	},
}

good_rows := [issue("CTX-01", "External"), issue("CTX-02", "internal"), climate]

run(regs) := r if {
	r := doc02.deny with input as {"documents": {"isms.repository": [repo], "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_complete_register_passes if {
	count(run([register(good_rows, {})])) == 0
}

test_climate_decision_in_header_passes if {
	rows := [issue("CTX-01", "external"), issue("CTX-02", "internal")]
	count(run([register(rows, {"climate_change_relevant": "no"})])) == 0
}

test_absent_register_is_minor if {
	other := object.union(register(good_rows, {}), {"id": "registers/assets.csv", "data": {"register": "assets"}})
	f := only(run([other]))
	f.grade == "minor"
	not f.key
	contains(f.msg, "No context register")
	contains(f.msg, "`context`")
}

test_empty_register_is_minor if {
	f := only(run([register([], {})]))
	f.grade == "minor"
	f.key == "empty"
	f.msg == "registers/context.yaml: the context register has no issues recorded"
}

test_missing_climate_decision_is_minor if {
	f := only(run([register(array.slice(good_rows, 0, 2), {})]))
	f.grade == "minor"
	f.key == "climate"
	f.resource == {"kind": "isms.register", "id": "registers/context.yaml"}
	contains(f.msg, "registers/context.yaml: no decision on whether climate change is a relevant issue")
}

test_climate_entry_without_decision_is_minor if {
	undecided := object.remove(climate, ["climate_change_relevant"])
	f := only(run([register([good_rows[0], good_rows[1], undecided], {})]))
	f.grade == "minor"
	f.key == "climate"
	f.line == 20
	f.msg == "registers/context.yaml: CTX-10 (line 20) is about climate change but records no decision on its relevance (set `climate_change_relevant` to yes or no, or fill in `decision`)"
}

test_climate_decision_as_text_passes if {
	decided := object.union(object.remove(climate, ["climate_change_relevant"]), {"decision": "relevant to availability only"})
	count(run([register([good_rows[0], good_rows[1], decided], {})])) == 0
}

test_no_internal_issue_is_minor if {
	f := only(run([register([issue("CTX-01", "external"), climate], {})]))
	f.grade == "minor"
	f.key == "no-internal"
	contains(f.msg, "no internal issue is recorded")
}

test_no_external_issue_is_minor if {
	f := only(run([register([issue("CTX-01", "Internal issue"), object.union(climate, {"type": "internal"})], {})]))
	f.grade == "minor"
	f.key == "no-external"
	contains(f.msg, "no external issue is recorded")
}

test_rows_missing_owner_or_date_is_one_minor if {
	rows := array.concat(good_rows, [
		object.union(issue("CTX-11", "internal"), {"owner": "TBD"}),
		object.union(issue("CTX-12", "external"), {"review_date": "next year"}),
	])
	f := only(run([register(rows, {})]))
	f.grade == "minor"
	f.key == "rows"
	f.line == 24
	f.msg == `registers/context.yaml: issues with missing or invalid values (2 of 5): CTX-11 (line 24): owner; CTX-12 (line 28): review_date "next year" (not a date)`
}

test_missing_column_is_minor if {
	r := object.union(register(good_rows, {}), {"data": {"columns": ["id", "issue", "type", "owner"]}})
	rows := [object.remove(x, ["review_date"]) | some x in good_rows]
	f := only(run([json.patch(r, [{"op": "replace", "path": "/data/rows", "value": rows}])]))
	f.grade == "minor"
	f.key == "columns"
	f.msg == "registers/context.yaml: the context register has no column for review_date"
}

test_unreadable_register_is_not_judged if {
	broken := object.union(register([], {}), {"complete": false})
	count(run([broken])) == 0
}
