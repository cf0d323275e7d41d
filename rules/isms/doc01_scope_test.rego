package ismscheck.doc01_test

import data.ismscheck.doc01

repo := {"kind": "isms.repository", "id": "acme", "data": {"documents_by_type": {}, "registers_by_type": {}}}

test_scope_present_passes if {
	count(doc01.deny) == 0 with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [{"kind": "isms.document", "id": "scope.md", "data": {"type": "scope", "meta": {}}}],
	}}
}

test_scope_indexed_only_passes if {
	indexed := object.union(repo, {"data": {"documents_by_type": {"scope": ["scope.md"]}}})
	count(doc01.deny) == 0 with input as {"documents": {"isms.repository": [indexed]}}
}

test_scope_absent_is_major if {
	r := doc01.deny with input as {"documents": {
		"isms.repository": [repo],
		"isms.document": [{"kind": "isms.document", "id": "policies/a.md", "data": {"type": "policy", "meta": {}}}],
	}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: scope")
}

test_no_documents_key_is_major if {
	r := doc01.deny with input as {"documents": {"isms.repository": [repo]}}
	count(r) == 1
	some f in r
	f.grade == "major"
}

test_document_without_type_does_not_count if {
	untyped := {"kind": "isms.document", "id": "scope.md", "data": {"controlled": true, "meta": {"title": "ISMS scope"}}}
	r := doc01.deny with input as {"documents": {"isms.repository": [repo], "isms.document": [untyped]}}
	count(r) == 1
	some f in r
	f.grade == "major"
	contains(f.msg, "type: scope")
}
