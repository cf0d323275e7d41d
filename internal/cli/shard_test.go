package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

const shardedConfig = `version: 1
sources:
  isms:
    root: .
  github:
    orgs: [acme, globex]
    repos: [acme/extra, initech/portal]
  aws:
    accounts: ["111111111111", "222222222222"]
    role_name: ISMSCheckAudit
    regions: [eu-west-1]
`

func parseConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(t.TempDir(), "ismscheck.yaml"), []byte(text))
	require.NoError(t, err)
	return cfg
}

func TestShardFlagsRestrictTheCollection(t *testing.T) {
	type want struct {
		isms        bool
		githubOrgs  []string
		githubRepos []string
		awsAccounts []string // nil: no aws source
	}
	cases := []struct {
		name  string
		flags shardFlags
		want  want
		err   string
	}{
		{name: "no flags: everything", want: want{isms: true, githubOrgs: []string{"acme", "globex"}, githubRepos: []string{"acme/extra", "initech/portal"}, awsAccounts: []string{"111111111111", "222222222222"}}},
		{name: "only isms", flags: shardFlags{only: []string{"isms"}}, want: want{isms: true}},
		{name: "only two sources", flags: shardFlags{only: []string{"isms", "aws"}}, want: want{isms: true, awsAccounts: []string{"111111111111", "222222222222"}}},
		{name: "one org implies github, keeps its extra repos", flags: shardFlags{githubOrgs: []string{"acme"}}, want: want{githubOrgs: []string{"acme"}, githubRepos: []string{"acme/extra"}}},
		{name: "an owner of configured repos only", flags: shardFlags{githubOrgs: []string{"initech"}}, want: want{githubRepos: []string{"initech/portal"}}},
		{name: "one account implies aws", flags: shardFlags{awsAccounts: []string{"222222222222"}}, want: want{awsAccounts: []string{"222222222222"}}},
		{name: "unknown source", flags: shardFlags{only: []string{"gitlab"}}, err: `--only "gitlab": want isms, github or aws`},
		{name: "org not configured", flags: shardFlags{githubOrgs: []string{"umbrella"}}, err: `--github-org "umbrella": not in sources.github.orgs`},
		{name: "account not configured", flags: shardFlags{awsAccounts: []string{"333333333333"}}, err: "--aws-account 333333333333: not in sources.aws.accounts"},
		{name: "account malformed", flags: shardFlags{awsAccounts: []string{"12345"}}, err: `--aws-account "12345": not a 12-digit account id`},
		{name: "org with only isms", flags: shardFlags{only: []string{"isms"}, githubOrgs: []string{"acme"}}, err: "--github-org needs the github source"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := parseConfig(t, shardedConfig)
			got, err := tc.flags.apply(cfg)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				assert.ErrorAs(t, err, new(usageError), "a bad shard is a usage error (exit 2)")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want.isms, got.Sources.ISMS != nil, "isms")
			if tc.want.githubOrgs == nil && tc.want.githubRepos == nil {
				assert.Nil(t, got.Sources.GitHub)
			} else {
				require.NotNil(t, got.Sources.GitHub)
				assert.Equal(t, tc.want.githubOrgs, got.Sources.GitHub.Orgs)
				assert.Equal(t, tc.want.githubRepos, got.Sources.GitHub.Repos)
			}
			if tc.want.awsAccounts == nil {
				assert.Nil(t, got.Sources.AWS)
			} else {
				require.NotNil(t, got.Sources.AWS)
				assert.Equal(t, tc.want.awsAccounts, got.Sources.AWS.Accounts)
				assert.Equal(t, "ISMSCheckAudit", got.Sources.AWS.RoleName)
			}
			// The configuration itself stays whole: the bundle records it for the merged evaluation.
			assert.Equal(t, []string{"acme", "globex"}, cfg.Sources.GitHub.Orgs)
			assert.Equal(t, []string{"111111111111", "222222222222"}, cfg.Sources.AWS.Accounts)
			assert.NotNil(t, cfg.Sources.ISMS)
		})
	}
}

func TestShardOfAnAWSOrganizationReadsOnlyItsAccount(t *testing.T) {
	cfg := parseConfig(t, "version: 1\nsources:\n  aws:\n    organizations: true\n    role_name: Audit\n")
	got, err := (&shardFlags{awsAccounts: []string{"444444444444"}}).apply(cfg)
	require.NoError(t, err)
	assert.False(t, got.Sources.AWS.Organizations, "a shard does not list the organization again")
	assert.Equal(t, []string{"444444444444"}, got.Sources.AWS.Accounts)
	assert.True(t, cfg.Sources.AWS.Organizations)
}

func TestCollectShardsPrintsAMatrix(t *testing.T) {
	cases := []struct {
		name, config string
		want         []shard
	}{
		{name: "every source", config: shardedConfig, want: []shard{
			{Name: "isms", Only: "isms"},
			{Name: "github-acme", Only: "github", GitHubOrg: "acme"},
			{Name: "github-globex", Only: "github", GitHubOrg: "globex"},
			{Name: "github-initech", Only: "github", GitHubOrg: "initech"},
			{Name: "aws-111111111111", Only: "aws", AWSAccount: "111111111111"},
			{Name: "aws-222222222222", Only: "aws", AWSAccount: "222222222222"},
		}},
		{name: "an AWS organization is one shard; the ISMS is always a source", config: "version: 1\nsources:\n  aws:\n    organizations: true\n    role_name: Audit\n",
			want: []shard{{Name: "isms", Only: "isms"}, {Name: "aws", Only: "aws"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ismscheck.yaml")
			write(t, path, tc.config)
			stdout, stderr, code := run(t, "collect", "--config", path, "--shards")
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, 1, strings.Count(stdout, "\n"), "one line, ready for GITHUB_OUTPUT")
			var got []shard
			require.NoError(t, json.Unmarshal([]byte(stdout), &got))
			assert.Equal(t, tc.want, got)
			// Every shard's flags are accepted by collect against the same configuration.
			cfg := parseConfig(t, tc.config)
			for _, s := range got {
				var f shardFlags
				cmd := &cobra.Command{Use: "collect"}
				f.add(cmd)
				require.NoError(t, cmd.Flags().Parse(s.Args()), s.Name)
				_, err := f.apply(cfg)
				assert.NoError(t, err, s.Name)
			}
		})
	}
}

// The ISMS, each GitHub organisation collected apart and evaluated together give the same
// findings as one audit of everything: sharding changes where collection runs, not the verdict.
func TestShardedBundlesMergeIntoTheSameEvaluation(t *testing.T) {
	globex := &fakegithub.Org{Login: "globex", Admins: []string{"octocat"}, Members: []string{"mona"},
		Repos: []*fakegithub.Repo{{Name: "site", Unprotected: true, NoBranchRules: true}}}
	dir, _ := githubISMS(t, fakeOrg(), globex)
	edit(t, filepath.Join(dir, "ismscheck.yaml"), "orgs: [acme]", "orgs: [acme, globex]")
	tmp := t.TempDir()

	whole := filepath.Join(tmp, "whole.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", whole, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)

	var bundles []string
	for _, s := range [][]string{{"--only", "isms"}, {"--github-org", "acme"}, {"--github-org", "globex"}} {
		b := filepath.Join(tmp, "bundle-"+s[1])
		_, stderr, code := run(t, append([]string{"collect", dir, "--out", b}, s...)...)
		require.Equal(t, exitOK, code, stderr)
		bundles = append(bundles, "--evidence", b)
	}
	acme, err := evidence.ReadBundle(filepath.Join(tmp, "bundle-acme"))
	require.NoError(t, err)
	for _, d := range acme.Documents {
		assert.True(t, strings.HasPrefix(d.Kind, "github."), "the acme shard holds only GitHub evidence, not %s", d.Kind)
		assert.NotContains(t, d.ID, "globex")
	}
	require.NotEmpty(t, acme.Documents)

	merged := filepath.Join(tmp, "merged.json")
	_, stderr, code = run(t, append([]string{"evaluate", "--as-of", "2026-11-21", "--out", merged}, bundles...)...)
	require.Equal(t, exitOK, code, stderr)

	want, got := readResults(t, whole), readResults(t, merged)
	assert.Equal(t, outcomes(want), outcomes(got))
	assert.Equal(t, want.Summary, got.Summary)
	assert.Equal(t, want.Readiness.Verdict, got.Readiness.Verdict)
	assert.Equal(t, []string{"aws"}, got.Coverage.Rules.NotConfiguredSources, "the merged run knows GitHub is configured")
	assert.Equal(t, "fail", statuses(got, "GH-07")["127.0.0.1/globex/site "], "the globex shard's evidence is judged")

	// A shard left out (its job failed): every GitHub rule is an error for it, the gate
	// says the evidence is incomplete, and nothing of globex passes or quietly disappears.
	partial := filepath.Join(tmp, "partial.json")
	_, stderr, code = run(t, "evaluate", "--as-of", "2026-11-21", "--out", partial, "--fail-on", "major",
		"--evidence", filepath.Join(tmp, "bundle-isms"), "--evidence", filepath.Join(tmp, "bundle-acme"))
	assert.Equal(t, exitGate, code, "the example's own major still fails the gate: %s", stderr)
	p := readResults(t, partial)
	gh07 := statuses(p, "GH-07")
	assert.Equal(t, "error", gh07["github-globex "], "the missing shard is an error for GH-07")
	assert.Equal(t, "pass", gh07["127.0.0.1/acme/api "], "the shard that came is still judged")
	for _, f := range p.Findings {
		assert.NotContains(t, f.Resource.ID, "globex/", "no resource of the missing shard appears")
		if f.Resource.ID == "github-globex" {
			assert.Equal(t, results.StatusError, f.Status, f.RuleID)
			assert.Contains(t, f.Message, "shard github-globex was not collected")
			assert.Contains(t, f.Message, "--only github --github-org globex")
		}
	}
	var missing []string
	for _, c := range p.Coverage.Collectors {
		if c.Status == evidence.CoverageMissing {
			missing = append(missing, c.Collector+" "+c.Source)
		}
	}
	assert.Equal(t, []string{"github github-globex"}, missing)
	_, _, code = run(t, "evaluate", "--as-of", "2026-11-21", "--out", partial, "--fail-on", "none",
		"--evidence", filepath.Join(tmp, "bundle-isms"), "--evidence", filepath.Join(tmp, "bundle-acme"))
	assert.Equal(t, exitOK, code)
	_, _, code = run(t, "report", "--results", partial, "--fail-on", "ofi")
	assert.Equal(t, exitGate, code)

	// The same shard twice is refused: a document must not be judged twice.
	_, stderr, code = run(t, "evaluate", "--as-of", "2026-11-21", "--out", merged,
		"--evidence", filepath.Join(tmp, "bundle-acme"), "--evidence", filepath.Join(tmp, "bundle-acme"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "is in both")
}

// outcomes is every finding as "rule resource key: status grade", sorted.
func outcomes(r *results.Results) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.RuleID+" "+f.Resource.Kind+" "+f.Resource.ID+" "+f.Key+": "+f.Status+" "+f.Grade)
	}
	sort.Strings(out)
	return out
}

func TestCollectShardRefusesAnUnconfiguredSource(t *testing.T) {
	bundle := filepath.Join(t.TempDir(), "b")
	_, stderr, code := run(t, "collect", example, "--out", bundle, "--only", "github")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "configures no sources.github")
	_, err := os.Stat(bundle)
	assert.True(t, os.IsNotExist(err))
}
