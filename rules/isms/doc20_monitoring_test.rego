package ismscheck.doc20_test

import data.ismscheck.doc20

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

other_doc := {"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}

test_document_present_passes if {
	count(doc20.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [other_doc, {"kind": "isms.document", "id": "x/monitoring_report.md", "data": {"type": "monitoring_report", "meta": {}}}],
	}}
}

test_indexed_document_passes if {
	indexed := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {"monitoring_report": ["x/monitoring_report.md"]}}}
	count(doc20.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_register_present_passes if {
	count(doc20.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/monitoring.csv", "data": {"register": "monitoring", "format": "csv", "rows": []}}],
	}}
}

test_other_register_does_not_count if {
	r := doc20.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.register": [{"kind": "isms.register", "id": "registers/assets.csv", "data": {"register": "assets", "format": "csv", "rows": []}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "`monitoring` register")
}

test_absent_is_minor if {
	r := doc20.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [other_doc]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
	contains(f.msg, "type: monitoring_report")
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "x/monitoring_report.md", "data": {"meta": {"title": "monitoring and measurement results"}}}
	r := doc20.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "minor"
}
