package cli

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	awscollector "github.com/ismscheck/ismscheck/collectors/aws"
	ghcollector "github.com/ismscheck/ismscheck/collectors/github"
)

// Every permission a built-in rule declares must be one its collector knows, or the
// engine could never match a refusal to the rule and `permissions` would leave it out.
func TestRulePermissionsAreKnownToTheCollectors(t *testing.T) {
	pack, err := loadPack(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	require.NoError(t, err)
	known := map[string]bool{}
	for _, p := range ghcollector.Permissions() {
		known[p.ID] = true
	}
	for _, a := range awscollector.Actions() {
		known[a.ID] = true
	}
	for _, r := range pack.Rules {
		for _, p := range r.Permissions {
			assert.True(t, known[p], "%s (%s) declares %q, which no collector names", r.ID, r.File, p)
		}
		for _, src := range r.Sources() {
			if src == "github" || src == "aws" {
				assert.NotEmpty(t, r.Permissions, "%s reads %s evidence but declares no permission", r.ID, src)
			}
		}
	}
}

func TestPermissionsGitHub(t *testing.T) {
	out, stderr, code := run(t, "permissions", "--github", example, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var rows []struct {
		ID, App, FineGrained string
		Rules                []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	byID := map[string][]string{}
	for _, r := range rows {
		byID[r.ID] = r.Rules
	}
	assert.Contains(t, byID["github:organization_administration:read"], "GH-01")
	assert.Contains(t, byID["github:secret_scanning_alerts:read"], "GH-12")

	text, _, code := run(t, "permissions", "--github", example)
	require.Equal(t, exitOK, code)
	assert.Contains(t, text, "Repository → Secret scanning alerts: Read-only")

	_, stderr, code = run(t, "permissions", example)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--github or --aws")
}

func TestPermissionsAWSIsAPolicyDocument(t *testing.T) {
	out, stderr, code := run(t, "permissions", "--aws", example)
	require.Equal(t, exitOK, code, stderr)
	var policy struct {
		Version   string
		Statement []struct {
			Sid, Effect, Resource string
			Action                []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &policy))
	assert.Equal(t, "2012-10-17", policy.Version)
	require.NotEmpty(t, policy.Statement)
	var all []string
	for _, s := range policy.Statement {
		assert.Equal(t, "Allow", s.Effect)
		assert.Equal(t, "*", s.Resource)
		all = append(all, s.Action...)
	}
	joined := strings.Join(all, " ")
	assert.Contains(t, joined, "iam:GetCredentialReport")
	assert.Contains(t, joined, "sts:GetCallerIdentity")
	assert.NotContains(t, joined, "sts:AssumeRole", "assume-role is the caller's grant, not the audited account's")
	for _, a := range all {
		assert.NotContains(t, a, "aws:", "IAM actions carry no ismscheck prefix")
		assert.NotRegexp(t, `:(Put|Create|Delete|Update|Attach)`, a, "read only")
	}
}
