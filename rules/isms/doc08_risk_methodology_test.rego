package ismscheck.doc08_test

import data.ismscheck.doc08

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc08.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/risk_methodology.md", "data": {"type": "risk_methodology", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"risk_methodology": ["x/risk_methodology.md"]}}}
	count(doc08.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_absent_is_major if {
	r := doc08.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: risk_methodology")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/risk_methodology.md", "data": {"meta": {"title": "risk assessment methodology"}}}
	r := doc08.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "major"
}
