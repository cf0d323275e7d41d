package rules_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/rules"
)

// TestRego runs every _test.rego of the built-in pack with the engine's sandbox.
func TestRego(t *testing.T) {
	got, err := engine.RunTests(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	require.NotEmpty(t, got)
	for _, r := range got {
		if !r.Passed {
			t.Error(r.String())
		}
	}
	t.Logf("%d Rego tests", len(got))
}

// TestPackLoads checks the pack compiles under the sandbox and every rule has its tests.
func TestPackLoads(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "builtin", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	assert.Empty(t, pack.Warnings, "built-in rules use 2022 ids")
	files := map[string]bool{}
	require.NoError(t, fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		files[p] = true
		return err
	}))
	for _, r := range pack.Rules {
		file := strings.TrimPrefix(r.File, "rules/")
		assert.True(t, files[strings.TrimSuffix(file, ".rego")+"_test.rego"], "%s (%s) has no _test.rego beside it", r.ID, r.File)
	}
}
