package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSourcesParse(t *testing.T) {
	c, err := Parse("ismscheck.yaml", []byte(`version: 1
sources:
  github:
    orgs: [acme]
    repos: [partner/shared-lib]
    exclude: ["sandbox-*"]
    critical_repos: [api, payments-*]
    max_rate_limit_wait: 15m
  aws:
    organizations: true
    role_name: ISMSCheckAudit
    external_id: acme-audit
    session_duration: 1h
    regions: [eu-west-1, eu-central-1]
`))
	require.NoError(t, err)
	assert.Equal(t, []string{"acme"}, c.Sources.GitHub.Orgs)
	assert.Equal(t, 15*time.Minute, c.Sources.GitHub.RateLimitWait())
	assert.Equal(t, time.Hour, c.Sources.AWS.Session())
	assert.True(t, c.Sources.AWS.Organizations)

	m, err := c.AsMap()
	require.NoError(t, err)
	back, err := FromMap(m, "bundle")
	require.NoError(t, err)
	assert.Equal(t, c.Sources.GitHub, back.Sources.GitHub, "a bundle's manifest keeps the sources it was collected with")
	assert.Equal(t, c.Sources.AWS, back.Sources.AWS)
}

func TestSourcesErrorsNameTheLine(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"no orgs", "version: 1\nsources:\n  github:\n    include: [a]\n", "ismscheck.yaml:3: sources.github names no orgs and no repos"},
		{"bad repo", "version: 1\nsources:\n  github:\n    repos: [justaname]\n", `ismscheck.yaml:4: sources.github.repos: "justaname" is not owner/name`},
		{"bad pattern", "version: 1\nsources:\n  github:\n    orgs: [a]\n    exclude: ['[']\n", "ismscheck.yaml:5: sources.github.exclude: bad pattern"},
		{"bad wait", "version: 1\nsources:\n  github:\n    orgs: [a]\n    max_rate_limit_wait: soon\n", `ismscheck.yaml:5: sources.github.max_rate_limit_wait "soon"`},
		{"activity window past the audit log retention", "version: 1\nsources:\n  github:\n    orgs: [a]\n    activity_days: 365\n", "ismscheck.yaml:5: sources.github.activity_days must be between 1 and 180"},
		{"negative lookup bound", "version: 1\nsources:\n  github:\n    orgs: [a]\n    max_activity_lookups: -1\n", "ismscheck.yaml:5: sources.github.max_activity_lookups must be at least 1"},
		{"token in file", "version: 1\nsources:\n  github:\n    orgs: [a]\n    token: ghp_x\n", "ismscheck.yaml:5: field token not found"},
		{"bad account", "version: 1\nsources:\n  aws:\n    accounts: ['12345']\n", `ismscheck.yaml:4: sources.aws.accounts: "12345" is not a 12-digit account id`},
		{"bad region", "version: 1\nsources:\n  aws:\n    regions: [Ireland]\n", `ismscheck.yaml:4: sources.aws.regions: "Ireland"`},
		{"several accounts no role", "version: 1\nsources:\n  aws:\n    accounts: ['111111111111', '222222222222']\n", "ismscheck.yaml:3: sources.aws: reading several accounts needs role_name"},
		{"long session", "version: 1\nsources:\n  aws:\n    session_duration: 24h\n", "ismscheck.yaml:4: sources.aws.session_duration"},
		{"keys in file", "version: 1\nsources:\n  aws:\n    secret_access_key: x\n", "ismscheck.yaml:4: field secret_access_key not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("ismscheck.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
