package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
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

// A security status GitHub does not report is unknown: GH-12 is an error for that
// repository (never a pass, never a failure), and other rules still judge it.
func TestGitHubUnreportedStatusIsAnError(t *testing.T) {
	org := fakeOrg()
	org.Repos[0].OmitStatuses = []string{"secret_scanning_push_protection"}
	dir, _ := githubISMS(t, org)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	gh12 := statuses(r, "GH-12")
	assert.Equal(t, results.StatusError, gh12["127.0.0.1/acme/api "], "%v", gh12)
	for key, status := range gh12 {
		if strings.HasPrefix(key, "127.0.0.1/acme/api ") {
			assert.Equal(t, results.StatusError, status, key)
		}
	}
	assert.Equal(t, "pass", statuses(r, "GH-07")["127.0.0.1/acme/api "])
}

// GH-02 and GH-16 end to end: no SAML at all, the fixture's apps and webhooks.
func TestGitHubSSOAndIntegrationFindings(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	assert.Equal(t, map[string]string{"127.0.0.1/acme/sso no-saml": "fail"}, statuses(r, "GH-02"))
	gh16 := statuses(r, "GH-16")
	for _, key := range []string{
		"127.0.0.1/acme apps-not-reviewed", "127.0.0.1/acme broad-app:release-bot", "127.0.0.1/acme hook:1",
		"127.0.0.1/acme/api hook:12345679", "127.0.0.1/acme/web hook:12345679",
	} {
		assert.Equal(t, "fail", gh16[key], "%s in %v", key, gh16)
	}
	assert.NotContains(t, gh16, "127.0.0.1/acme/api hook:12345678", "the https webhook with a secret passes")

	// SAML denied: GH-02 is skipped naming the permission; GH-01 on the same organisation is not.
	srv.Deny(fakegithub.OpOrgSAML, 403)
	_, stderr, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r = readResults(t, out)
	for _, f := range r.Findings {
		switch f.RuleID {
		case "GH-02":
			assert.Equal(t, results.StatusSkipped, f.Status)
			assert.Contains(t, f.Message, "Organization permissions: Administration (read)")
		case "GH-01":
			assert.NotEqual(t, results.StatusSkipped, f.Status)
		}
	}
}

// GH-20 end to end on an organisation without the audit log (GitHub answers 404 off
// Enterprise Cloud): skipped with the reason, never passed, while GH-04 and GH-06 on the
// same members document still judge it.
func TestGitHubInactivityWithoutAuditLog(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	srv.Deny("GET /orgs/{org}/audit-log", 404)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	gh20 := 0
	for _, f := range r.Findings {
		switch f.RuleID {
		case "GH-20":
			gh20++
			assert.Equal(t, results.StatusSkipped, f.Status)
			assert.Contains(t, f.Message, "GitHub Enterprise Cloud only")
		case "GH-04", "GH-06":
			assert.NotEqual(t, results.StatusSkipped, f.Status, "%s: %s", f.RuleID, f.Message)
			assert.NotEqual(t, results.StatusError, f.Status, "%s: %s", f.RuleID, f.Message)
		}
	}
	assert.Equal(t, 1, gh20, "one finding for the organisation's members")
}

// GH-20 judges inactivity as of the run's date, so audit reads the audit-log window
// backwards from --as-of, not from the collection time; collect, which takes no --as-of,
// reads it back from the collection time.
func TestGitHubInactivityWindowEndsAtTheAsOfDate(t *testing.T) {
	org := fakeOrg()
	org.LastActive = map[string]time.Time{
		"octocat": time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC), // 10 days before the run
		"mona":    time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC),  // 60 days before
		"hubot":   time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC),  // 149 days before: inactive
	}
	dir, _ := githubISMS(t, org)
	out, bundle := filepath.Join(t.TempDir(), "r.json"), filepath.Join(t.TempDir(), "bundle")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-06-30", "--format", "json", "-o", out, "--evidence-out", bundle, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	activity := membersActivity(t, bundle)
	assert.Equal(t, "2026-04-01T00:00:00Z", activity["since"], "90 days before the as-of date")
	assert.Len(t, activity["active"], 2, "octocat and mona acted in the window")

	var gh20 []string
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-20" {
			gh20 = append(gh20, f.Status+" "+f.Message)
		}
	}
	require.Len(t, gh20, 1)
	assert.Contains(t, gh20[0], "fail ")
	assert.True(t, strings.HasSuffix(gh20[0], "(inactive_days): hubot"), gh20[0])

	// collect has no --as-of: its window ends at the collection time.
	collected := filepath.Join(t.TempDir(), "collected")
	before := time.Now().UTC()
	_, stderr, code = run(t, "collect", dir, "--out", collected)
	require.Equal(t, exitOK, code, stderr)
	after := time.Now().UTC()
	assert.Contains(t, []any{
		before.AddDate(0, 0, -90).Format("2006-01-02") + "T00:00:00Z", after.AddDate(0, 0, -90).Format("2006-01-02") + "T00:00:00Z",
	}, membersActivity(t, collected)["since"])
}

// An as-of date before the collection judges inactivity as of that date: events after it
// (octocat's) do not make a login active, so no false pass for the date the run is about.
func TestGitHubInactivityIgnoresEventsAfterTheAsOfDate(t *testing.T) {
	org := fakeOrg()
	org.LastActive = map[string]time.Time{
		"octocat": time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC), // after the as-of date
		"mona":    time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC),
		"hubot":   time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC),
	}
	dir, _ := githubISMS(t, org)
	out, bundle := filepath.Join(t.TempDir(), "r.json"), filepath.Join(t.TempDir(), "bundle")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-06-30", "--format", "json", "-o", out, "--evidence-out", bundle, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "2026-07-01T00:00:00Z", membersActivity(t, bundle)["until"])
	var gh20 []string
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-20" {
			gh20 = append(gh20, f.Status+" "+f.Message)
		}
	}
	require.Len(t, gh20, 1)
	assert.True(t, strings.HasPrefix(gh20[0], "fail "), gh20[0])
	assert.True(t, strings.HasSuffix(gh20[0], "(inactive_days): octocat"), gh20[0])
}

// An audit-log event without a readable time says the login acted, not when: GH-20 names
// the login as not judged, never as inactive.
func TestGitHubInactivityUndatedEventIsNotJudged(t *testing.T) {
	org := fakeOrg()
	org.LastActive = map[string]time.Time{"octocat": time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), "mona": time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	org.AuditUndated = []string{"hubot"}
	dir, _ := githubISMS(t, org)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	var gh20 []string
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-20" {
			gh20 = append(gh20, f.Status+" "+f.Grade+" "+f.Key)
		}
	}
	assert.Equal(t, []string{"fail observation undated"}, gh20)
}

// An enterprise policy value GH-05 does not know makes GH-05 an error for the organisation,
// naming the value: never a pass.
func TestGitHubEnterprisePolicyUnknownValueIsAnError(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	srv.SetEnterprise("acme-corp", nil)
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	srv.SetEnterprisePolicies("acme-corp", map[string]string{
		"membersCanDeleteRepositoriesSetting": "DISABLED", "membersCanChangeRepositoryVisibilitySetting": "SOMETHING_NEW",
	})
	edit(t, filepath.Join(dir, "ismscheck.yaml"), "orgs: [acme]", "orgs: [acme]\n    enterprise: acme-corp")
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	var gh05 []string
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-05" {
			gh05 = append(gh05, f.Status+" "+f.Message)
		}
	}
	require.Len(t, gh05, 1)
	assert.True(t, strings.HasPrefix(gh05[0], "error "), gh05[0])
	assert.Contains(t, gh05[0], `"SOMETHING_NEW"`)
}

// An enterprise that does not list the organisation does not govern it: its strict policies
// and its SAML provider (which links every member) must not pass GH-05 or GH-02 for it.
func TestGitHubEnterpriseOfAnotherOrganisationPassesNothing(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml", Issuer: "https://idp.example.com",
		Identities: []fakegithub.Identity{{Login: "octocat", SCIM: true}, {Login: "mona", SCIM: true}, {Login: "hubot", SCIM: true}}})
	srv.SetEnterpriseOrganizations("acme-corp", "acme-subsidiary")
	srv.SetEnterprisePolicies("acme-corp", map[string]string{
		"membersCanDeleteRepositoriesSetting": "DISABLED", "membersCanChangeRepositoryVisibilitySetting": "DISABLED",
	})
	edit(t, filepath.Join(dir, "ismscheck.yaml"), "orgs: [acme]", "orgs: [acme]\n    enterprise: acme-corp")
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := map[string][]string{}
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-05" || f.RuleID == "GH-02" {
			got[f.RuleID] = append(got[f.RuleID], f.Status+" "+f.Message)
		}
	}
	for _, rule := range []string{"GH-05", "GH-02"} {
		require.Len(t, got[rule], 1, "%s: %v", rule, got)
		assert.True(t, strings.HasPrefix(got[rule][0], "error "), got[rule][0])
		assert.Contains(t, got[rule][0], "organisation acme is not among the organisations of enterprise acme-corp (or not visible to the token)")
	}
}

// sources.github.max_activity_lookups bounds the per-login audit-log requests; the logins
// beyond it reach GH-20 as not judged (an observation naming them), never as inactive.
func TestGitHubInactivityLookupsAreBounded(t *testing.T) {
	org := fakeOrg()
	org.AuditNoise = 1200 // newer bot events fill more pages than the scan reads
	dir, srv := githubISMS(t, org)
	edit(t, filepath.Join(dir, "ismscheck.yaml"), "orgs: [acme]", "orgs: [acme]\n    max_activity_lookups: 1")
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 10+1, srv.Counts()["GET /orgs/{org}/audit-log"].Requests, "ten pages, then one login")
	var gh20 []string
	for _, f := range readResults(t, out).Findings {
		if f.RuleID == "GH-20" {
			gh20 = append(gh20, f.Status+" "+f.Grade+" "+f.Message)
		}
	}
	require.Len(t, gh20, 1, "hubot, asked, acted in the window: only the unasked are reported")
	assert.Equal(t, "fail observation Organisation acme: 2 logins without an event in the audit log pages read were not looked up one by one (sources.github.max_activity_lookups) and cannot be judged: mona, octocat", gh20[0])
}

func membersActivity(t *testing.T, bundle string) map[string]any {
	t.Helper()
	b, err := evidence.ReadBundle(bundle)
	require.NoError(t, err)
	for _, d := range b.Documents {
		if d.Kind == "github.members" {
			a, ok := d.Data["activity"].(map[string]any)
			require.True(t, ok, "activity: %v (errors %v)", d.Data["activity"], d.Errors)
			return a
		}
	}
	require.Fail(t, "no github.members document in "+bundle)
	return nil
}

// --progress writes how far the GitHub collection is to stderr (a CI log: not a terminal);
// without it, stderr carries no progress, so CI output stays quiet.
func TestGitHubProgressOnlyWhenAsked(t *testing.T) {
	dir, _ := githubISMS(t, fakeOrg())
	_, quiet, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", filepath.Join(t.TempDir(), "r.json"), "--fail-on", "none")
	require.Equal(t, exitOK, code, quiet)
	assert.NotContains(t, quiet, "repositories")

	_, stderr, code := run(t, "--progress", "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", filepath.Join(t.TempDir(), "r.json"), "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "github 127.0.0.1: 0/2 repositories · ")
	assert.Regexp(t, `github 127\.0\.0\.1: 2/2 repositories · \d+ requests\n`, stderr, "the last report always shows")
	assert.NotContains(t, stderr, fakeToken)
}

// An organisation without repositories: the repository rules have nothing to judge. They are
// not applicable, neither skipped as "not collected" nor passed.
func TestGitHubOrgWithoutRepositoriesIsNotApplicable(t *testing.T) {
	org := fakeOrg()
	org.Repos = nil
	dir, _ := githubISMS(t, org)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	assert.Empty(t, statuses(r, "GH-07"), "no finding at all, not even skipped")
	notApplicable := map[string]string{}
	for _, n := range r.Coverage.Rules.NotApplicableRules {
		notApplicable[n.RuleID] = n.Reason
	}
	assert.Contains(t, notApplicable["GH-07"], "github.repository")
	assert.NotContains(t, notApplicable, "GH-01", "organisation rules still judge the organisation")
	assert.NotEmpty(t, statuses(r, "GH-01"))
}

// GH-18 joins the repositories with the ISMS asset register: a repository named there by
// owner/name passes, one that is not is an observation naming it.
func TestGitHubRepositoriesJoinTheAssetRegister(t *testing.T) {
	dir, _ := githubISMS(t, fakeOrg())
	register := filepath.Join(dir, "registers", "assets.csv")
	raw, err := os.ReadFile(register)
	require.NoError(t, err)
	write(t, register, string(raw)+"AST-90,API service source code,information,Priya Raman,Confidential,GitHub (acme/api)\n")
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	gh18 := statuses(r, "GH-18")
	assert.NotContains(t, gh18, "127.0.0.1/acme/api asset_inventory", "named by owner/name in the register")
	assert.Equal(t, "fail", gh18["127.0.0.1/acme/web asset_inventory"])
	for _, f := range r.Findings {
		if f.RuleID == "GH-18" && f.Key == "asset_inventory" {
			assert.Equal(t, "observation", f.Grade)
			assert.Contains(t, f.Message, "acme/web is not in the asset inventory")
		}
	}
}

// One organisation of two cannot be read: the other is judged, and the unread one does not
// just drop out: every GitHub rule is an error for the source, naming what failed, so the
// gate can never pass on half the organisations.
func TestGitHubOrganisationThatFailsIsNotSilentlyDropped(t *testing.T) {
	dir, srv := githubISMS(t, fakeOrg())
	edit(t, filepath.Join(dir, "ismscheck.yaml"), "orgs: [acme]", "orgs: [acme, ghost]")
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	r := readResults(t, out)
	assert.Equal(t, "pass", statuses(r, "GH-07")["127.0.0.1/acme/api "], "the organisation that was read is judged")
	part := srv.APIURL()
	for _, rule := range []string{"GH-01", "GH-07", "GH-12"} {
		var found *results.Finding
		for i, f := range r.Findings {
			if f.RuleID == rule && f.Resource.ID == part {
				require.Nil(t, found, "%s: one finding for the missing part", rule)
				found = &r.Findings[i]
			}
		}
		require.NotNil(t, found, "%s has an error for the unread organisation", rule)
		assert.Equal(t, results.StatusError, found.Status)
		assert.Contains(t, found.Message, "could not be collected")
		assert.Contains(t, found.Message, "ghost")
	}
	_, _, code = run(t, "report", "--results", out, "--fail-on", "ofi", "--format", "json")
	assert.Contains(t, []int{exitGate, exitIncomplete}, code)
}
