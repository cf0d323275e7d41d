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
	// unknown names the values GH-05 does not know (field → GitHub's value); their field is null.
	unknown map[string]string
	err     error
}

// enabledDisabledValues are the values of GitHub's EnterpriseEnabledDisabledSettingValue.
var enabledDisabledValues = map[string]bool{"enabled": true, "disabled": true, "no_policy": true}

// enterprisePolicies returns the enterprise's member policies, normalized to lower case
// ("enabled", "disabled", "no_policy"; creation also "all", "private", "internal"), and the
// delete/visibility values it could not read as one of those three: a value GitHub adds
// later must not pass GH-05 unseen.
func (col *collector) enterprisePolicies(ctx context.Context) (map[string]any, map[string]string, error) {
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
	return maps.Clone(p.values), p.unknown, p.err
}

func lowerEnum(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return strings.ToLower(*s)
}
