package fakegithub

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// GraphQL operations the fake answers, named as the collector accounts for them.
const (
	OpOrgSAML            = "POST /graphql organization.samlIdentityProvider"
	OpEnterpriseSAML     = "POST /graphql enterprise.ownerInfo.samlIdentityProvider"
	OpViewer             = "POST /graphql viewer"
	OpEnterprisePolicies = "POST /graphql enterprise.ownerInfo.membersCan*Setting"
	// OpEnterpriseOrganizations pages the enterprise's organizations past the first 100,
	// which come with OpEnterprisePolicies.
	OpEnterpriseOrganizations = "POST /graphql enterprise.organizations"
)

// serveGraphQL answers the SAML queries as GitHub does: 200 with data, or 200 with an
// errors array (FORBIDDEN when the operation is denied). Pages hold 100 identities, with an
// opaque endCursor. No ETags: GitHub sends none for GraphQL.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Remaining", "4999")
	w.Header().Set("X-RateLimit-Resource", "graphql")
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if r.Method != http.MethodPost {
		s.count("POST /graphql", false)
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.count("POST /graphql", false)
		writeJSON(w, 400, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	op := "POST /graphql"
	switch {
	case strings.Contains(req.Query, "membersCanDeleteRepositoriesSetting"):
		op = OpEnterprisePolicies
	case strings.Contains(req.Query, "enterprise(slug:") && strings.Contains(req.Query, "organizations("):
		op = OpEnterpriseOrganizations
	case strings.Contains(req.Query, "enterprise(slug:"):
		op = OpEnterpriseSAML
	case strings.Contains(req.Query, "organization(login:"):
		op = OpOrgSAML
	case strings.Contains(req.Query, "viewer"):
		op = OpViewer
	}
	s.count(op, false)
	login, ok := s.principalOf(r.Header.Get("Authorization"))
	if !ok {
		writeJSON(w, 401, map[string]string{"message": "Bad credentials", "documentation_url": "https://docs.github.com/graphql"})
		return
	}
	if f := s.takeFault(op); f != nil {
		writeFault(w, f)
		return
	}
	s.mu.Lock()
	deny := s.denied[op]
	s.mu.Unlock()
	if deny != 0 {
		writeJSON(w, 200, s.fixture("synthetic_graphql_forbidden"))
		return
	}
	after, _ := req.Variables["after"].(string)
	switch op {
	case OpViewer:
		writeJSON(w, 200, map[string]any{"data": map[string]any{"viewer": map[string]any{"login": login}}})
	case OpOrgSAML:
		login, _ := req.Variables["login"].(string)
		o, ok := s.orgs[strings.ToLower(login)]
		if !ok {
			writeJSON(w, 200, map[string]any{"data": map[string]any{"organization": nil}, "errors": []any{map[string]any{
				"type": "NOT_FOUND", "path": []any{"organization"}, "message": "Could not resolve to an Organization with the login of '" + login + "'."}}})
			return
		}
		if o.SAML == nil {
			writeJSON(w, 200, s.fixture("synthetic_graphql_organization_no_saml"))
			return
		}
		body := s.fixtureMap("synthetic_graphql_organization_saml")
		provider := body["data"].(map[string]any)["organization"].(map[string]any)["samlIdentityProvider"].(map[string]any)
		s.fillProvider(provider, o.SAML, after)
		writeJSON(w, 200, body)
	case OpEnterpriseSAML:
		slug, _ := req.Variables["slug"].(string)
		s.mu.Lock()
		saml, ok := s.enterprises[strings.ToLower(slug)]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, 200, map[string]any{"data": map[string]any{"enterprise": nil}, "errors": []any{map[string]any{
				"type": "NOT_FOUND", "path": []any{"enterprise"}, "message": "Could not resolve to an Enterprise with the slug of '" + slug + "'."}}})
			return
		}
		body := s.fixtureMap("synthetic_graphql_enterprise_saml")
		owner := body["data"].(map[string]any)["enterprise"].(map[string]any)["ownerInfo"].(map[string]any)
		if saml == nil {
			owner["samlIdentityProvider"] = nil
		} else {
			s.fillProvider(owner["samlIdentityProvider"].(map[string]any), saml, after)
		}
		writeJSON(w, 200, body)
	case OpEnterprisePolicies:
		slug, _ := req.Variables["slug"].(string)
		s.mu.Lock()
		_, ok := s.enterprises[strings.ToLower(slug)]
		values := s.policies[strings.ToLower(slug)]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, 200, map[string]any{"data": map[string]any{"enterprise": nil}, "errors": []any{map[string]any{
				"type": "NOT_FOUND", "path": []any{"enterprise"}, "message": "Could not resolve to an Enterprise with the slug of '" + slug + "'."}}})
			return
		}
		body := s.fixtureMap("synthetic_graphql_enterprise_policies")
		enterprise := body["data"].(map[string]any)["enterprise"].(map[string]any)
		owner := enterprise["ownerInfo"].(map[string]any)
		for k, v := range values {
			owner[k] = v
		}
		s.fillOrganizations(enterprise["organizations"].(map[string]any), slug, after)
		writeJSON(w, 200, body)
	case OpEnterpriseOrganizations:
		slug, _ := req.Variables["slug"].(string)
		s.mu.Lock()
		_, ok := s.enterprises[strings.ToLower(slug)]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, 200, map[string]any{"data": map[string]any{"enterprise": nil}, "errors": []any{map[string]any{
				"type": "NOT_FOUND", "path": []any{"enterprise"}, "message": "Could not resolve to an Enterprise with the slug of '" + slug + "'."}}})
			return
		}
		connection := map[string]any{}
		s.fillOrganizations(connection, slug, after)
		writeJSON(w, 200, map[string]any{"data": map[string]any{"enterprise": map[string]any{"organizations": connection}}})
	default:
		writeJSON(w, 200, map[string]any{"errors": []any{map[string]any{"message": "the fake answers the SAML, enterprise policy and viewer queries only"}}})
	}
}

// fillProvider fits the fixture's provider to the model: its URLs and one page of
// identities, each built from the fixture's linked-with-SCIM node.
func (s *Server) fillProvider(p map[string]any, saml *SAML, after string) {
	p["ssoUrl"], p["issuer"] = saml.SSOURL, saml.Issuer
	ids := p["externalIdentities"].(map[string]any)
	template := ids["nodes"].([]any)[0].(map[string]any)
	start, _ := strconv.Atoi(strings.TrimPrefix(after, "cursor-"))
	start = min(start, len(saml.Identities))
	end := min(start+100, len(saml.Identities))
	nodes := []any{}
	for _, id := range saml.Identities[start:end] {
		n := map[string]any{}
		raw, _ := json.Marshal(template)
		_ = json.Unmarshal(raw, &n)
		if id.Login == "" {
			n["user"] = nil
		} else {
			n["user"].(map[string]any)["login"] = id.Login
		}
		if !id.SCIM {
			n["scimIdentity"] = nil
		} else if id.Login != "" {
			n["scimIdentity"].(map[string]any)["username"] = id.Login + "@example.com"
		}
		nodes = append(nodes, n)
	}
	ids["nodes"] = nodes
	ids["totalCount"] = len(saml.Identities)
	ids["pageInfo"] = map[string]any{"hasNextPage": end < len(saml.Identities), "endCursor": "cursor-" + strconv.Itoa(end)}
}

// fillOrganizations sets one page (100) of the enterprise's organizations, from the cursor
// after ("orgs-N"; "" for the first page).
func (s *Server) fillOrganizations(connection map[string]any, slug, after string) {
	s.mu.Lock()
	logins := s.members[strings.ToLower(slug)]
	s.mu.Unlock()
	start, _ := strconv.Atoi(strings.TrimPrefix(after, "orgs-"))
	start = min(start, len(logins))
	end := min(start+100, len(logins))
	nodes := []any{}
	for _, login := range logins[start:end] {
		nodes = append(nodes, map[string]any{"login": login})
	}
	connection["nodes"] = nodes
	connection["pageInfo"] = map[string]any{"hasNextPage": end < len(logins), "endCursor": "orgs-" + strconv.Itoa(end)}
}
