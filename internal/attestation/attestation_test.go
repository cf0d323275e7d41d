package attestation

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
)

var asOf = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func TestRead(t *testing.T) {
	doc := evidence.Document{Kind: "isms.document", ID: "attestations/physical.md", Complete: true, Data: map[string]any{
		"type": "attestation",
		"meta": map[string]any{"controls": []any{"A.7.1", "A.7.2"}, "checked": "office walk-through", "attested_by": "Tom", "attested_on": "2026-06-01", "valid_until": "2027-05-31"},
	}}
	reg := evidence.Document{Kind: "isms.register", ID: "registers/attestations.csv", Complete: true, Data: map[string]any{
		"register": "attestations", "row_lines": []any{2, 3, 4, 5},
		"rows": []any{
			map[string]any{"control": "A.6.1", "checked": "screening files", "attested_by": "Maria", "attested_on": "2025-01-10", "valid_until": "2026-01-10"},
			map[string]any{"control": "A.6.1; A.8.1.3", "checked": "screening files", "attested_by": "Maria", "attested_on": "2026-01-10", "valid_until": "2027-01-10"},
			map[string]any{"control": "A.7.4", "checked": "", "attested_by": "Ken", "attested_on": "2026-01-10", "valid_until": "2027-01-10"},
			map[string]any{"control": "A.7.5", "checked": "x", "attested_by": "Ken", "attested_on": "2026-12-01", "valid_until": "2027-12-01"},
		},
	}}
	s := Read([]evidence.Document{doc, reg}, asOf)
	require.Len(t, s.All, 5)
	a, ok := s.For("A.7.2")
	require.True(t, ok)
	assert.Equal(t, "attestations/physical.md", a.Source)
	a, ok = s.For("A.6.1")
	require.True(t, ok, "an expired row is superseded by a valid one")
	assert.Equal(t, "registers/attestations.csv:3", a.Source)
	_, ok = s.For("A.5.10")
	assert.True(t, ok, "2013 id A.8.1.3 read as A.5.10")
	assert.Contains(t, s.Warnings[0], "A.8.1.3 is an ISO/IEC 27001:2013 id")
	_, ok = s.For("A.7.4")
	assert.False(t, ok)
	problems := map[string]string{}
	for _, x := range s.All {
		problems[x.Source] = x.Problem
	}
	assert.Equal(t, "expired on 2026-01-10", problems["registers/attestations.csv:2"])
	assert.Equal(t, "missing checked", problems["registers/attestations.csv:4"])
	assert.Equal(t, "attested_on 2026-12-01 is after the audit date", problems["registers/attestations.csv:5"])
}
