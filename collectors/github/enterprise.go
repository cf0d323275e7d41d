package github

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
)

// enterprisePoliciesQuery reads the enterprise's repository-management policies GH-05 needs
// and the REST organization response does not report: who may delete or transfer
// repositories and change their visibility. GitHub shows ownerInfo to enterprise owners only.
// It also reads the enterprise's organizations: the enterprise's policies and SAML provider
// count for an organization only when it belongs to that enterprise. Further pages of
// organizations (past 100) are read with enterpriseOrganizationsQuery.
const (
	enterprisePoliciesQuery = `query($slug: String!, $after: String) {
  enterprise(slug: $slug) {
    ownerInfo {
      membersCanDeleteRepositoriesSetting
      membersCanChangeRepositoryVisibilitySetting
      membersCanCreateRepositoriesSetting
    }
    organizations(first: 100, after: $after) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}`
	enterpriseOrganizationsQuery = `query($slug: String!, $after: String) {
  enterprise(slug: $slug) {
    organizations(first: 100, after: $after) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}`
	// maxOrganizationPages bounds a runaway cursor (10,000 organizations).
	maxOrganizationPages = 100
)

// enterprisePolicies is read once per run: every organization of the run shares the one
// configured enterprise.
type enterprisePolicies struct {
	once   sync.Once
	values map[string]any
	// unknown names the values GH-05 does not know (field → GitHub's value); their field is null.
	unknown map[string]string
	err     error
	// orgs holds the lower-case logins of the enterprise's organizations the token sees;
	// orgsErr says why they could not be listed. ownerInfo being hidden does not hide them.
	orgs    map[string]bool
	orgsErr error
}

type organizationsPageJSON struct {
	Nodes []*struct {
		Login string `json:"login"`
	} `json:"nodes"`
	PageInfo struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	} `json:"pageInfo"`
}

// notEnterpriseMemberError is an organization the enterprise does not list: its settings
// do not govern it, so they must not pass (nor fail) it. Not a refusal: the token may see
// the enterprise, just not this organization in it.
type notEnterpriseMemberError struct{ org, enterprise string }

func (e *notEnterpriseMemberError) Error() string {
	return fmt.Sprintf("organisation %s is not among the organisations of enterprise %s (or not visible to the token)", e.org, e.enterprise)
}

// enterpriseMember tells whether org belongs to the configured enterprise: nil when it
// does, the read error when the enterprise's organizations could not be listed, and a
// notEnterpriseMemberError when it is not among them.
func (col *collector) enterpriseMember(ctx context.Context, org string) error {
	col.readEnterprise(ctx)
	p := &col.enterprise
	if p.orgsErr != nil {
		return p.orgsErr
	}
	if !p.orgs[strings.ToLower(org)] {
		return &notEnterpriseMemberError{org: org, enterprise: col.o.Enterprise}
	}
	return nil
}

// enabledDisabledValues are the values of GitHub's EnterpriseEnabledDisabledSettingValue.
var enabledDisabledValues = map[string]bool{"enabled": true, "disabled": true, "no_policy": true}

// enterprisePolicies returns the enterprise's member policies, normalized to lower case
// ("enabled", "disabled", "no_policy"; creation also "all", "private", "internal"), and the
// delete/visibility values it could not read as one of those three: a value GitHub adds
// later must not pass GH-05 unseen.
func (col *collector) enterprisePolicies(ctx context.Context) (map[string]any, map[string]string, error) {
	col.readEnterprise(ctx)
	p := &col.enterprise
	return maps.Clone(p.values), p.unknown, p.err
}

// readEnterprise reads the enterprise's policies and organizations, once per run.
func (col *collector) readEnterprise(ctx context.Context) {
	p := &col.enterprise
	p.once.Do(func() {
		var data struct {
			Enterprise *struct {
				OwnerInfo *struct {
					Delete     *string `json:"membersCanDeleteRepositoriesSetting"`
					Visibility *string `json:"membersCanChangeRepositoryVisibilitySetting"`
					Create     *string `json:"membersCanCreateRepositoriesSetting"`
				} `json:"ownerInfo"`
				Organizations *organizationsPageJSON `json:"organizations"`
			} `json:"enterprise"`
		}
		if err := col.c.query(ctx, epGraphQLEnterprisePolicies, enterprisePoliciesQuery, map[string]any{"slug": col.o.Enterprise, "after": nil}, &data); err != nil {
			p.err, p.orgsErr = err, err
			return
		}
		if data.Enterprise == nil {
			p.err = &apiError{Endpoint: epGraphQLEnterprisePolicies, Method: "POST", Path: col.c.graphql.Path, Status: 404,
				Message: fmt.Sprintf("enterprise %s not found or not visible to the token", col.o.Enterprise)}
			p.orgsErr = p.err
			return
		}
		p.orgs, p.orgsErr = col.enterpriseOrganizations(ctx, data.Enterprise.Organizations)
		if data.Enterprise.OwnerInfo == nil {
			p.err = &apiError{Endpoint: epGraphQLEnterprisePolicies, Method: "POST", Path: col.c.graphql.Path, Status: 403,
				Message: fmt.Sprintf("enterprise %s: ownerInfo is shown to enterprise owners only", col.o.Enterprise)}
			return
		}
		o := data.Enterprise.OwnerInfo
		p.values = map[string]any{"members_can_create_repositories": lowerEnum(o.Create)} // context only: not judged
		p.unknown = map[string]string{}
		for field, raw := range map[string]*string{
			"members_can_delete_repositories":          o.Delete,
			"members_can_change_repository_visibility": o.Visibility,
		} {
			v := lowerEnum(raw)
			if s, _ := v.(string); !enabledDisabledValues[s] {
				p.unknown[field] = "null"
				if raw != nil {
					p.unknown[field] = fmt.Sprintf("%q", *raw)
				}
				v = nil
			}
			p.values[field] = v
		}
	})
}

// enterpriseOrganizations completes the first page of the enterprise's organizations,
// asking further pages only when GitHub says there are more.
func (col *collector) enterpriseOrganizations(ctx context.Context, page *organizationsPageJSON) (map[string]bool, error) {
	orgs := map[string]bool{}
	for pages := 1; ; pages++ {
		if page == nil {
			return nil, fmt.Errorf("%s: GraphQL answered no organizations for enterprise %s", epGraphQLEnterpriseOrganizations, col.o.Enterprise)
		}
		for _, n := range page.Nodes {
			if n != nil && n.Login != "" {
				orgs[strings.ToLower(n.Login)] = true
			}
		}
		info := page.PageInfo
		if !info.HasNextPage || info.EndCursor == nil || *info.EndCursor == "" {
			return orgs, nil
		}
		if pages == maxOrganizationPages {
			return nil, fmt.Errorf("%s: more than %d pages of organizations", epGraphQLEnterpriseOrganizations, maxOrganizationPages)
		}
		var data struct {
			Enterprise *struct {
				Organizations *organizationsPageJSON `json:"organizations"`
			} `json:"enterprise"`
		}
		vars := map[string]any{"slug": col.o.Enterprise, "after": *info.EndCursor}
		if err := col.c.query(ctx, epGraphQLEnterpriseOrganizations, enterpriseOrganizationsQuery, vars, &data); err != nil {
			return nil, err
		}
		if data.Enterprise == nil {
			return nil, &apiError{Endpoint: epGraphQLEnterpriseOrganizations, Method: "POST", Path: col.c.graphql.Path, Status: 404,
				Message: fmt.Sprintf("enterprise %s not found or not visible to the token", col.o.Enterprise)}
		}
		page = data.Enterprise.Organizations
	}
}

func lowerEnum(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return strings.ToLower(*s)
}
