package github

import (
	"os"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README table is the contract the rules declare permissions against.
func TestPermissionsMatchTheContractTable(t *testing.T) {
	raw, err := os.ReadFile("../../rules/github/README.md")
	require.NoError(t, err)
	var table []string
	for _, m := range regexp.MustCompile("(?m)^\\| `(github:[a-z_]+:read)` \\|").FindAllStringSubmatch(string(raw), -1) {
		table = append(table, m[1])
	}
	var ours []string
	for _, p := range Permissions() {
		ours = append(ours, p.ID)
		assert.NotEmpty(t, p.App)
		assert.NotEmpty(t, p.FineGrained)
		assert.NotEmpty(t, p.Scope)
		assert.NotEmpty(t, p.Endpoints)
	}
	sort.Strings(table)
	sort.Strings(ours)
	assert.Equal(t, table, ours)
}

func TestScopePatterns(t *testing.T) {
	o := Options{Include: []string{"api-*", "acme/web"}, Exclude: []string{"*-old"}}
	assert.True(t, o.inScope("acme", "api-x"))
	assert.True(t, o.inScope("acme", "API-x"), "case is ignored, as GitHub does")
	assert.True(t, o.inScope("acme", "web"))
	assert.False(t, o.inScope("other", "web"))
	assert.False(t, o.inScope("acme", "api-old"), "exclude wins")
	assert.False(t, o.inScope("acme", "docs"))
	assert.True(t, Options{}.inScope("a", "b"))
	assert.False(t, matchesAny([]string{"[bad"}, "a", "b"))
}
