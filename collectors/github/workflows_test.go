package github

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseUses(t *testing.T) {
	sha := "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"
	cases := []struct {
		in   string
		want actionUse
	}{
		{"actions/checkout@v4", actionUse{action: "actions/checkout", ref: "v4"}},
		{"actions/checkout@" + sha, actionUse{action: "actions/checkout", ref: sha, pinned: true}},
		{"actions/checkout@" + sha[:39], actionUse{action: "actions/checkout", ref: sha[:39]}},
		{"github/codeql-action/init@" + sha, actionUse{action: "github/codeql-action/init", ref: sha, pinned: true}},
		{"octo/shared/.github/workflows/ci.yml@main", actionUse{action: "octo/shared/.github/workflows/ci.yml", ref: "main"}},
		{"./.github/actions/build", actionUse{action: "./.github/actions/build", pinned: true}},
		{"docker://alpine:3.20", actionUse{action: "docker://alpine", ref: "3.20"}},
		{"docker://ghcr.io/o/img@sha256:abc", actionUse{action: "docker://ghcr.io/o/img", ref: "sha256:abc", pinned: true}},
		{"docker://localhost:5000/img", actionUse{action: "docker://localhost:5000/img"}},
		{"actions/checkout", actionUse{action: "actions/checkout"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, parseUses(c.in), c.in)
	}
}

func TestParseWorkflow(t *testing.T) {
	src := "name: x\npermissions: read-all\non: [push]\njobs:\n  a:\n    permissions:\n      contents: write\n    steps:\n      - uses: a/b@v1\n      - run: echo uses\n  b:\n    uses: o/r/.github/workflows/w.yml@v2\n"
	perms, uses, err := parseWorkflow([]byte(src))
	require.Nil(t, err)
	assert.Equal(t, "read-all", perms, "top-level permissions only")
	assert.Equal(t, []actionUse{{action: "a/b", ref: "v1", line: 9}, {action: "o/r/.github/workflows/w.yml", ref: "v2", line: 12}}, uses)

	perms, uses, err = parseWorkflow([]byte(""))
	require.Nil(t, err)
	assert.Nil(t, perms)
	assert.Empty(t, uses)

	_, _, err = parseWorkflow([]byte("- just\n- a list\n"))
	require.NotNil(t, err)
	assert.Equal(t, 1, err.line)
}

func FuzzParseWorkflow(f *testing.F) {
	f.Add([]byte("on: push\njobs:\n  a:\n    steps:\n      - uses: a/b@v1\n"))
	f.Add([]byte("permissions:\n  1: 2\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		perms, _, err := parseWorkflow(src)
		if err == nil {
			_ = plainJSON(perms)
		}
	})
}
