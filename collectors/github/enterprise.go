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
const enterprisePoliciesQuery = `query($slug: String!) {
  enterprise(slug: $slug) {
    ownerInfo {
      membersCanDeleteRepositoriesSetting
      membersCanChangeRepositoryVisibilitySetting
      membersCanCreateRepositoriesSetting
    }
  }
}`

// enterprisePolicies is read once per run: every organization of the run shares the one
// configured enterprise.
type enterprisePolicies struct {
	once   sync.Once
	values map[string]any
	err    error
}

// enterprisePolicies returns the enterprise's member policies, normalized to lower case
// ("enabled", "disabled", "no_policy"; creation also "all", "private", "internal").
func (col *collector) enterprisePolicies(ctx context.Context) (map[string]any, error) {
	p := &col.enterprise
	p.once.Do(func() {
		var data struct {
			Enterprise *struct {
				OwnerInfo *struct {
					Delete     *string `json:"membersCanDeleteRepositoriesSetting"`
					Visibility *string `json:"membersCanChangeRepositoryVisibilitySetting"`
					Create     *string `json:"membersCanCreateRepositoriesSetting"`
				} `json:"ownerInfo"`
			} `json:"enterprise"`
		}
		if err := col.c.query(ctx, epGraphQLEnterprisePolicies, enterprisePoliciesQuery, map[string]any{"slug": col.o.Enterprise}, &data); err != nil {
			p.err = err
			return
		}
		if data.Enterprise == nil {
			p.err = &apiError{Endpoint: epGraphQLEnterprisePolicies, Method: "POST", Path: col.c.graphql.Path, Status: 404,
				Message: fmt.Sprintf("enterprise %s not found or not visible to the token", col.o.Enterprise)}
			return
		}
		if data.Enterprise.OwnerInfo == nil {
			p.err = &apiError{Endpoint: epGraphQLEnterprisePolicies, Method: "POST", Path: col.c.graphql.Path, Status: 403,
				Message: fmt.Sprintf("enterprise %s: ownerInfo is shown to enterprise owners only", col.o.Enterprise)}
			return
		}
		o := data.Enterprise.OwnerInfo
		p.values = map[string]any{
			"members_can_delete_repositories":          lowerEnum(o.Delete),
			"members_can_change_repository_visibility": lowerEnum(o.Visibility),
			"members_can_create_repositories":          lowerEnum(o.Create),
		}
	})
	return maps.Clone(p.values), p.err
}

func lowerEnum(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return strings.ToLower(*s)
}
