package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/internal/results"
)

const fakeToken = "ghs_CLItestTokenNeverPrinted0123456789"

// githubISMS is the example ISMS with a GitHub source pointing at a local fake GitHub.
func githubISMS(t *testing.T, orgs ...*fakegithub.Org) (string, *fakegithub.Server) {
	t.Helper()
	srv, err := fakegithub.New(os.DirFS("../../collectors/github/testdata/fixtures"), fakeToken, orgs...)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	dir := copyExample(t)
	cfg, err := os.ReadFile(filepath.Join(dir, "ismscheck.yaml"))
	require.NoError(t, err)
	write(t, filepath.Join(dir, "ismscheck.yaml"), strings.Replace(string(cfg), "sources:\n", `sources:
  github:
    orgs: [acme]
    cache: `+filepath.Join(t.TempDir(), "cache")+"\n", 1))
	t.Setenv("GITHUB_TOKEN", fakeToken)
	t.Setenv("GITHUB_API_URL", srv.APIURL())
	return dir, srv
}

func fakeOrg() *fakegithub.Org {
	return &fakegithub.Org{
		Login: "acme", Admins: []string{"octocat", "mona"}, Members: []string{"hubot"}, NoMFA: []string{"hubot"},
		Repos: []*fakegithub.Repo{{Name: "api", AdminUsers: []string{"octocat"}}, {Name: "web", Unprotected: true, NoBranchRules: true}},
	}
}

func statuses(r *results.Results, rule string) map[string]string {
	out := map[string]string{}
	for _, f := range r.Findings {
		if f.RuleID == rule {
			out[f.Resource.ID+" "+f.Key] = f.Status
		}
	}
	return out
}

func TestAuditWithGitHub(t *testing.T) {
	dir, _ := githubISMS(t, fakeOrg())
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stderr, fakeToken)
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), fakeToken, "the token never reaches the results")
	r := readResults(t, out)

	var gh *struct{ status string }
	for _, c := range r.Coverage.Collectors {
		if c.Collector == "github" {
			gh = &struct{ status string }{c.Status}
			assert.NotEmpty(t, c.Stats["requests"], "request accounting per endpoint is in the coverage")
		}
	}
	require.NotNil(t, gh)
	assert.Equal(t, "ok", gh.status)
	assert.Equal(t, []string{"aws"}, r.Coverage.Rules.NotConfiguredSources)

	// web has neither classic protection nor a ruleset; api has both.
	gh07 := statuses(r, "GH-07")
	assert.Equal(t, "fail", gh07["127.0.0.1/acme/web "])
	assert.Equal(t, "pass", gh07["127.0.0.1/acme/api "])
	for _, f := range r.Findings {
		if f.RuleID == "GH-07" && f.Status == results.StatusFail {
			assert.Contains(t, f.Controls, "A.8.32")
		}
	}
}

// A token without secret-scanning access: GH-12 is skipped for each repository, naming the
// permission, and the rules that read other facts still judge them.
func TestGitHubPermissionMissingSkipsOnlyItsRules(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	srv.Deny("GET /repos/{owner}/{repo}/secret-scanning/alerts", 403)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	skipped := 0
	for _, f := range r.Findings {
		if f.RuleID == "GH-12" {
			assert.Equal(t, results.StatusSkipped, f.Status, f.Message)
			assert.Contains(t, f.Message, "Secret scanning alerts")
			skipped++
		}
	}
	assert.Equal(t, 2, skipped, "one per repository")
	assert.Equal(t, "fail", statuses(r, "GH-07")["127.0.0.1/acme/web "], "other rules still judge the repository")
}

func TestGitHubWithoutTokenIsIncompleteNotPass(t *testing.T) {
	dir, _ := githubISMS(t, fakeOrg())
	t.Setenv("GITHUB_TOKEN", "")
	mend(t, dir)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out)
	assert.Equal(t, exitIncomplete, code, "no gated failure, but the GitHub evidence is missing: %s", stderr)
	r := readResults(t, out)
	for _, f := range r.Findings {
		if len(f.RuleID) > 3 && f.RuleID[:3] == "GH-" {
			assert.Equal(t, results.StatusError, f.Status, f.RuleID)
			assert.Contains(t, f.Message, "GITHUB_TOKEN is not set")
		}
	}
}
