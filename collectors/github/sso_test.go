package github

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
)

func ssoDoc(t *testing.T, docs []evidence.Document) evidence.Document {
	t.Helper()
	return find(t, docs, KindSSO, "127.0.0.1/acme/sso")
}

func TestSAMLAtOrganizationLevelPagesThroughIdentities(t *testing.T) {
	org := fixtureOrg()
	for i := range 150 {
		org.SAML.Identities = append(org.SAML.Identities, fakegithub.Identity{Login: fmt.Sprintf("former-%03d", i), SCIM: i%2 == 0})
	}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := ssoDoc(t, docs)
	assert.True(t, d.Complete, d.Errors)
	assert.Equal(t, map[string]any{
		"level": "organization", "sso_url": "https://example.okta.com", "issuer": "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
		"external_identities": float64(153), "scim_identities": float64(76),
	}, field(t, d, "saml"), "the SSO URL keeps scheme and host only")
	assert.Equal(t, []any{"hubot"}, field(t, d, "members_without_identity"))
	assert.Nil(t, field(t, d, "enterprise"))
	assert.Equal(t, 2, srv.Counts()[fakegithub.OpOrgSAML].Requests, "two pages of 100")
	assert.Equal(t, srv.APIURL()[:len(srv.APIURL())-len("v3/")]+"graphql", d.Provenance.Source)
}

func TestSAMLAtEnterpriseLevel(t *testing.T) {
	org := fixtureOrg()
	org.SAML = nil
	srv := startFake(t, org)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://login.microsoftonline.com/tenant/saml2", Issuer: "https://sts.windows.net/tenant/",
		Identities: []fakegithub.Identity{{Login: "octocat", SCIM: true}, {Login: "monalisa", SCIM: true}, {Login: "hubot", SCIM: true}}})
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := ssoDoc(t, docs)
	assert.True(t, d.Complete, d.Errors)
	assert.Equal(t, "acme-corp", field(t, d, "enterprise"))
	assert.Equal(t, "enterprise", field(t, d, "saml", "level"))
	assert.Equal(t, float64(3), field(t, d, "saml", "scim_identities"))
	assert.Equal(t, []any{}, field(t, d, "members_without_identity"))
	assert.Equal(t, 1, srv.Counts()[fakegithub.OpEnterpriseSAML].Requests)

	// An organization-level provider wins; the enterprise is not asked.
	srv.ResetCounts()
	org.SAML = fixtureOrg().SAML
	docs, _ = collect(t, o)
	assert.Equal(t, "organization", field(t, ssoDoc(t, docs), "saml", "level"))
	assert.Zero(t, srv.Counts()[fakegithub.OpEnterpriseSAML].Requests)
}

func TestNoSAMLIsAFactNotAGap(t *testing.T) {
	org := fixtureOrg()
	org.SAML = nil
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := ssoDoc(t, docs)
	assert.True(t, d.Complete)
	assert.Equal(t, map[string]any{}, field(t, d, "saml"))
	assert.Equal(t, []any{}, field(t, d, "members_without_identity"))

	// An enterprise without SAML either: still {}.
	srv.SetEnterprise("acme-corp", nil)
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ = collect(t, o)
	assert.Equal(t, map[string]any{}, field(t, ssoDoc(t, docs), "saml"))
}

// GraphQL refuses with 200 and an errors array: FORBIDDEN and INSUFFICIENT_SCOPES are denied
// gaps naming the permission, and only the sso document is affected.
func TestSAMLRefusalsAreDeniedGaps(t *testing.T) {
	scopes, err := os.ReadFile("testdata/fixtures/synthetic_graphql_insufficient_scopes.json")
	require.NoError(t, err)
	for name, deny := range map[string]func(*fakegithub.Server){
		"FORBIDDEN": func(s *fakegithub.Server) { s.Deny(fakegithub.OpOrgSAML, 403) },
		"INSUFFICIENT_SCOPES": func(s *fakegithub.Server) {
			s.Inject(fakegithub.Fault{Endpoint: fakegithub.OpOrgSAML, Times: 100, Status: 200, Body: string(scopes)})
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := startFake(t, fixtureOrg())
			deny(srv)
			docs, _ := collect(t, testOptions(srv, "acme"))
			d := ssoDoc(t, docs)
			assert.False(t, d.Complete)
			assert.Nil(t, field(t, d, "saml"))
			assert.Nil(t, field(t, d, "members_without_identity"))
			require.Len(t, d.Errors, 1)
			assert.Equal(t, PermOrgAdministration, d.Errors[0].Needs)
			assert.True(t, d.Errors[0].Denied)
			assert.Contains(t, d.Errors[0].Message, name)
			assert.Contains(t, d.Errors[0].Message, "POST /api/graphql")
			assert.True(t, find(t, docs, KindOrganization, "127.0.0.1/acme").Complete, "the organization's other facts are not spoiled")
		})
	}
}

func TestEnterpriseOwnerInfoHiddenIsDenied(t *testing.T) {
	org := fixtureOrg()
	org.SAML = nil
	srv := startFake(t, org)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml"})
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	srv.Inject(fakegithub.Fault{Endpoint: fakegithub.OpEnterpriseSAML, Times: 1, Status: 200,
		Body: `{"data":{"enterprise":{"ownerInfo":null}}}`})
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := ssoDoc(t, docs)
	require.Len(t, d.Errors, 1)
	assert.Equal(t, PermEnterpriseAdministration, d.Errors[0].Needs)
	assert.True(t, d.Errors[0].Denied)
	assert.Contains(t, d.Errors[0].Message, "enterprise owners only")

	o.Enterprise = "nope"
	docs, _ = collect(t, o)
	d = ssoDoc(t, docs)
	require.Len(t, d.Errors, 1)
	assert.True(t, d.Errors[0].Denied)
	assert.Contains(t, d.Errors[0].Message, "NOT_FOUND")
}

// Other GraphQL errors are failures, not refusals: the rule becomes an error.
func TestSAMLOtherGraphQLErrorsAreErrors(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Inject(fakegithub.Fault{Endpoint: fakegithub.OpOrgSAML, Times: 1, Status: 200,
		Body: `{"errors":[{"type":"MAX_NODE_LIMIT_EXCEEDED","message":"This query requests up to 1,000,100 possible nodes which exceeds the maximum limit of 500,000."}]}`})
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := ssoDoc(t, docs)
	require.Len(t, d.Errors, 1)
	assert.Equal(t, PermOrgAdministration, d.Errors[0].Needs)
	assert.False(t, d.Errors[0].Denied)
	assert.Contains(t, d.Errors[0].Message, "MAX_NODE_LIMIT_EXCEEDED")
}

// GraphQL goes through the same transport: a 502, a secondary limit and a spent GraphQL
// quota (200 with RATE_LIMITED and x-ratelimit-remaining: 0) are retried, the POST body sent
// again, and the evidence is the same as a clean run's.
func TestGraphQLFaultsAreRetried(t *testing.T) {
	clean := startFake(t, fixtureOrg())
	want, _ := collect(t, testOptions(clean, "acme"))

	limited, err := os.ReadFile("testdata/fixtures/synthetic_graphql_rate_limited.json")
	require.NoError(t, err)
	faulty := startFake(t, fixtureOrg())
	faulty.Inject(
		fakegithub.ServerError(fakegithub.OpOrgSAML, 1),
		fakegithub.SecondaryLimit429(fakegithub.OpOrgSAML, 1, 0),
		fakegithub.Fault{Endpoint: fakegithub.OpOrgSAML, Times: 1, Status: 200, Body: string(limited),
			Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Resource": "graphql", "X-RateLimit-Reset": strconv.FormatInt(time.Now().Unix(), 10)}},
	)
	got, cov := collect(t, testOptions(faulty, "acme"))
	assert.Equal(t, evidence.SetDigest(want), evidence.SetDigest(got))
	assert.True(t, ssoDoc(t, got).Complete, ssoDoc(t, got).Errors)
	req := cov.Stats["requests"].(map[string]any)[epGraphQLOrgSAML].(map[string]any)
	assert.Equal(t, 3, req["retries"])
	assert.Equal(t, 4, req["calls"])
}

func TestGraphQLURL(t *testing.T) {
	for api, want := range map[string]string{
		"https://api.github.com/":         "https://api.github.com/graphql",
		"https://ghe.example.com/api/v3/": "https://ghe.example.com/api/graphql",
		"http://127.0.0.1:8080/api/v3/":   "http://127.0.0.1:8080/api/graphql",
	} {
		col, err := newCollector(Options{APIURL: api}.withDefaults())
		require.NoError(t, err)
		assert.Equal(t, want, col.c.graphql.String())
	}
}
