package github

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
)

// GitHub exposes an organization's SAML identity provider, and the identities linked to it
// (by SAML sign-in or SCIM provisioning), only through GraphQL. Only what GH-02 needs is
// asked: no name ids, e-mails or certificates.
const (
	orgSAMLQuery = `query($login: String!, $after: String) {
  organization(login: $login) {
    samlIdentityProvider {
      ssoUrl
      issuer
      externalIdentities(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { user { login } scimIdentity { username } }
      }
    }
  }
}`
	enterpriseSAMLQuery = `query($slug: String!, $after: String) {
  enterprise(slug: $slug) {
    ownerInfo {
      samlIdentityProvider {
        ssoUrl
        issuer
        externalIdentities(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { user { login } scimIdentity { username } }
        }
      }
    }
  }
}`
	// maxIdentityPages bounds a runaway cursor (100,000 identities).
	maxIdentityPages = 1000
)

type samlProviderJSON struct {
	SSOURL             *string `json:"ssoUrl"`
	Issuer             *string `json:"issuer"`
	ExternalIdentities struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage bool    `json:"hasNextPage"`
			EndCursor   *string `json:"endCursor"`
		} `json:"pageInfo"`
		Nodes []struct {
			User *struct {
				Login string `json:"login"`
			} `json:"user"`
			SCIMIdentity *struct {
				Username *string `json:"username"`
			} `json:"scimIdentity"`
		} `json:"nodes"`
	} `json:"externalIdentities"`
}

// samlProvider is one identity provider with its linked identities, read to the last page.
type samlProvider struct {
	ssoURL, issuer any
	identities     int
	scim           int
	linked         map[string]bool // lower-case logins with a linked identity
}

// readSAML pages through a provider. fetch asks one page and returns the provider, or nil
// when none is configured.
func readSAML(fetch func(after *string) (*samlProviderJSON, error)) (*samlProvider, error) {
	var out *samlProvider
	var after *string
	for page := 0; ; page++ {
		if page == maxIdentityPages {
			return nil, fmt.Errorf("more than %d pages of external identities", maxIdentityPages)
		}
		p, err := fetch(after)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return out, nil // none configured (or, on a later page, gone meanwhile: keep what was read)
		}
		if out == nil {
			out = &samlProvider{ssoURL: schemeAndHost(p.SSOURL), issuer: ptrValue(p.Issuer), linked: map[string]bool{}}
		}
		for _, n := range p.ExternalIdentities.Nodes {
			out.identities++
			if n.SCIMIdentity != nil && n.SCIMIdentity.Username != nil && *n.SCIMIdentity.Username != "" {
				out.scim++
			}
			if n.User != nil && n.User.Login != "" {
				out.linked[strings.ToLower(n.User.Login)] = true
			}
		}
		info := p.ExternalIdentities.PageInfo
		if !info.HasNextPage || info.EndCursor == nil || *info.EndCursor == "" {
			return out, nil
		}
		after = info.EndCursor
	}
}

// schemeAndHost keeps only scheme and host of a URL: a URL may carry credentials or tokens
// in its user info, path or query, which must never reach evidence.
func schemeAndHost(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	u, err := url.Parse(*s)
	if err != nil || u.Host == "" {
		return "(unparseable URL)"
	}
	return strings.ToLower(u.Scheme) + "://" + u.Host
}

// sso reads the SAML identity provider of the organization and, when none is configured
// there and an enterprise is named that lists the organization, of the enterprise. Returns the linked logins (nil when
// unknown) for members_without_identity.
func (col *collector) sso(ctx context.Context, org string, f *facts) map[string]bool {
	f.set("org", org)
	f.set("enterprise", nilIfEmpty(col.o.Enterprise))
	orgProvider, err := readSAML(func(after *string) (*samlProviderJSON, error) {
		var data struct {
			Organization *struct {
				SAMLIdentityProvider *samlProviderJSON `json:"samlIdentityProvider"`
			} `json:"organization"`
		}
		if err := col.c.query(ctx, epGraphQLOrgSAML, orgSAMLQuery, map[string]any{"login": org, "after": after}, &data); err != nil {
			return nil, err
		}
		if data.Organization == nil {
			return nil, fmt.Errorf("%s: GraphQL answered no organization %s", epGraphQLOrgSAML, org)
		}
		return data.Organization.SAMLIdentityProvider, nil
	})
	if err != nil {
		f.unreadable("saml", PermOrgAdministration, epGraphQLOrgSAML, err)
		return nil
	}
	level, provider := "organization", orgProvider
	if provider == nil && col.o.Enterprise != "" {
		// The enterprise's provider counts only for its own organizations.
		if err := col.enterpriseMember(ctx, org); err != nil {
			f.unreadable("saml", PermEnterpriseAdministration, epGraphQLEnterprisePolicies, err)
			return nil
		}
		level = "enterprise"
		provider, err = readSAML(func(after *string) (*samlProviderJSON, error) {
			var data struct {
				Enterprise *struct {
					OwnerInfo *struct {
						SAMLIdentityProvider *samlProviderJSON `json:"samlIdentityProvider"`
					} `json:"ownerInfo"`
				} `json:"enterprise"`
			}
			if err := col.c.query(ctx, epGraphQLEnterpriseSAML, enterpriseSAMLQuery, map[string]any{"slug": col.o.Enterprise, "after": after}, &data); err != nil {
				return nil, err
			}
			if data.Enterprise == nil {
				return nil, &apiError{Endpoint: epGraphQLEnterpriseSAML, Method: "POST", Path: col.c.graphql.Path, Status: 404,
					Message: fmt.Sprintf("enterprise %s not found or not visible to the token", col.o.Enterprise)}
			}
			if data.Enterprise.OwnerInfo == nil {
				// GitHub shows ownerInfo to enterprise owners only and leaves it null otherwise.
				return nil, &apiError{Endpoint: epGraphQLEnterpriseSAML, Method: "POST", Path: col.c.graphql.Path, Status: 403,
					Message: fmt.Sprintf("enterprise %s: ownerInfo is shown to enterprise owners only", col.o.Enterprise)}
			}
			return data.Enterprise.OwnerInfo.SAMLIdentityProvider, nil
		})
		if err != nil {
			f.unreadable("saml", PermEnterpriseAdministration, epGraphQLEnterpriseSAML, err)
			return nil
		}
	}
	if provider == nil {
		f.set("saml", map[string]any{})
		return map[string]bool{}
	}
	f.set("saml", map[string]any{
		"level": level, "sso_url": provider.ssoURL, "issuer": provider.issuer,
		"external_identities": provider.identities, "scim_identities": provider.scim,
	})
	return provider.linked
}

// membersWithoutIdentity completes the sso document once the members are known: members
// with no identity linked to the identity provider.
func membersWithoutIdentity(f *facts, linked map[string]bool, members *facts) {
	switch {
	case linked == nil: // saml unreadable: its error already explains
		f.set("members_without_identity", nil)
		return
	case len(linked) == 0 && isEmptyObject(f.data["saml"]):
		f.set("members_without_identity", []string{})
		return
	}
	list, ok := members.data["members"].([]any)
	if !ok {
		f.set("members_without_identity", nil)
		f.errs = append(f.errs, evidence.Error{Message: "members_without_identity not known: the organization's members could not be listed; needs " + PermMembers,
			Needs: PermMembers, Denied: deniedIn(members.errs, PermMembers)})
		return
	}
	out := []string{}
	for _, m := range list {
		login, _ := m.(map[string]any)["login"].(string)
		if login != "" && !linked[strings.ToLower(login)] {
			out = append(out, login)
		}
	}
	sort.Strings(out)
	f.set("members_without_identity", out)
}

func isEmptyObject(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 0
}

// deniedIn tells whether the errors recorded for a permission are all refusals.
func deniedIn(errs []evidence.Error, permission string) bool {
	found := false
	for _, e := range errs {
		if e.Needs == permission {
			if !e.Denied {
				return false
			}
			found = true
		}
	}
	return found
}
