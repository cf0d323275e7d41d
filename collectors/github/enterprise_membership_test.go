package github

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
)

const notMemberMessage = "organisation acme-labs is not among the organisations of enterprise acme-corp (or not visible to the token)"

// enterpriseErrors are a document's errors needing the enterprise permission.
func enterpriseErrors(d evidence.Document) []evidence.Error {
	var out []evidence.Error
	for _, e := range d.Errors {
		if e.Needs == PermEnterpriseAdministration {
			out = append(out, e)
		}
	}
	return out
}

// An enterprise's policies and SAML provider govern its own organizations only: another
// organization of the run is an error for them, never passed (or failed) by them.
func TestEnterpriseSettingsCountOnlyForItsOrganizations(t *testing.T) {
	member := fixtureOrg()
	member.SAML = nil
	outsider := fixtureOrg()
	outsider.Login, outsider.Repos, outsider.SAML = "acme-labs", nil, nil
	srv := startFake(t, member, outsider)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml",
		Identities: []fakegithub.Identity{{Login: "octocat", SCIM: true}, {Login: "monalisa", SCIM: true}, {Login: "hubot", SCIM: true}}})
	srv.SetEnterpriseOrganizations("acme-corp", "other", "ACME") // GitHub's case need not match the configuration's
	srv.SetEnterprisePolicies("acme-corp", map[string]string{"membersCanDeleteRepositoriesSetting": "DISABLED", "membersCanChangeRepositoryVisibilitySetting": "DISABLED"})
	o := testOptions(srv, "acme", "acme-labs")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)

	in := orgDoc(t, docs, "acme")
	assert.True(t, in.Complete, in.Errors)
	assert.Equal(t, "disabled", field(t, in, "enterprise_policies", "members_can_delete_repositories"))
	inSSO := find(t, docs, KindSSO, "127.0.0.1/acme/sso")
	assert.True(t, inSSO.Complete, inSSO.Errors)
	assert.Equal(t, "enterprise", field(t, inSSO, "saml", "level"))

	out := orgDoc(t, docs, "acme-labs")
	assert.Nil(t, field(t, out, "enterprise_policies"), "another enterprise's policies must not pass this organization")
	errs := enterpriseErrors(out)
	require.Len(t, errs, 1, out.Errors)
	assert.False(t, errs[0].Denied, "not a refusal: an error")
	assert.Contains(t, errs[0].Message, "enterprise_policies")
	assert.Contains(t, errs[0].Message, notMemberMessage)
	assert.Equal(t, "read", field(t, out, "default_repository_permission"), "the organization's own settings are still read")

	outSSO := find(t, docs, KindSSO, "127.0.0.1/acme-labs/sso")
	assert.Nil(t, field(t, outSSO, "saml"), "the enterprise's provider does not count for it")
	assert.Nil(t, field(t, outSSO, "members_without_identity"))
	errs = enterpriseErrors(outSSO)
	require.Len(t, errs, 1, outSSO.Errors)
	assert.False(t, errs[0].Denied)
	assert.Contains(t, errs[0].Message, notMemberMessage)

	counts := srv.Counts()
	assert.Equal(t, 1, counts[fakegithub.OpEnterprisePolicies].Requests, "membership is read with the policies, once per run")
	assert.Zero(t, counts[fakegithub.OpEnterpriseOrganizations].Requests, "one page: no further query")
	assert.Equal(t, 1, counts[fakegithub.OpEnterpriseSAML].Requests, "asked for the member only")
}

// An organization outside the enterprise keeps its own SAML provider, without error.
func TestOrganizationOutsideTheEnterpriseKeepsItsOwnSAML(t *testing.T) {
	outsider := fixtureOrg()
	outsider.Login = "acme-labs"
	srv := startFake(t, outsider)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml"})
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	o := testOptions(srv, "acme-labs")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := find(t, docs, KindSSO, "127.0.0.1/acme-labs/sso")
	assert.True(t, d.Complete, d.Errors)
	assert.Equal(t, "organization", field(t, d, "saml", "level"))
	assert.Nil(t, field(t, orgDoc(t, docs, "acme-labs"), "enterprise_policies"))
}

// Past 100 organizations the list is paged, with a query asking the organizations only.
func TestEnterpriseOrganizationsArePaged(t *testing.T) {
	org := fixtureOrg()
	org.SAML = nil
	srv := startFake(t, org)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml"})
	var logins []string
	for i := range 150 {
		logins = append(logins, fmt.Sprintf("org-%03d", i))
	}
	srv.SetEnterpriseOrganizations("acme-corp", append(logins, "acme")...)
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := orgDoc(t, docs, "acme")
	assert.True(t, d.Complete, d.Errors)
	assert.NotNil(t, field(t, d, "enterprise_policies"))
	assert.Equal(t, "enterprise", field(t, find(t, docs, KindSSO, "127.0.0.1/acme/sso"), "saml", "level"))
	assert.Equal(t, 1, srv.Counts()[fakegithub.OpEnterprisePolicies].Requests)
	assert.Equal(t, 1, srv.Counts()[fakegithub.OpEnterpriseOrganizations].Requests, "one more page for organizations 101-151")
}

// When the list cannot be read, neither enterprise fact is kept: both null with the read error.
func TestEnterpriseOrganizationsUnreadable(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(srv *fakegithub.Server)
		denied bool
	}{
		{"policies query refused", func(srv *fakegithub.Server) { srv.Deny(fakegithub.OpEnterprisePolicies, 403) }, true},
		{"second page failing", func(srv *fakegithub.Server) {
			srv.Inject(fakegithub.ServerError(fakegithub.OpEnterpriseOrganizations, 20))
		}, false},
		{"second page refused", func(srv *fakegithub.Server) { srv.Deny(fakegithub.OpEnterpriseOrganizations, 403) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			org := fixtureOrg()
			org.SAML = nil
			srv := startFake(t, org)
			srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml"})
			var logins []string
			for i := range 150 {
				logins = append(logins, fmt.Sprintf("org-%03d", i))
			}
			srv.SetEnterpriseOrganizations("acme-corp", append([]string{"acme"}, logins...)...) // acme on the first page
			tc.setup(srv)
			o := testOptions(srv, "acme")
			o.Enterprise = "acme-corp"
			o.MaxSleep = 50 * time.Millisecond
			docs, _ := collect(t, o)
			for _, d := range []evidence.Document{orgDoc(t, docs, "acme"), find(t, docs, KindSSO, "127.0.0.1/acme/sso")} {
				fact := map[string]string{KindOrganization: "enterprise_policies", KindSSO: "saml"}[d.Kind]
				assert.Nil(t, field(t, d, fact), d.Kind)
				errs := enterpriseErrors(d)
				require.Len(t, errs, 1, d.Errors)
				assert.Equal(t, tc.denied, errs[0].Denied, errs[0].Message)
				assert.Contains(t, errs[0].Message, fact)
				assert.NotContains(t, errs[0].Message, "is not among", "an unreadable list is not a verdict on membership")
			}
			assert.Zero(t, srv.Counts()[fakegithub.OpEnterpriseSAML].Requests, "no enterprise provider without membership")
		})
	}
}

// ownerInfo hidden (not an enterprise owner) hides the policies, not the organizations: the
// SAML provider is still asked for a member organization.
func TestEnterpriseOwnerInfoHiddenKeepsMembership(t *testing.T) {
	org := fixtureOrg()
	org.SAML = nil
	srv := startFake(t, org)
	srv.SetEnterprise("acme-corp", &fakegithub.SAML{SSOURL: "https://idp.example.com/saml"})
	srv.Inject(fakegithub.Fault{Endpoint: fakegithub.OpEnterprisePolicies, Times: 1, Status: 200,
		Body: `{"data":{"enterprise":{"ownerInfo":null,"organizations":{"nodes":[{"login":"acme"}],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}}`})
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := orgDoc(t, docs, "acme")
	assert.Nil(t, field(t, d, "enterprise_policies"))
	errs := enterpriseErrors(d)
	require.Len(t, errs, 1, d.Errors)
	assert.True(t, errs[0].Denied)
	assert.Contains(t, errs[0].Message, "enterprise owners only")
	sso := find(t, docs, KindSSO, "127.0.0.1/acme/sso")
	assert.True(t, sso.Complete, sso.Errors)
	assert.Equal(t, "enterprise", field(t, sso, "saml", "level"))
}
