package ismscheck.doc21_test

import data.ismscheck.doc21

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc21.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/audit_programme.md", "data": {"type": "audit_programme", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"audit_programme": ["x/audit_programme.md"]}}}
	count(doc21.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc21.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/audit_programme.csv", "data": {"register": "audit_programme", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc21.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "`audit_programme` register")
}

test_absent_is_major if {
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: audit_programme")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/audit_programme.md", "data": {"meta": {"title": "internal audit programme"}}}
	r := doc21.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "major"
}
