package ismscheck.doc25_test

import data.ismscheck.doc25

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc25.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/improvement_register.md", "data": {"type": "improvement_register", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"improvement_register": ["x/improvement_register.md"]}}}
	count(doc25.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc25.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/improvements.csv", "data": {"register": "improvements", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc25.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "ofi"
	contains(f.msg, "`improvements` register")
}

test_absent_is_ofi if {
	r := doc25.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "ofi"
	contains(f.msg, "type: improvement_register")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/improvement_register.md", "data": {"meta": {"title": "improvement register"}}}
	r := doc25.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "ofi"
}
