package ismscheck.doc07_test

import data.ismscheck.doc07

repo := {"kind": "isms.repository", "id": "acme", "data": {}}

good_meta := {
	"isms_manager": "Tom Lindqvist (Head of Security)",
	"risk_owners": "As named in the risk register",
	"control_owners": "Heads of department per control theme",
}

doc(m) := {"kind": "isms.document", "id": "governance/roles.md", "complete": true, "data": {"path": "governance/roles.md", "controlled": true, "type": "roles", "meta": m}}

raci(rows) := {
	"kind": "isms.register", "id": "registers/roles.csv", "complete": true,
	"data": {"path": "registers/roles.csv", "register": "roles", "format": "csv", "meta": {}, "columns": ["role", "holder"], "rows": rows, "row_lines": []},
}

run(docs, regs) := r if {
	r := doc07.deny with input as {"documents": {"isms.repository": [repo], "isms.document": docs, "isms.register": regs}}
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_roles_document_passes if {
	count(run([doc(good_meta)], [])) == 0
}

test_roles_register_passes if {
	rows := [
		{"role": "Head of Security (ISMS Manager)", "holder": "Tom Lindqvist"},
		{"role": "Risk owner", "holder": "Each head of department"},
		{"role": "Control owners", "holder": "Named in the SoA"},
	]
	count(run([], [raci(rows)])) == 0
}

test_roles_list_in_front_matter_passes if {
	m := {"roles": [
		{"role": "CISO", "holder": "Jane"},
		{"role": "risk_owner", "holder": "Department heads"},
		{"role": "Control-owner", "person": "Team leads"},
	]}
	count(run([doc(m)], [])) == 0
}

test_absent_is_minor if {
	other := object.union(doc(good_meta), {"data": {"type": "policy"}})
	f := only(run([other], []))
	f.grade == "minor"
	not f.key
	contains(f.msg, "type: roles")
	contains(f.msg, "`roles` register")
}

test_no_isms_owner_is_minor if {
	f := only(run([doc(object.remove(good_meta, ["isms_manager"]))], []))
	f.grade == "minor"
	f.key == "isms-owner"
	f.resource == {"kind": "isms.document", "id": "governance/roles.md"}
	startswith(f.msg, "governance/roles.md: nobody is named as ISMS owner or manager")
}

test_owner_role_without_holder_is_minor if {
	rows := [
		{"role": "ISMS manager", "holder": "TBD"},
		{"role": "Risk owner", "holder": "x"},
		{"role": "Control owner", "holder": "y"},
		{"role": "IT Director", "holder": "z"},
	]
	f := only(run([], [raci(rows)]))
	f.grade == "minor"
	f.key == "isms-owner"
	f.resource.id == "registers/roles.csv"
}

test_owner_in_either_artefact_passes if {
	rows := [{"role": "Information Security Manager", "holder": "Tom"}]
	count(run([doc(object.remove(good_meta, ["isms_manager"]))], [raci(rows)])) == 0
}

test_missing_risk_and_control_owners_are_observations if {
	r := run([doc({"isms_owner": "Dana Okafor (CEO)"})], [])
	count(r) == 2
	every f in r {
		f.grade == "observation"
	}
	{f.key | some f in r} == {"risk-owners", "control-owners"}
	some f in r
	f.msg == "governance/roles.md: control owners are not assigned (front-matter `control_owners`, or a \"control owner\" role with a holder)"
}

test_unreadable_artefact_is_not_judged if {
	broken := object.union(doc({}), {"complete": false})
	count(run([broken], [])) == 0
}
