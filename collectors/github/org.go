package github

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ismscheck/ismscheck/evidence"
)

// orgJSON keeps the organization settings the evidence needs. Pointers tell "GitHub did
// not say" (the token is not an owner's) from false.
type orgJSON struct {
	Login                                string  `json:"login"`
	HTMLURL                              string  `json:"html_url"`
	TwoFactorRequirementEnabled          *bool   `json:"two_factor_requirement_enabled"`
	DefaultRepositoryPermission          *string `json:"default_repository_permission"`
	MembersCanCreatePublicRepositories   *bool   `json:"members_can_create_public_repositories"`
	MembersCanCreatePrivateRepositories  *bool   `json:"members_can_create_private_repositories"`
	MembersCanCreateInternalRepositories *bool   `json:"members_can_create_internal_repositories"`
	MembersCanForkPrivateRepositories    *bool   `json:"members_can_fork_private_repositories"`
	WebCommitSignoffRequired             *bool   `json:"web_commit_signoff_required"`
}

type userJSON struct {
	Login string `json:"login"`
}

// repoTarget is a repository to collect, with its listing entry when an org listing named it.
type repoTarget struct {
	owner, name string
	listed      *repoJSON
}

type orgResult struct {
	docs  []evidence.Document
	repos []repoTarget
	err   error // the organization could not be collected (wholesale failure)
}

// collectOrg reads one organization: its settings document, its members document and the
// list of its repositories in scope.
func (col *collector) collectOrg(ctx context.Context, org string) orgResult {
	var settings orgJSON
	orgPath := "orgs/" + escapePath(org)
	if err := col.c.getJSON(ctx, epOrg, orgPath, nil, &settings); err != nil {
		col.c.acct.book(epOrg, func(s *endpointStats) { s.errors++ })
		switch statusOf(err) {
		case http.StatusUnauthorized:
			return orgResult{err: fmt.Errorf("GitHub refused the token (401) reading organization %s: check GITHUB_TOKEN: %w", org, err)}
		case http.StatusNotFound:
			return orgResult{err: fmt.Errorf("organization %s not found, or not visible to the token: %w", org, err)}
		}
		return orgResult{err: fmt.Errorf("organization %s: %w", org, err)}
	}
	if settings.Login == "" {
		settings.Login = org
	}

	orgFacts, memberFacts, ssoFacts := col.newFacts(), col.newFacts(), col.newFacts()
	var repos []repoJSON
	var listErr error
	var linked map[string]bool
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); col.orgSettings(ctx, org, settings, orgFacts) }()
	go func() { defer wg.Done(); col.orgMembers(ctx, org, memberFacts) }()
	go func() { defer wg.Done(); linked = col.sso(ctx, settings.Login, ssoFacts) }()
	go func() {
		defer wg.Done()
		repos, listErr = list[repoJSON](ctx, col.c, epOrgRepos, orgPath+"/repos", url.Values{"type": {"all"}, "sort": {"full_name"}})
	}()
	wg.Wait()
	membersWithoutIdentity(ssoFacts, linked, memberFacts)

	res := orgResult{}
	if listErr != nil {
		orgFacts.unreadable("repositories", PermMetadata, epOrgRepos, listErr)
		res.err = fmt.Errorf("the repositories of organization %s could not be listed: %w", org, listErr)
	} else {
		total, archived := len(repos), 0
		for i := range repos {
			r := &repos[i]
			if r.Archived {
				archived++
				if !col.o.IncludeArchived {
					continue
				}
			}
			if !col.o.inScope(r.Owner.Login, r.Name) {
				continue
			}
			res.repos = append(res.repos, repoTarget{owner: r.Owner.Login, name: r.Name, listed: r})
		}
		orgFacts.set("repositories", map[string]any{"total": total, "archived": archived, "in_scope": len(res.repos)})
	}

	id := col.host + "/" + settings.Login
	for _, d := range []struct {
		f              *facts
		kind, id, from string
	}{
		{orgFacts, KindOrganization, id, col.sourceURL(orgPath)},
		{memberFacts, KindMembers, id + "/members", col.sourceURL(orgPath + "/members")},
		{ssoFacts, KindSSO, id + "/sso", col.c.graphql.String()},
	} {
		doc, err := d.f.document(d.kind, d.id, d.from)
		if err != nil {
			res.err = errors.Join(res.err, err)
			continue
		}
		res.docs = append(res.docs, doc)
	}
	return res
}

func (col *collector) orgSettings(ctx context.Context, org string, s orgJSON, f *facts) {
	f.set("login", s.Login)
	f.set("html_url", s.HTMLURL)
	f.set("two_factor_requirement_enabled", ptrValue(s.TwoFactorRequirementEnabled))
	f.set("default_repository_permission", ptrValue(s.DefaultRepositoryPermission))
	f.set("members_can_create_public_repositories", ptrValue(s.MembersCanCreatePublicRepositories))
	f.set("members_can_create_private_repositories", ptrValue(s.MembersCanCreatePrivateRepositories))
	f.set("members_can_create_internal_repositories", ptrValue(s.MembersCanCreateInternalRepositories))
	f.set("members_can_fork_private_repositories", ptrValue(s.MembersCanForkPrivateRepositories))
	f.set("web_commit_signoff_required", ptrValue(s.WebCommitSignoffRequired))
	f.set("enterprise", nilIfEmpty(col.o.Enterprise))
	if col.o.Enterprise == "" {
		f.set("enterprise_policies", nil) // not asked: no enterprise configured
	} else if err := col.enterpriseMember(ctx, org); err != nil {
		// Another enterprise's policies do not govern this organization: never judge it by them.
		f.unreadable("enterprise_policies", PermEnterpriseAdministration, epGraphQLEnterprisePolicies, err)
	} else if policies, unknown, err := col.enterprisePolicies(ctx); err != nil {
		f.unreadable("enterprise_policies", PermEnterpriseAdministration, epGraphQLEnterprisePolicies, err)
	} else {
		f.set("enterprise_policies", policies)
		for _, field := range slices.Sorted(maps.Keys(unknown)) {
			f.failed("enterprise_policies."+field, PermEnterpriseAdministration, epGraphQLEnterprisePolicies,
				fmt.Errorf("GitHub reported %s, not one of ENABLED, DISABLED, NO_POLICY", unknown[field]))
		}
	}
	// GitHub shows these settings to owners only and silently leaves them out otherwise.
	// (members_can_create_internal_repositories exists only where internal repositories do.)
	if s.TwoFactorRequirementEnabled == nil || s.DefaultRepositoryPermission == nil {
		f.errs = append(f.errs, evidence.Error{
			Message: fmt.Sprintf("organization settings (2FA requirement, default permission, member privileges) not returned by GET /orgs/%s: GitHub shows them to organization owners only; needs %s (%s)",
				org, PermOrgAdministration, permissionName(PermOrgAdministration)),
			Needs: PermOrgAdministration, Denied: true,
		})
	}

	orgPath := "orgs/" + escapePath(org)
	if actions, err := col.orgActions(ctx, orgPath); err != nil {
		f.unreadable("actions", PermOrgAdministration, err.endpoint, err.err)
	} else {
		f.set("actions", actions)
	}

	if apps, err := col.installations(ctx, orgPath); err != nil {
		f.unreadable("installations", PermOrgAdministration, epOrgInstallations, err)
	} else {
		f.set("installations", apps)
	}
	if hooks, err := col.hooks(ctx, epOrgHooks, orgPath+"/hooks"); err != nil {
		f.unreadable("hooks", PermOrgHooks, epOrgHooks, err)
	} else {
		f.set("hooks", hooks)
	}

	rulesets, err := col.orgRulesetsDetail(ctx, org, orgPath)
	switch {
	case err != nil:
		f.unreadable("rulesets", PermOrgAdministration, err.endpoint, err.err)
	default:
		f.set("rulesets", rulesets.list)
		if len(rulesets.hiddenBypass) > 0 {
			f.errs = append(f.errs, evidence.Error{Message: bypassNote(rulesets.hiddenBypass).Error() + "; needs " + PermOrgAdministration,
				Needs: PermOrgAdministration, Denied: true})
		}
	}
}

// endpointError ties an error to the endpoint template it came from.
type endpointError struct {
	endpoint string
	err      error
}

func (col *collector) orgActions(ctx context.Context, orgPath string) (map[string]any, *endpointError) {
	var perms struct {
		EnabledRepositories string `json:"enabled_repositories"`
		AllowedActions      string `json:"allowed_actions"`
	}
	if err := col.c.getJSON(ctx, epOrgActions, orgPath+"/actions/permissions", nil, &perms); err != nil {
		return nil, &endpointError{epOrgActions, err}
	}
	out := map[string]any{
		"enabled_repositories": perms.EnabledRepositories, "allowed_actions": nilIfEmpty(perms.AllowedActions),
		"selected_actions": nil,
	}
	if perms.AllowedActions == "selected" {
		var sel struct {
			GithubOwnedAllowed bool     `json:"github_owned_allowed"`
			VerifiedAllowed    bool     `json:"verified_allowed"`
			PatternsAllowed    []string `json:"patterns_allowed"`
		}
		if err := col.c.getJSON(ctx, epOrgSelectedActions, orgPath+"/actions/permissions/selected-actions", nil, &sel); err != nil {
			return nil, &endpointError{epOrgSelectedActions, err}
		}
		patterns := append([]string{}, sel.PatternsAllowed...)
		sort.Strings(patterns)
		out["selected_actions"] = map[string]any{"github_owned_allowed": sel.GithubOwnedAllowed, "verified_allowed": sel.VerifiedAllowed, "patterns_allowed": patterns}
	}
	var wf workflowPermsJSON
	if err := col.c.getJSON(ctx, epOrgWorkflowPerms, orgPath+"/actions/permissions/workflow", nil, &wf); err != nil {
		return nil, &endpointError{epOrgWorkflowPerms, err}
	}
	out["default_workflow_permissions"] = ptrValue(wf.DefaultWorkflowPermissions)
	out["can_approve_pull_request_reviews"] = ptrValue(wf.CanApprovePullRequestReviews)
	return out, nil
}

type workflowPermsJSON struct {
	DefaultWorkflowPermissions   *string `json:"default_workflow_permissions"`
	CanApprovePullRequestReviews *bool   `json:"can_approve_pull_request_reviews"`
}

type orgRulesets struct {
	list         []any
	hiddenBypass []int64
}

// orgRulesetsDetail lists the organization's rulesets with full detail and remembers them,
// so repositories whose branch rules come from them need not ask again.
func (col *collector) orgRulesetsDetail(ctx context.Context, org, orgPath string) (*orgRulesets, *endpointError) {
	refs, err := list[rulesetRef](ctx, col.c, epOrgRulesets, orgPath+"/rulesets", nil)
	if err != nil {
		return nil, &endpointError{epOrgRulesets, err}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].ID < refs[j].ID })
	out := &orgRulesets{list: []any{}}
	byID := map[int64]map[string]any{}
	for _, ref := range refs {
		if _, dup := byID[ref.ID]; dup {
			continue
		}
		r, hidden, err := col.getRuleset(ctx, epOrgRuleset, fmt.Sprintf("%s/rulesets/%d", orgPath, ref.ID))
		if err != nil {
			return nil, &endpointError{epOrgRuleset, err}
		}
		if hidden {
			out.hiddenBypass = append(out.hiddenBypass, ref.ID)
		}
		byID[ref.ID] = r
		out.list = append(out.list, r)
	}
	col.mu.Lock()
	col.orgRulesets[strings.ToLower(org)] = byID
	col.mu.Unlock()
	return out, nil
}

// orgRuleset returns a remembered organization ruleset; ok is false when it was not read.
func (col *collector) orgRuleset(org string, id int64) (map[string]any, bool) {
	col.mu.Lock()
	defer col.mu.Unlock()
	r, ok := col.orgRulesets[strings.ToLower(org)][id]
	return r, ok
}

func (col *collector) orgMembers(ctx context.Context, org string, f *facts) {
	orgPath := "orgs/" + escapePath(org)
	f.set("org", org)
	logins := func(role string) ([]string, error) {
		users, err := list[userJSON](ctx, col.c, epOrgMembers, orgPath+"/members", url.Values{"role": {role}})
		out := make([]string, 0, len(users))
		for _, u := range users {
			out = append(out, u.Login)
		}
		sort.Strings(out)
		return out, err
	}
	// Two listings by role give every member with their role; role=all would need a
	// membership call per member to tell owners apart.
	admins, err := logins("admin")
	var plain []string
	if err == nil {
		plain, err = logins("member")
	}
	if err != nil {
		f.unreadable("members", PermMembers, epOrgMembers, err)
		f.set("owners", nil)
	} else {
		members := make([]any, 0, len(admins)+len(plain))
		role := map[string]string{}
		for _, l := range plain {
			role[l] = "member"
		}
		for _, l := range admins {
			role[l] = "admin"
		}
		all := make([]string, 0, len(role))
		for l := range role {
			all = append(all, l)
		}
		sort.Strings(all)
		for _, l := range all {
			members = append(members, map[string]any{"login": l, "role": role[l]})
		}
		f.set("members", members)
		f.set("owners", admins)
	}

	outside, err := list[userJSON](ctx, col.c, epOrgOutsideCollaborators, orgPath+"/outside_collaborators", nil)
	if err != nil {
		f.unreadable("outside_collaborators", PermMembers, epOrgOutsideCollaborators, err)
	} else {
		f.set("outside_collaborators", sortedLogins(outside))
	}

	noMFA, err := list[userJSON](ctx, col.c, epOrgMembers, orgPath+"/members", url.Values{"filter": {"2fa_disabled"}})
	if err != nil {
		// Only owners may use this filter; GitHub says so with a 422.
		if statusOf(err) == http.StatusUnprocessableEntity {
			err = &apiError{Endpoint: epOrgMembers, Path: "/" + orgPath + "/members", Status: http.StatusForbidden, Message: "filter=2fa_disabled is available to organization owners only"}
		}
		f.unreadable("two_factor_disabled", PermMembers, epOrgMembers, err)
	} else {
		f.set("two_factor_disabled", sortedLogins(noMFA))
	}
	col.memberActivity(ctx, org, f)
}

// memberActivity adds when members and outside collaborators last acted (GH-20), once both
// lists are known. Without them there is nobody to look for: the listing's error explains.
func (col *collector) memberActivity(ctx context.Context, org string, f *facts) {
	var logins []string
	for _, m := range asList(f.data["members"]) {
		if login, _ := m.(map[string]any)["login"].(string); login != "" {
			logins = append(logins, login)
		}
	}
	outside, ok := f.data["outside_collaborators"].([]string)
	if f.data["members"] == nil || !ok {
		f.set("activity", nil)
		return
	}
	logins = append(logins, outside...)
	activity, err := col.activity(ctx, org, logins)
	if err != nil {
		f.unreadable("activity", PermOrgAdministration, epOrgAuditLog, err)
		return
	}
	f.set("activity", activity)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func sortedLogins(users []userJSON) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, u.Login)
	}
	sort.Strings(out)
	return out
}

func ptrValue[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
