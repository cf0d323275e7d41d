package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogCounts(t *testing.T) {
	c := Load()
	var clauses, controls int
	themes := map[string]int{}
	for _, it := range c.Requirements() {
		switch it.Kind {
		case KindClause:
			clauses++
		case KindAnnexA:
			controls++
			themes[it.Theme]++
			assert.NotEmpty(t, it.Attributes.ControlType, it.ID)
		}
		assert.NotEmpty(t, it.Title, it.ID)
	}
	assert.Equal(t, 30, clauses, "requirement-bearing clauses")
	assert.Equal(t, 93, controls)
	assert.Equal(t, map[string]int{"Organizational controls": 37, "People controls": 8, "Physical controls": 14, "Technological controls": 34}, themes)
	assert.Len(t, c.AnnexA(), 93)
	it, ok := c.Get("6.1.3")
	require.True(t, ok)
	assert.True(t, it.DocumentedInfo)
	_, ok = c.Get("9.2")
	assert.True(t, ok, "headings are in the catalog even without requirements")
}

func TestResolve(t *testing.T) {
	c := Load()
	tests := []struct {
		in      string
		want    []string
		warning bool
		err     bool
	}{
		{"A.5.1", []string{"A.5.1"}, false, false},
		{" a.8.5 ", []string{"A.8.5"}, false, false},
		{"9.2.2", []string{"9.2.2"}, false, false},
		{"A.9.4.2", []string{"A.8.5"}, true, false},
		{"A.18.2.3", []string{"A.5.36", "A.8.8"}, true, false},
		{"A.8.35", nil, false, true},
		{"A.19.1.1", nil, false, true},
		{"11.1", nil, false, true},
		{"MFA", nil, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, warning, err := c.Resolve(tt.in)
			if tt.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.warning, warning != "", warning)
		})
	}
}

func TestSortIDs(t *testing.T) {
	ids := []string{"A.8.10", "10.1", "A.5.2", "9.2.2", "A.8.9", "4.1", "A.5.10"}
	SortIDs(ids)
	assert.Equal(t, []string{"4.1", "9.2.2", "10.1", "A.5.2", "A.5.10", "A.8.9", "A.8.10"}, ids)
}
