package github

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
)

// An installation token rotates every hour; the principal behind it does not. A new token
// for the same principal still gets 304s for what the last run cached, while another
// principal sharing the cache directory gets nothing of it: fresh 200s only.
func TestCacheSurvivesTokenRotationButNotAnotherPrincipal(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	const rotated, other = "ghs_ROTATEDtokenSamePrincipal0123456789", "ghp_OTHERprincipalToken0123456789abcd"
	srv.AddToken(rotated, fakegithub.DefaultPrincipal)
	srv.AddToken(other, "auditor-jane")
	o := testOptions(srv, "acme")
	o.CacheDir = t.TempDir()
	cold, _ := collect(t, o)

	srv.ResetCounts()
	o.Token = rotated
	warm, _ := collect(t, o)
	w := srv.Total()
	assert.Equal(t, evidence.SetDigest(cold), evidence.SetDigest(warm))
	// All but the GraphQL POSTs (viewer, SAML), the body-less 204 and the webhook lists
	// (never cached) are 304s.
	counts := srv.Counts()
	uncached := 3 + counts["GET /orgs/{org}/hooks"].Requests + counts["GET /repos/{owner}/{repo}/hooks"].Requests
	assert.Equal(t, w.Requests-uncached, w.NotModified, "a rotated token of the same principal is served from the cache")

	srv.ResetCounts()
	o.Token = other
	again, _ := collect(t, o)
	assert.Zero(t, srv.Total().NotModified, "another principal never revalidates someone else's entries")
	assert.Equal(t, evidence.SetDigest(cold), evidence.SetDigest(again))

	// And back to the first principal: its entries were not overwritten by the other's.
	srv.ResetCounts()
	o.Token = testToken
	collect(t, o)
	w = srv.Total()
	assert.Equal(t, w.Requests-uncached, w.NotModified)
}

// Webhook lists carry each hook's full URL, credentials included; evidence keeps scheme and
// host only, and the cache must not keep the rest on disk either.
func TestCacheNeverStoresWebhookURLs(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	o := testOptions(srv, "acme")
	o.CacheDir = t.TempDir()
	collect(t, o)
	entries := 0
	require.NoError(t, filepath.WalkDir(o.CacheDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		entries++
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		var e cacheEntry
		require.NoError(t, json.Unmarshal(raw, &e), path)
		for _, leak := range []string{"s3cr3t-passw0rd", "token=abc123", "github-webhook"} {
			assert.False(t, strings.Contains(string(raw)+string(e.Body), leak), "%s (%s) holds %q", path, e.Key, leak)
		}
		return nil
	}))
	assert.Greater(t, entries, 10, "the other endpoints are cached")
}

func TestExpectedETagFollowsGitHubsAlgorithm(t *testing.T) {
	h := map[string][]string{"Accept": {"application/vnd.github+json"}, "Authorization": {"Bearer x"}}
	got := expectedETag(h, []byte(`{"a":1}`))
	// printf '%s' 'application/vnd.github+json:Bearer x:{"a":1}' | sha256sum
	assert.Equal(t, `"4a1cd7f4adae75cb04653350c798bc608ffc8069422c2590f1a0d43f6e0e7c4f"`, got)
	assert.NotEqual(t, got, expectedETag(map[string][]string{"Accept": {"application/vnd.github+json"}, "Authorization": {"Bearer y"}}, []byte(`{"a":1}`)))
}
