package ismscheck.att01_test

import data.ismscheck.att01

# 2026-11-21
as_of_ns := 1795219200000000000

good := {"controls": ["A.7.1"], "checked": "office walk-through", "attested_by": "Tom", "attested_on": "2026-06-01", "valid_until": "2027-05-31"}

attestation_doc(m) := {
	"kind": "isms.document", "id": "attestations/physical.md", "complete": true,
	"data": {"path": "attestations/physical.md", "controlled": true, "type": "attestation", "meta": m, "lines": {}},
}

register(rows) := {
	"kind": "isms.register", "id": "registers/attestations.csv", "complete": true,
	"data": {"path": "registers/attestations.csv", "register": "attestations", "format": "csv", "meta": {}, "rows": rows, "row_lines": [2, 3]},
}

run(d) := r if {
	r := att01.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
		with time.now_ns as as_of_ns
}

only(r) := f if {
	count(r) == 1
	some f in r
}

test_valid_attestation_passes if {
	count(run(attestation_doc(good))) == 0
	count(run(register([object.union(object.remove(good, ["controls"]), {"control": "A.7.2", "id": "AT-1"})]))) == 0
}

test_other_documents_do_not_apply if {
	not att01.applies with input as {"document": object.union(attestation_doc(good), {"data": {"type": "policy"}})}
}

test_expired_attestation_is_minor if {
	f := only(run(attestation_doc(object.union(good, {"valid_until": "2026-10-01"}))))
	not f.grade
	f.key == "document:expired"
	f.msg == `attestations/physical.md: attestation of ["A.7.1"] expired on 2026-10-01 (51 days ago); the controls it covered have no evidence now`
}

test_expiring_attestation_is_observation if {
	f := only(run(attestation_doc(object.union(good, {"valid_until": "2026-12-01"}))))
	f.grade == "observation"
	f.key == "document:expiring"
}

test_incomplete_register_row_is_minor_with_line if {
	row := {"id": "AT-2", "control": "A.6.1", "checked": "", "attested_by": "Maria", "attested_on": "2026-01-10", "valid_until": "2027-01-10"}
	f := only(run(register([row])))
	f.key == "AT-2:missing"
	f.line == 2
	contains(f.msg, "lacks checked")
}

test_missing_controls_is_minor if {
	f := only(run(attestation_doc(object.remove(good, ["controls"]))))
	f.msg == "attestations/physical.md: attestation lacks controls (missing or blank), so it evidences nothing"
}

test_future_attestation_is_minor if {
	f := only(run(attestation_doc(object.union(good, {"attested_on": "2026-12-24"}))))
	f.key == "document:future"
}
