package github

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/stretchr/testify/require"
)

const testToken = "ghs_TESTtokenDoNotLeak0123456789abcdef"

var testNow = time.Date(2026, 11, 21, 2, 0, 4, 0, time.UTC)

// fixtureOrg is the model organization the contract test reads: one repository built from
// the reference examples as they are.
func fixtureOrg() *fakegithub.Org {
	return &fakegithub.Org{
		Login: "acme", Admins: []string{"octocat"}, Members: []string{"monalisa", "hubot"},
		NoMFA: []string{"hubot"}, Outside: []string{"contractor"},
		Repos: []*fakegithub.Repo{{Name: "Hello-World", AdminUsers: []string{"octocat"}}},
		SAML: &fakegithub.SAML{
			SSOURL: "https://example.okta.com/app/github_ghec_1/exk1a2b3c4d5e6f7g8h9/sso/saml", Issuer: "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
			Identities: []fakegithub.Identity{{Login: "octocat", SCIM: true}, {Login: "monalisa"}, {}},
		},
	}
}

func startFake(t testing.TB, orgs ...*fakegithub.Org) *fakegithub.Server {
	t.Helper()
	srv, err := fakegithub.New(os.DirFS("testdata/fixtures"), testToken, orgs...)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	return srv
}

// testOptions gives fast backoffs so fault tests run in milliseconds.
func testOptions(srv *fakegithub.Server, orgs ...string) Options {
	return Options{
		APIURL: srv.APIURL(), Token: testToken, Orgs: orgs, Version: "test",
		Now:                func() time.Time { return testNow },
		rateLimitBackoff:   10 * time.Millisecond,
		serverErrorBackoff: time.Millisecond,
	}
}

func collect(t testing.TB, o Options) ([]evidence.Document, evidence.Coverage) {
	t.Helper()
	docs, cov, err := Collect(context.Background(), o)
	require.NoError(t, err, "coverage errors: %v", cov.Errors)
	return docs, cov
}

func find(t testing.TB, docs []evidence.Document, kind, id string) evidence.Document {
	t.Helper()
	for _, d := range docs {
		if d.Kind == kind && d.ID == id {
			return d
		}
	}
	t.Fatalf("no %s document %s", kind, id)
	return evidence.Document{}
}

// plain re-reads sealed data as plain JSON values (numbers as float64) for easy asserts.
func plain(t testing.TB, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

func field(t testing.TB, d evidence.Document, path ...string) any {
	t.Helper()
	var cur any = plain(t, d.Data)
	for _, p := range path {
		m, ok := cur.(map[string]any)
		require.True(t, ok, "%s: %v is not an object", p, cur)
		cur, ok = m[p]
		require.True(t, ok, "no field %s in %s %s", p, d.Kind, d.ID)
	}
	return cur
}
