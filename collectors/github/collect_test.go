package github

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// TestFixtureOrgMatchesContract collects the fixture organization and compares the
// documents with the golden file, which reads as the rules/github/README.md contract filled
// in with GitHub's example bodies. Rerun with -update after a deliberate change.
func TestFixtureOrgMatchesContract(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	docs, cov := collect(t, testOptions(srv, "acme"))
	require.Len(t, docs, 4)
	assert.Equal(t, evidence.CoverageOK, cov.Status)
	assert.Equal(t, []string{KindMembers, KindOrganization, KindRepository, KindSSO}, cov.Kinds)
	assert.Equal(t, 4, cov.Expected)
	assert.Equal(t, 4, cov.Collected)

	type golden struct {
		Kind     string           `json:"kind"`
		ID       string           `json:"id"`
		Complete bool             `json:"complete"`
		Errors   []evidence.Error `json:"errors"`
		Data     map[string]any   `json:"data"`
	}
	var got []golden
	for _, d := range docs {
		assert.Equal(t, CollectorName, d.Provenance.Collector)
		assert.True(t, strings.HasPrefix(d.Provenance.Source, srv.APIURL()) || d.Provenance.Source == srv.URL+"/api/graphql", d.Provenance.Source)
		assert.Equal(t, testNow, d.CollectedAt)
		got = append(got, golden{d.Kind, d.ID, d.Complete, d.Errors, d.Data})
	}
	raw, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	raw = append(raw, '\n')
	path := filepath.Join("testdata", "golden", "fixture_org.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, raw, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(raw))

	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.Equal(t, "127.0.0.1/acme", find(t, docs, KindOrganization, "127.0.0.1/acme").ID)
	assert.Equal(t, float64(2), field(t, repo, "branch_protection", "required_approving_review_count"))
	assert.Equal(t, true, field(t, repo, "vulnerability_alerts_enabled"))
	// Only open alerts, and never the leaked secret itself.
	secrets := field(t, repo, "alerts", "secret_scanning").([]any)
	require.Len(t, secrets, 1)
	assert.Equal(t, float64(42), secrets[0].(map[string]any)["number"])
	all, _ := json.Marshal(docs)
	assert.NotContains(t, string(all), "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2")
	assert.NotContains(t, string(all), "ssh-rsa")
	// Webhooks: neither the masked secret nor what a URL carries besides scheme and host.
	for _, leak := range []string{"********", "s3cr3t-passw0rd", "ci-user", "token=abc123", "github-webhook"} {
		assert.NotContains(t, string(all), leak)
	}
}

func TestWebhooksForbiddenSpoilOnlyThatFact(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Deny(epRepoHooks, 404)
	srv.Deny(epOrgHooks, 403)
	docs, _ := collect(t, testOptions(srv, "acme"))
	for _, d := range []struct{ kind, id, perm string }{
		{KindRepository, "127.0.0.1/acme/Hello-World", PermRepoHooks},
		{KindOrganization, "127.0.0.1/acme", PermOrgHooks},
	} {
		doc := find(t, docs, d.kind, d.id)
		assert.Nil(t, field(t, doc, "hooks"))
		require.Len(t, doc.Errors, 1)
		assert.Equal(t, d.perm, doc.Errors[0].Needs)
		assert.True(t, doc.Errors[0].Denied)
		assert.Contains(t, doc.Errors[0].Message, "Webhooks (read)")
	}
	assert.NotNil(t, field(t, find(t, docs, KindOrganization, "127.0.0.1/acme"), "installations"))
}

func TestGitHubComIDsUseTheWebHost(t *testing.T) {
	col, err := newCollector(Options{}.withDefaults())
	require.NoError(t, err)
	assert.Equal(t, "github.com", col.host)
	col, err = newCollector(Options{APIURL: "https://ghe.example.com/api/v3"}.withDefaults())
	require.NoError(t, err)
	assert.Equal(t, "ghe.example.com", col.host)
	assert.Equal(t, "https://ghe.example.com/api/v3/repos/a/b", col.sourceURL("repos/a/b"))
}

// TestFaultsDoNotChangeEvidence: rate limits of every kind and 5xx, once retried, give the
// very same evidence as a clean run.
func TestFaultsDoNotChangeEvidence(t *testing.T) {
	clean := startFake(t, fixtureOrg())
	want, _ := collect(t, testOptions(clean, "acme"))

	faulty := startFake(t, fixtureOrg())
	faulty.Inject(
		fakegithub.SecondaryLimit429("GET /repos/{owner}/{repo}/secret-scanning/alerts", 1, 1),
		fakegithub.SecondaryLimit403("GET /repos/{owner}/{repo}/branches/{branch}/protection", 2),
		fakegithub.PrimaryLimit("GET /orgs/{org}/members", 1, time.Now().Unix()),
		fakegithub.ServerError("GET /repos/{owner}/{repo}/dependabot/alerts", 2),
		fakegithub.ServerError("GET /repos/{owner}/{repo}", 1),
	)
	got, cov := collect(t, testOptions(faulty, "acme"))
	assert.Equal(t, evidence.SetDigest(want), evidence.SetDigest(got))
	for i := range want {
		assert.Equal(t, want[i].Digest, got[i].Digest, "%s %s", want[i].Kind, want[i].ID)
		assert.True(t, got[i].Complete)
	}
	totals := cov.Stats["totals"].(map[string]any)
	assert.Equal(t, 7, totals["retries"])
	assert.Equal(t, 0, totals["errors"])
	req := cov.Stats["requests"].(map[string]any)
	assert.Equal(t, 2, req[epDependabotAlerts].(map[string]any)["retries"])
	assert.Greater(t, req[epSecretScanningAlerts].(map[string]any)["slept_ms"].(int64), int64(500), "retry-after: 1 was honoured")
}

func TestServerErrorsAfterRetriesAreErrorsNotDenials(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Inject(fakegithub.ServerError(epDeployKeys, 100))
	docs, cov := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.False(t, repo.Complete)
	assert.Nil(t, field(t, repo, "deploy_keys"))
	require.Len(t, repo.Errors, 1)
	assert.Equal(t, PermAdministration, repo.Errors[0].Needs)
	assert.False(t, repo.Errors[0].Denied)
	assert.Contains(t, repo.Errors[0].Message, "502")
	assert.Equal(t, evidence.CoveragePartial, cov.Status)
	assert.Equal(t, 1, cov.Incomplete)
}

func TestSecretScanningForbiddenSpoilsOnlyThatFact(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Deny(epSecretScanningAlerts, 403)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.False(t, repo.Complete)
	assert.Nil(t, field(t, repo, "alerts", "secret_scanning"))
	assert.NotNil(t, field(t, repo, "alerts", "dependabot"))
	assert.NotNil(t, field(t, repo, "alerts", "code_scanning"))
	assert.NotNil(t, field(t, repo, "branch_protection"))
	require.Len(t, repo.Errors, 1)
	e := repo.Errors[0]
	assert.Equal(t, PermSecretScanningAlerts, e.Needs)
	assert.True(t, e.Denied)
	assert.Contains(t, e.Message, "secret-scanning/alerts")
	assert.Contains(t, e.Message, "403")
	assert.Contains(t, e.Message, "Secret scanning alerts")
}

func TestNotFoundAndForbiddenAreToldApart(t *testing.T) {
	org := fixtureOrg()
	org.Repos = []*fakegithub.Repo{{Name: "open", Unprotected: true, VulnAlertsOff: true}, {Name: "hidden"}}
	srv := startFake(t, org)
	srv.Deny(epBranchProtection, 403)
	docs, _ := collect(t, testOptions(srv, "acme"))

	open := find(t, docs, KindRepository, "127.0.0.1/acme/open")
	// The 403 is injected for every repository; "Branch not protected" only exists when
	// the request gets through, so check the 404 reading on a repository without the denial.
	assert.Nil(t, field(t, open, "branch_protection"))
	assert.Equal(t, false, field(t, open, "vulnerability_alerts_enabled"), "404 on vulnerability-alerts means off")
	require.Len(t, open.Errors, 1)
	assert.Equal(t, PermAdministration, open.Errors[0].Needs)
	assert.True(t, open.Errors[0].Denied)

	srv2 := startFake(t, &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "open", Unprotected: true}}})
	docs, _ = collect(t, testOptions(srv2, "acme"))
	open = find(t, docs, KindRepository, "127.0.0.1/acme/open")
	assert.Equal(t, map[string]any{}, field(t, open, "branch_protection"), `404 "Branch not protected" is a fact: {}`)
	assert.True(t, open.Complete)
}

func TestSleepBudgetExhaustedIsAnErrorNotAPass(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Inject(fakegithub.SecondaryLimit429(epCodeScanningAlerts, 100, 3600))
	o := testOptions(srv, "acme")
	o.MaxSleep = time.Second
	start := time.Now()
	docs, cov := collect(t, o)
	assert.Less(t, time.Since(start), 5*time.Second, "no waiting past the budget")
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.False(t, repo.Complete)
	assert.Nil(t, field(t, repo, "alerts", "code_scanning"))
	require.Len(t, repo.Errors, 1)
	assert.Equal(t, PermSecurityEvents, repo.Errors[0].Needs)
	assert.False(t, repo.Errors[0].Denied, "an exhausted budget is an error, not a refusal")
	assert.Contains(t, repo.Errors[0].Message, "budget")
	assert.Equal(t, evidence.CoveragePartial, cov.Status)
}

func TestWarmRunIsServedByNotModified(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	o := testOptions(srv, "acme")
	o.CacheDir = t.TempDir()
	cold, _ := collect(t, o)
	coldTotal := srv.Total()
	assert.Zero(t, coldTotal.NotModified)

	srv.ResetCounts()
	warm, cov := collect(t, o)
	warmTotal := srv.Total()
	assert.Equal(t, evidence.SetDigest(cold), evidence.SetDigest(warm))
	assert.Equal(t, coldTotal.Requests, warmTotal.Requests)
	// Every answer with a body comes back as 304; only the body-less 204 of
	// vulnerability-alerts and the GraphQL POSTs (SAML, and viewer naming the cache's
	// principal; GitHub sends no ETag for GraphQL) cannot be conditional, and webhook lists
	// are never cached (their URLs may carry credentials).
	counts := srv.Counts()
	hooks := counts["GET /orgs/{org}/hooks"].Requests + counts["GET /repos/{owner}/{repo}/hooks"].Requests
	assert.Equal(t, 2, hooks)
	assert.Equal(t, warmTotal.Requests-3-hooks, warmTotal.NotModified)
	assert.Equal(t, warmTotal.NotModified, cov.Stats["totals"].(map[string]any)["not_modified"])

	// A corrupt entry costs a re-fetch, nothing else.
	entries, err := filepath.Glob(filepath.Join(o.CacheDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		require.NoError(t, os.WriteFile(e, []byte(`{"key": "trunc`), 0o600))
	}
	srv.ResetCounts()
	again, cov := collect(t, o)
	assert.Equal(t, evidence.SetDigest(cold), evidence.SetDigest(again))
	assert.Zero(t, srv.Total().NotModified)
	assert.Equal(t, evidence.CoverageOK, cov.Status)
}

func TestTokenNeverLeaks(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Deny(epSecretScanningAlerts, 403)
	srv.Inject(fakegithub.ServerError(epDeployKeys, 100), fakegithub.SecondaryLimit403(epEnvironments, 1))
	var logs bytes.Buffer
	o := testOptions(srv, "acme")
	o.CacheDir = t.TempDir()
	o.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	docs, cov := collect(t, o)
	docs2, cov2 := collect(t, o)

	out, err := json.Marshal([]any{docs, cov, docs2, cov2})
	require.NoError(t, err)
	assert.NotContains(t, string(out), testToken)
	assert.NotContains(t, logs.String(), testToken)
	require.NoError(t, filepath.WalkDir(o.CacheDir, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		raw, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.NotContains(t, string(raw), testToken, p)
		assert.NotContains(t, strings.ToLower(string(raw)), "authorization", p)
		return nil
	}))

	// A refused token: the error says so without repeating it.
	o.Token = testToken + "-wrong"
	_, cov, err = Collect(context.Background(), o)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testToken)
	out, _ = json.Marshal(cov)
	assert.NotContains(t, string(out), testToken)
}

func TestBadTokenFailsWholesale(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	o := testOptions(srv, "acme")
	o.Token = "wrong"
	docs, cov, err := Collect(context.Background(), o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refused the token (401)")
	assert.Empty(t, docs)
	assert.Equal(t, evidence.CoverageError, cov.Status)
	require.NotEmpty(t, cov.Errors)
	assert.Equal(t, 1, srv.Total().Requests, "nothing more is asked once the token is refused")
}

func TestOrganizationNotFound(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	o := testOptions(srv, "acme", "nope")
	docs, cov, err := Collect(context.Background(), o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "organization nope not found")
	assert.Equal(t, evidence.CoverageError, cov.Status)
	assert.Len(t, docs, 4, "what could be collected is returned")
	assert.Equal(t, 5, cov.Expected)
}

func TestScopeArchivedIncludeExclude(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "api-a"}, {Name: "api-b"}, {Name: "web"}, {Name: "api-old", Archived: true},
	}}
	srv := startFake(t, org)
	ids := func(docs []evidence.Document) []string {
		var out []string
		for _, d := range docs {
			if d.Kind == KindRepository {
				out = append(out, d.ID)
			}
		}
		return out
	}

	docs, _ := collect(t, testOptions(srv, "acme"))
	assert.Equal(t, []string{"127.0.0.1/acme/api-a", "127.0.0.1/acme/api-b", "127.0.0.1/acme/web"}, ids(docs))
	assert.Equal(t, map[string]any{"total": float64(4), "archived": float64(1), "in_scope": float64(3)},
		field(t, find(t, docs, KindOrganization, "127.0.0.1/acme"), "repositories"))

	o := testOptions(srv, "acme")
	o.Include, o.Exclude, o.CriticalRepos = []string{"api-*"}, []string{"api-b"}, []string{"acme/api-*"}
	docs, _ = collect(t, o)
	assert.Equal(t, []string{"127.0.0.1/acme/api-a"}, ids(docs))
	assert.Equal(t, true, field(t, find(t, docs, KindRepository, "127.0.0.1/acme/api-a"), "critical"))

	o.IncludeArchived = true
	docs, _ = collect(t, o)
	assert.Equal(t, []string{"127.0.0.1/acme/api-a", "127.0.0.1/acme/api-old"}, ids(docs))
	assert.Equal(t, true, field(t, find(t, docs, KindRepository, "127.0.0.1/acme/api-old"), "archived"))

	// Explicit repositories are collected as named, once.
	o = testOptions(srv)
	o.Repos = []string{"acme/web", "ACME/web"}
	docs, _ = collect(t, o)
	assert.Equal(t, []string{"127.0.0.1/acme/web"}, ids(docs))
}

func TestUnknownRulesetRuleTypeIsKept(t *testing.T) {
	org := fixtureOrg()
	org.Repos[0].UnknownRule = true
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.True(t, repo.Complete)
	var types []any
	for _, r := range field(t, repo, "branch_rules").([]any) {
		types = append(types, r.(map[string]any)["type"])
	}
	assert.Contains(t, types, "copilot_code_review")
	rs := field(t, repo, "rulesets").([]any)[0].(map[string]any)
	assert.Equal(t, float64(42), rs["id"])
	last := rs["rules"].([]any)[len(rs["rules"].([]any))-1].(map[string]any)
	assert.Equal(t, "copilot_code_review", last["type"])
	assert.Equal(t, map[string]any{"review_on_push": true}, last["parameters"])
}

func TestMalformedWorkflowKeepsOtherFacts(t *testing.T) {
	org := fixtureOrg()
	org.Repos[0].Files = map[string]string{
		".github/workflows/good.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n",
		".github/workflows/bad.yaml": "on: push\njobs:\n  a:\n    steps:\n      - uses: [oops\n",
		"CODEOWNERS":                 "* @a\n",
	}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.False(t, repo.Complete)
	wfs := field(t, repo, "workflows").([]any)
	require.Len(t, wfs, 1)
	assert.Equal(t, ".github/workflows/good.yml", wfs[0].(map[string]any)["path"])
	require.Len(t, repo.Errors, 1)
	e := repo.Errors[0]
	assert.Equal(t, ".github/workflows/bad.yaml", e.File)
	assert.Equal(t, 4, e.Line, "the line yaml.v3 names: where the unclosed flow sequence's mapping starts")
	assert.Contains(t, e.Message, "line 4")
	assert.Equal(t, PermContents, e.Needs)
	assert.False(t, e.Denied)
	assert.Equal(t, map[string]any{"codeowners": "CODEOWNERS", "security_policy": nil, "dependabot": nil, "renovate": nil}, field(t, repo, "files"))
	assert.NotNil(t, field(t, repo, "branch_protection"))
}

func TestDependabotAlertsFollowCursorPages(t *testing.T) {
	org := fixtureOrg()
	org.Repos[0].DependabotMany = 250
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.True(t, repo.Complete, repo.Errors)
	assert.Len(t, field(t, repo, "alerts", "dependabot").([]any), 251)
	assert.Equal(t, 3, srv.Counts()[epDependabotAlerts].Requests)
}

func TestDeterministicOutput(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Admins: []string{"z", "a"}, Members: []string{"m", "b"}}
	for _, n := range []string{"c", "a", "b", "d", "e"} {
		org.Repos = append(org.Repos, &fakegithub.Repo{Name: n})
	}
	srv := startFake(t, org)
	a, _ := collect(t, testOptions(srv, "acme"))
	o := testOptions(srv, "acme")
	o.Concurrency = 1
	b, _ := collect(t, o)
	require.Equal(t, len(a), len(b))
	for i := range a {
		assert.Equal(t, a[i].ID, b[i].ID)
		assert.Equal(t, a[i].Digest, b[i].Digest)
	}
}

// A feature switched off is a fact, not a refusal: the alert lists are empty and no
// permission is reported missing, so GH-12/GH-13 can fail on the switched-off feature.
func TestFeatureSwitchedOffIsNotADenial(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Inject(
		fakegithub.Fault{Endpoint: epSecretScanningAlerts, Times: 100, Status: 404, Body: `{"message":"Secret scanning is disabled on this repository."}`},
		fakegithub.Fault{Endpoint: epDependabotAlerts, Times: 100, Status: 403, Body: `{"message":"Dependabot alerts are disabled for this repository."}`},
	)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.True(t, repo.Complete, "errors: %v", repo.Errors)
	alerts := field(t, repo, "alerts").(map[string]any)
	assert.Equal(t, []any{}, alerts["secret_scanning"])
	assert.Equal(t, []any{}, alerts["dependabot"])
}

// A status GitHub leaves out of security_and_analysis is unknown: null, with an error routed
// to the permission of the rules judging it (GH-12: secret scanning alerts; GH-13: Dependabot
// alerts), never a denial and never read as "disabled".
func TestOmittedSecurityStatusesAreUnknown(t *testing.T) {
	org := fixtureOrg()
	org.Repos[0].OmitStatuses = []string{"secret_scanning_push_protection", "dependabot_security_updates"}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.False(t, repo.Complete)
	assert.Nil(t, field(t, repo, "security_and_analysis", "secret_scanning_push_protection"))
	assert.Nil(t, field(t, repo, "security_and_analysis", "dependabot_security_updates"))
	assert.Equal(t, "enabled", field(t, repo, "security_and_analysis", "secret_scanning"))
	require.Len(t, repo.Errors, 2)
	needs := map[string]bool{}
	for _, e := range repo.Errors {
		needs[e.Needs] = true
		assert.False(t, e.Denied)
		assert.Contains(t, e.Message, "not reported")
	}
	assert.Equal(t, map[string]bool{PermSecretScanningAlerts: true, PermVulnerabilityAlerts: true}, needs)
}

func TestClassicProtectionSaysWhetherAPullRequestIsRequired(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	docs, _ := collect(t, testOptions(srv, "acme"))
	repo := find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.Equal(t, true, field(t, repo, "branch_protection", "require_pull_request"))
	assert.Equal(t, map[string]any{"users": []any{}, "teams": []any{}, "apps": []any{}}, field(t, repo, "branch_protection", "bypass_pull_request_allowances"))

	// Allowances are plain names: user login, team slug, app slug. A pull request required
	// with 0 approvals is still a required pull request.
	srv.Inject(fakegithub.Fault{Endpoint: epBranchProtection, Times: 1, Status: 200, Body: `{
	  "required_pull_request_reviews": {"required_approving_review_count": 0,
	    "bypass_pull_request_allowances": {"users": [{"login": "octocat", "id": 1}], "teams": [{"slug": "release", "name": "Release"}], "apps": [{"slug": "octoapp", "id": 1}]}},
	  "enforce_admins": {"enabled": true}}`})
	docs, _ = collect(t, testOptions(srv, "acme"))
	repo = find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World")
	assert.Equal(t, true, field(t, repo, "branch_protection", "require_pull_request"))
	assert.Equal(t, float64(0), field(t, repo, "branch_protection", "required_approving_review_count"))
	assert.Equal(t, map[string]any{"users": []any{"octocat"}, "teams": []any{"release"}, "apps": []any{"octoapp"}}, field(t, repo, "branch_protection", "bypass_pull_request_allowances"))

	srv.Inject(fakegithub.Fault{Endpoint: epBranchProtection, Times: 1, Status: 200, Body: `{"enforce_admins": {"enabled": true}, "allow_force_pushes": {"enabled": false}}`})
	docs, _ = collect(t, testOptions(srv, "acme"))
	assert.Equal(t, false, field(t, find(t, docs, KindRepository, "127.0.0.1/acme/Hello-World"), "branch_protection", "require_pull_request"))
}

// A kind is listed in full only when every call that lists it succeeded: an organization
// without repositories (or with all of them excluded) then has nothing to judge, while a
// failed listing leaves the repositories unknown.
func TestListedKindsOnlyWhenEveryListingSucceeded(t *testing.T) {
	all := []string{KindMembers, KindOrganization, KindRepository, KindSSO}
	tests := []struct {
		name    string
		org     *fakegithub.Org
		setup   func(*fakegithub.Server, *Options)
		listed  []string
		repos   int
		wantErr bool
	}{
		{name: "no repositories", org: &fakegithub.Org{Login: "acme", Admins: []string{"octocat"}}, listed: all},
		{name: "every repository excluded", org: fixtureOrg(), setup: func(_ *fakegithub.Server, o *Options) { o.Exclude = []string{"*"} }, listed: all},
		{name: "every repository read", org: fixtureOrg(), listed: all, repos: 1},
		{name: "repository listing refused", org: &fakegithub.Org{Login: "acme"}, wantErr: true,
			setup: func(s *fakegithub.Server, _ *Options) { s.Deny("GET /orgs/{org}/repos", 403) }},
		{name: "repository listing failed after retries", org: &fakegithub.Org{Login: "acme"}, wantErr: true,
			setup: func(s *fakegithub.Server, _ *Options) { s.Inject(fakegithub.ServerError("GET /orgs/{org}/repos", 100)) }},
		{name: "one named repository not found", org: fixtureOrg(), listed: []string{KindMembers, KindOrganization, KindSSO}, repos: 1,
			setup: func(_ *fakegithub.Server, o *Options) { o.Repos = []string{"acme/gone"} }},
		{name: "explicit repositories only: organizations not looked at", org: fixtureOrg(), listed: []string{KindRepository}, repos: 1,
			setup: func(_ *fakegithub.Server, o *Options) { o.Orgs, o.Repos = nil, []string{"acme/Hello-World"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFake(t, tt.org)
			o := testOptions(srv, "acme")
			if tt.setup != nil {
				tt.setup(srv, &o)
			}
			docs, cov, err := Collect(context.Background(), o)
			if tt.wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.listed, cov.Listed)
			repos := 0
			for _, d := range docs {
				if d.Kind == KindRepository {
					repos++
				}
			}
			assert.Equal(t, tt.repos, repos)
		})
	}
}

// Immutable releases are read on critical repositories only: enabled (200), off (GitHub's
// 404), refused (null with a denied administration error), and not asked elsewhere.
func TestImmutableReleasesOnCriticalRepositories(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "api", ImmutableReleases: true}, {Name: "pay"}, {Name: "docs"}}}
	srv := startFake(t, org)
	o := testOptions(srv, "acme")
	o.CriticalRepos = []string{"api", "pay"}
	docs, _ := collect(t, o)
	assert.Equal(t, map[string]any{"enabled": true, "enforced_by_owner": false}, field(t, find(t, docs, KindRepository, "127.0.0.1/acme/api"), "immutable_releases"))
	assert.Equal(t, map[string]any{"enabled": false, "enforced_by_owner": false}, field(t, find(t, docs, KindRepository, "127.0.0.1/acme/pay"), "immutable_releases"))
	assert.NotContains(t, plain(t, find(t, docs, KindRepository, "127.0.0.1/acme/docs").Data), "immutable_releases")
	assert.Equal(t, 2, srv.Counts()["GET /repos/{owner}/{repo}/immutable-releases"].Requests)

	srv.Deny("GET /repos/{owner}/{repo}/immutable-releases", 403)
	docs, _ = collect(t, o)
	api := find(t, docs, KindRepository, "127.0.0.1/acme/api")
	assert.Nil(t, field(t, api, "immutable_releases"))
	require.NotEmpty(t, api.Errors)
	var found bool
	for _, e := range api.Errors {
		if strings.Contains(e.Message, "immutable_releases") {
			found = true
			assert.True(t, e.Denied)
			assert.Equal(t, PermAdministration, e.Needs)
		}
	}
	assert.True(t, found, "the refusal is named: %v", api.Errors)
}
