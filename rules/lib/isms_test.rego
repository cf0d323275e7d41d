package lib.isms_test

import data.lib.isms

# 2026-11-21T00:00:00Z
as_of_ns := 1795219200000000000

# --- blank -------------------------------------------------------------------

test_blank_values if {
	isms.blank(null)
	isms.blank("")
	isms.blank("   ")
	isms.blank("TBD")
	isms.blank(" todo ")
	isms.blank("[OWNER]")
	isms.blank("<date>")
	isms.blank("{{ owner }}")
	isms.blank("YYYY-MM-DD")
	isms.blank("-")
	isms.blank([])
	isms.blank(["", "TBD"])
	isms.blank({})
}

test_not_blank_values if {
	not isms.blank("N/A")
	not isms.blank("n/a")
	not isms.blank("none")
	not isms.blank("Jane Doe")
	not isms.blank("[redacted]")
	not isms.blank("<jane@example.com>")
	not isms.blank("Jane [CISO]")
	not isms.blank(0)
	not isms.blank(1.3)
	not isms.blank(false)
	not isms.blank(["Jane"])
	not isms.blank({"a": 1})
}

test_blank_field if {
	isms.blank_field({}, "owner")
	isms.blank_field({"owner": null}, "owner")
	isms.blank_field({"owner": "TODO"}, "owner")
	not isms.blank_field({"owner": "Jane"}, "owner")
}

test_missing_fields_keeps_order if {
	isms.missing_fields({"b": "x", "d": ""}, ["a", "b", "c", "d"]) == ["a", "c", "d"]
}

test_has_value if {
	isms.has_value({"a": false}, ["a"])
	isms.has_value({"a": "", "b": 0}, ["a", "b"])
	not isms.has_value({"a": "TBD"}, ["a", "b"])
	not isms.has_value([], ["a"])
}

test_first_value if {
	isms.first_value({"a": false}, ["a"]) == false
	isms.first_value({"due_date": "", "due": "2026-01-01"}, ["due_date", "due"]) == "2026-01-01"
	isms.first_value({"due_date": "2026-02-02", "due": "2026-01-01"}, ["due_date", "due"]) == "2026-02-02"
	not isms.first_value({"due_date": "TBD"}, ["due_date", "due"])
	not isms.first_value("not an object", ["due"])
}

# --- dates -------------------------------------------------------------------

test_valid_dates if {
	isms.valid_date("2026-11-21")
	isms.valid_date("2024-02-29")
	isms.valid_date("2000-02-29")
	isms.valid_date("2026-01-31")
	isms.valid_date("2026-04-30")
}

test_invalid_dates if {
	not isms.valid_date("2026-02-29")
	not isms.valid_date("1900-02-29")
	not isms.valid_date("2026-02-30")
	not isms.valid_date("2026-04-31")
	not isms.valid_date("2026-13-01")
	not isms.valid_date("2026-00-10")
	not isms.valid_date("2026-1-5")
	not isms.valid_date("21/11/2026")
	not isms.valid_date("2026-11-21T10:00:00Z")
	not isms.valid_date(20261121)
	not isms.valid_date(null)
}

test_days_since_and_until if {
	isms.days_since("2026-08-31") == 82 with time.now_ns as as_of_ns
	isms.days_until("2026-08-31") == -82 with time.now_ns as as_of_ns
	isms.days_until("2026-12-01") == 10 with time.now_ns as as_of_ns
	isms.days_since("2026-11-21") == 0 with time.now_ns as as_of_ns
	isms.today == "2026-11-21" with time.now_ns as as_of_ns
}

test_days_ignores_time_of_day if {
	# an engine that passes a wall-clock time still counts whole days
	isms.days_since("2026-11-20") == 1 with time.now_ns as as_of_ns + (13 * 3600000000000)
}

test_days_undefined_for_bad_date if {
	not isms.days_since("2026-02-30") with time.now_ns as as_of_ns
	not isms.days_until("soon") with time.now_ns as as_of_ns
}

test_plural if {
	isms.plural(1, "day") == "1 day"
	isms.plural(82, "day") == "82 days"
	isms.plural(0, "day") == "0 days"
}

# --- inventory ---------------------------------------------------------------

docs := {
	"isms.repository": [{
		"kind": "isms.repository", "id": "acme",
		"data": {"documents_by_type": {"roles": ["roles.md"]}, "registers_by_type": {"legal": ["registers/legal.yaml"]}},
	}],
	"isms.document": [
		{"kind": "isms.document", "id": "scope.md", "data": {"type": "scope", "meta": {}}},
		{"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}},
		{"kind": "isms.document", "id": "policies/b.md", "data": {"type": "policy", "meta": {}}},
	],
	"isms.register": [{"kind": "isms.register", "id": "registers/soa.csv", "data": {"register": "soa", "rows": []}}],
}

test_docs_of_type if {
	[d.id | some d in isms.docs_of_type(docs, "policy")] == ["policies/a.md", "policies/b.md"]
	isms.docs_of_type(docs, "soa") == []
	isms.docs_of_type({}, "policy") == []
}

test_registers_of_type if {
	[r.id | some r in isms.registers_of_type(docs, "soa")] == ["registers/soa.csv"]
	isms.registers_of_type(docs, "scope") == []
}

test_present if {
	isms.present(docs, "scope", null)
	isms.present(docs, null, "soa")
	isms.present(docs, "soa", "soa")
	isms.present(docs, "roles", null) # only in the repository index
	isms.present(docs, null, "legal") # only in the repository index
	not isms.present(docs, "objectives", "objectives")
	not isms.present(docs, "soa", null)
	not isms.present({}, "scope", "scope")
}

test_meta_defaults_to_empty if {
	isms.meta({"data": {"meta": {"owner": "x"}}}) == {"owner": "x"}
	isms.meta({"data": {}}) == {}
	isms.meta({"data": {"meta": null}}) == {}
}

test_usable if {
	isms.usable({"complete": true})
	isms.usable({})
	not isms.usable({"complete": false})
}

test_with_line if {
	d := {"data": {"lines": {"owner": 4}}}
	isms.with_line({"msg": "m"}, d, "owner") == {"msg": "m", "line": 4}
	isms.with_line({"msg": "m"}, d, "version") == {"msg": "m"}
	isms.with_line({"msg": "m"}, {"data": {}}, "owner") == {"msg": "m"}
}

test_row_label_and_line if {
	r := {"data": {"rows": [{"id": "R-1"}, {"id": ""}, {}], "row_lines": [2, 3]}}
	isms.row_label(r, 0) == "R-1"
	isms.row_label(r, 1) == "line 3"
	isms.row_label(r, 2) == "row 3"
	isms.row_label_keys({"data": {"rows": [{"control": "A.5.1"}]}}, 0, ["control", "id"]) == "A.5.1"
	isms.with_row_line({"msg": "m"}, r, 1) == {"msg": "m", "line": 3}
	isms.with_row_line({"msg": "m"}, r, 2) == {"msg": "m"}
}

test_has_column if {
	isms.has_column({"data": {"columns": ["id"], "rows": []}}, "id")
	isms.has_column({"data": {"rows": [{"owner": "x"}]}}, "owner")
	not isms.has_column({"data": {"columns": ["id"], "rows": [{"id": "x"}]}}, "owner")
}

# --- vocabularies ------------------------------------------------------------

test_is_yes if {
	isms.is_yes(true)
	isms.is_yes("Yes")
	isms.is_yes("y")
	isms.is_yes("TRUE")
	isms.is_yes("Applicable")
	isms.is_yes("included")
	not isms.is_yes("no")
	not isms.is_yes("partially")
	not isms.is_yes(1)
}

test_is_no if {
	isms.is_no(false)
	isms.is_no("No")
	isms.is_no("n")
	isms.is_no("false")
	isms.is_no("Excluded")
	isms.is_no("Not applicable")
	isms.is_no("not_applicable")
	isms.is_no("N/A")
	not isms.is_no("yes")
	not isms.is_no("")
	not isms.is_no(0)
}

roles := ["ceo", "chief executive", "managing director", "board", "coo", "cto"]

test_top_management_matches if {
	isms.top_management("CEO", roles)
	isms.top_management("Chief Executive Officer", roles)
	isms.top_management("Managing Director", roles)
	isms.top_management("Board of Directors", roles)
	isms.top_management("CTO & co-founder", roles)
}

test_top_management_rejects if {
	not isms.top_management("IT Director", roles) # "director" contains "cto"
	not isms.top_management("Security Coordinator", roles) # contains "coo"
	not isms.top_management("Dashboard owner", roles) # contains "board"
	not isms.top_management("CISO", roles)
	not isms.top_management("", roles)
	not isms.top_management(null, roles)
	not isms.top_management("CEO", [])
	not isms.top_management("CEO", [""])
}

test_with_first_line if {
	d := {"data": {"lines": {"version": 7, "owner": 4}}}
	isms.with_first_line({"msg": "m"}, d, ["approver", "version", "owner"]) == {"msg": "m", "line": 7}
	isms.with_first_line({"msg": "m"}, d, ["approver"]) == {"msg": "m"}
	isms.with_first_line({"msg": "m"}, {"data": {}}, ["owner"]) == {"msg": "m"}
}

test_param if {
	isms.param("x", 30) == 30 with input as {}
	isms.param("x", 30) == 30 with input as {"params": {"y": 1}}
	isms.param("x", 30) == 7 with input as {"params": {"x": 7}}
}

# --- registers ---------------------------------------------------------------

spec := [
	{"field": "owner", "columns": ["owner", "risk_owner"]},
	{"field": "due_date", "columns": ["due_date", "due"], "date": true},
	{"field": "status", "columns": ["status"]},
]

reg := {"data": {
	"columns": ["id", "owner", "due"],
	"rows": [
		{"id": "A-1", "owner": "Ann", "due": "2026-01-01"},
		{"id": "A-2", "owner": "", "due": "soon"},
		{"id": "", "owner": "Bob", "due": "TBD"},
	],
	"row_lines": [2, 3, 4],
}}

test_rows if {
	count(isms.rows(reg)) == 3
	isms.rows({"data": {}}) == []
	isms.rows({"data": {"rows": "x"}}) == []
}

test_absent_fields if {
	isms.absent_fields(reg, spec) == ["status"]
	isms.absent_fields({"data": {"rows": [{"risk_owner": "x"}]}}, spec) == ["due_date", "status"]
}

test_row_gaps_and_description if {
	gaps := isms.row_gaps(reg, spec)
	gaps == [{"index": 1, "fields": ["owner", `due_date "soon" (not a date)`]}, {"index": 2, "fields": ["due_date"]}]
	isms.describe_gaps(reg, gaps, ["id"]) == `A-2 (line 3): owner, due_date "soon" (not a date); line 4: due_date`
	isms.row_text(reg, 0, ["id"]) == "A-1 (line 2)"
	isms.row_text(reg, 2, ["id"]) == "line 4"
	isms.row_text({"data": {"rows": [{"id": "X"}]}}, 0, ["id"]) == "X"
}

test_row_gaps_non_object_row if {
	r := {"data": {"columns": ["owner"], "rows": ["just text"]}}
	isms.row_gaps(r, [{"field": "owner", "columns": ["owner"]}]) == [{"index": 0, "fields": ["owner"]}]
}

test_usable_registers if {
	docs := {"isms.register": [
		{"id": "a", "data": {"register": "assets"}},
		{"id": "b", "complete": false, "data": {"register": "assets"}},
		{"id": "c", "data": {"register": "soa"}},
	]}
	[r.id | some r in isms.usable_registers(docs, "assets")] == ["a"]
	isms.all_usable([{"id": "a"}])
	isms.all_usable([])
	not isms.all_usable(isms.registers_of_type(docs, "assets"))
}

test_list_values if {
	isms.list_values("A.5.1; A.5.2,A.8.3 ,") == ["A.5.1", "A.5.2", "A.8.3"]
	isms.list_values(["A.5.1", 5.2, "", null, {"x": 1}]) == ["A.5.1", "5.2"]
	isms.list_values(7) == ["7"]
	isms.list_values(null) == []
	isms.list_values("") == []
}

test_text_and_norm if {
	isms.text(" x ") == "x"
	isms.text(3.1) == "3.1"
	isms.text(true) == "true"
	isms.text(null) == ""
	isms.text(["a"]) == ""
	isms.norm("  Pol-01\t ") == "pol-01"
	isms.norm("Tom   Lindqvist") == "tom lindqvist"
}

test_list_text if {
	isms.list_text(["a", "b"], 3) == "a, b"
	isms.list_text(["a", "b", "c", "d"], 2) == "a, b and 2 more"
	isms.list_text([], 2) == ""
}

test_percent if {
	isms.percent(59 / 61) == "96.7%"
	isms.percent(0.95) == "95%"
	isms.percent(1) == "100%"
	isms.percent(0) == "0%"
}

test_number_param if {
	isms.number_param("t", 0.95) == 0.95 with input as {}
	isms.number_param("t", 0.95) == 0.9 with input as {"params": {"t": 0.9}}
	isms.number_param("t", 0.95) == 0.95 with input as {"params": {"t": "90%"}}
}

# --- ids ---------------------------------------------------------------------

test_annex_a_id if {
	isms.annex_a_id("A.5.1") == "A.5.1"
	isms.annex_a_id("a 5.1") == "A.5.1"
	isms.annex_a_id("A.05.01") == "A.5.1"
	isms.annex_a_id("5.10 Acceptable use") == "A.5.10"
	isms.annex_a_id("A.8.34") == "A.8.34"
	isms.annex_a_id(5.2) == "A.5.2"
	not isms.annex_a_id("A.9.4.2")
	not isms.annex_a_id("6.1.3")
	not isms.annex_a_id("A.5.1.1")
	not isms.annex_a_id("MFA")
	not isms.annex_a_id("")
	not isms.annex_a_id(null)
	not isms.annex_a_id(["A.5.1"])
}

test_clause_id if {
	isms.clause_id("4.1") == "4.1"
	isms.clause_id("Clause 9.2.1") == "9.2.1"
	isms.clause_id("clauses 7") == "7"
	isms.clause_id("10.2") == "10.2"
	isms.clause_id(6.2) == "6.2"
	not isms.clause_id("A.5.1")
	not isms.clause_id("3.1")
	not isms.clause_id("11.1")
	not isms.clause_id("6.1.3.1")
	not isms.clause_id(null)
}

test_requirement_clauses if {
	count(isms.requirement_clauses) == 30
	every c in isms.requirement_clauses {
		isms.clause_id(c) == c
	}
}
