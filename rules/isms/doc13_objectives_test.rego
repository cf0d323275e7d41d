package ismscheck.doc13_test

import data.ismscheck.doc13

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc13.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/objectives.md", "data": {"type": "objectives", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"objectives": ["x/objectives.md"]}}}
	count(doc13.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc13.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/objectives.csv", "data": {"register": "objectives", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc13.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "`objectives` register")
}

test_absent_is_minor if {
	r := doc13.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "type: objectives")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/objectives.md", "data": {"meta": {"title": "information security objectives"}}}
	r := doc13.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
}
