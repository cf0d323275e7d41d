package ismscheck.doc15_test

import data.ismscheck.doc15

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc15.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/competence.md", "data": {"type": "competence", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"competence": ["x/competence.md"]}}}
	count(doc15.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc15.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/competence.csv", "data": {"register": "competence", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc15.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "`competence` register")
}

test_absent_is_minor if {
	r := doc15.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "type: competence")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/competence.md", "data": {"meta": {"title": "competence evidence"}}}
	r := doc15.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
}
