package ismscheck.doc10_test

import data.ismscheck.doc10

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc10.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/risk_treatment_plan.md", "data": {"type": "risk_treatment_plan", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"risk_treatment_plan": ["x/risk_treatment_plan.md"]}}}
	count(doc10.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc10.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/risk_treatment_plan.csv", "data": {"register": "risk_treatment_plan", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc10.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "`risk_treatment_plan` register")
}

test_absent_is_major if {
	r := doc10.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: risk_treatment_plan")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/risk_treatment_plan.md", "data": {"meta": {"title": "risk treatment plan"}}}
	r := doc10.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "major"
}
