package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
)

// repoJSON is both a listing entry and the repository detail; the detail adds
// security_and_analysis, which GitHub shows to admins (and security managers) only.
type repoJSON struct {
	Name                string                   `json:"name"`
	FullName            string                   `json:"full_name"`
	Owner               userJSON                 `json:"owner"`
	HTMLURL             string                   `json:"html_url"`
	Private             bool                     `json:"private"`
	Visibility          string                   `json:"visibility"`
	Archived            bool                     `json:"archived"`
	Fork                bool                     `json:"fork"`
	DefaultBranch       string                   `json:"default_branch"`
	CreatedAt           *string                  `json:"created_at"`
	PushedAt            *string                  `json:"pushed_at"`
	Topics              []string                 `json:"topics"`
	SecurityAndAnalysis map[string]statusSetting `json:"security_and_analysis"`
}

type statusSetting struct {
	Status string `json:"status"`
}

// repo is one repository being collected.
type repo struct {
	col         *collector
	owner, name string
	path        string // "repos/{owner}/{repo}", escaped
	f           *facts
}

// collectRepo builds one github.repository document. Only a repository that cannot be
// found at all gives an error instead; every other failure is a null fact with its error.
func (col *collector) collectRepo(ctx context.Context, t repoTarget) (evidence.Document, error) {
	r := &repo{col: col, owner: t.owner, name: t.name, path: "repos/" + escapePath(t.owner, t.name), f: col.newFacts()}
	var detail repoJSON
	err := col.c.getJSON(ctx, epRepo, r.path, nil, &detail)
	switch {
	case err == nil:
	case t.listed != nil:
		// Listed a moment ago: keep the listing's fields, mark what only the detail has.
		detail = *t.listed
		detail.SecurityAndAnalysis = nil
		r.f.unreadable("security_and_analysis", PermMetadata, epRepo, err)
	default:
		col.c.acct.book(epRepo, func(s *endpointStats) { s.errors++ })
		return evidence.Document{}, fmt.Errorf("repository %s/%s: %w", t.owner, t.name, err)
	}
	if detail.Owner.Login != "" {
		r.owner = detail.Owner.Login
	}
	if detail.Name != "" {
		r.name = detail.Name
	}
	r.basics(detail, err == nil)

	branch := detail.DefaultBranch
	r.branchProtection(ctx, branch)
	r.branchRules(ctx, branch)
	r.files(ctx)
	r.vulnerabilityAlerts(ctx)
	r.privateVulnerabilityReporting(ctx)
	r.immutableReleases(ctx)
	r.codeScanningDefaultSetup(ctx)
	r.alerts(ctx)
	r.actions(ctx)
	r.deployKeys(ctx)
	r.adminCollaborators(ctx)
	r.environments(ctx)
	if hooks, err := col.hooks(ctx, epRepoHooks, r.path+"/hooks"); err != nil {
		r.f.unreadable("hooks", PermRepoHooks, epRepoHooks, err)
	} else {
		r.f.set("hooks", hooks)
	}

	return r.f.document(KindRepository, col.host+"/"+r.owner+"/"+r.name, col.sourceURL(r.path))
}

func (r *repo) basics(d repoJSON, haveDetail bool) {
	f := r.f
	f.set("owner", r.owner)
	f.set("name", r.name)
	full := d.FullName
	if full == "" {
		full = r.owner + "/" + r.name
	}
	f.set("full_name", full)
	f.set("html_url", d.HTMLURL)
	visibility := d.Visibility
	if visibility == "" { // older GHES: only "private"
		visibility = "public"
		if d.Private {
			visibility = "private"
		}
	}
	f.set("visibility", visibility)
	f.set("archived", d.Archived)
	f.set("fork", d.Fork)
	f.set("default_branch", d.DefaultBranch)
	f.set("created_at", utc(d.CreatedAt))
	f.set("pushed_at", utc(d.PushedAt))
	topics := append([]string{}, d.Topics...)
	sort.Strings(topics)
	f.set("topics", topics)
	f.set("critical", matchesAny(r.col.o.CriticalRepos, r.owner, r.name))
	if !haveDetail {
		return
	}
	if d.SecurityAndAnalysis == nil {
		f.unreadable("security_and_analysis", PermAdministration, epRepo, &apiError{Endpoint: epRepo, Path: "/" + r.path, Status: http.StatusForbidden,
			Message: "security_and_analysis is returned to repository admins only"})
		return
	}
	setting := func(name string) any {
		s, ok := d.SecurityAndAnalysis[name]
		if !ok || s.Status == "" {
			return nil
		}
		return s.Status
	}
	saa := map[string]any{
		"advanced_security":               setting("advanced_security"),
		"secret_scanning":                 setting("secret_scanning"),
		"secret_scanning_push_protection": setting("secret_scanning_push_protection"),
		"dependabot_security_updates":     setting("dependabot_security_updates"),
	}
	f.set("security_and_analysis", saa)
	// A status GitHub leaves out (a feature its plan or server version lacks, a newer key an
	// older server does not know) is unknown, not "off": it stays null, and an error routed to
	// the permission of the rules that judge it makes them errors, never a pass or a failure.
	for _, s := range []struct{ name, perm string }{
		{"secret_scanning", PermSecretScanningAlerts},
		{"secret_scanning_push_protection", PermSecretScanningAlerts},
		{"dependabot_security_updates", PermVulnerabilityAlerts},
	} {
		if saa[s.name] == nil {
			f.errs = append(f.errs, evidence.Error{
				Message: fmt.Sprintf("security_and_analysis.%s not reported by GET /%s: GitHub leaves a status out where it cannot say (feature not available on the plan or server version); the rules reading it cannot judge it", s.name, r.path),
				Needs:   s.perm,
			})
		}
	}
}

// protectionJSON is classic branch protection as GitHub returns it; absent sections are
// settings that are off.
type protectionJSON struct {
	RequiredStatusChecks *struct {
		Strict   bool     `json:"strict"`
		Contexts []string `json:"contexts"`
		Checks   []struct {
			Context string `json:"context"`
		} `json:"checks"`
	} `json:"required_status_checks"`
	EnforceAdmins              *enabledJSON `json:"enforce_admins"`
	RequiredPullRequestReviews *struct {
		RequiredApprovingReviewCount int  `json:"required_approving_review_count"`
		RequireCodeOwnerReviews      bool `json:"require_code_owner_reviews"`
		DismissStaleReviews          bool `json:"dismiss_stale_reviews"`
		RequireLastPushApproval      bool `json:"require_last_push_approval"`
		BypassPullRequestAllowances  *struct {
			Users []userJSON `json:"users"`
			Teams []slugJSON `json:"teams"`
			Apps  []slugJSON `json:"apps"`
		} `json:"bypass_pull_request_allowances"`
	} `json:"required_pull_request_reviews"`
	RequiredSignatures    *enabledJSON `json:"required_signatures"`
	AllowForcePushes      *enabledJSON `json:"allow_force_pushes"`
	AllowDeletions        *enabledJSON `json:"allow_deletions"`
	RequiredLinearHistory *enabledJSON `json:"required_linear_history"`
}

type enabledJSON struct {
	Enabled bool `json:"enabled"`
}

func (e *enabledJSON) on() bool { return e != nil && e.Enabled }

type slugJSON struct {
	Slug string `json:"slug"`
}

func (r *repo) branchProtection(ctx context.Context, branch string) {
	var p protectionJSON
	err := r.col.c.getJSON(ctx, epBranchProtection, r.path+"/branches/"+escapePath(branch)+"/protection", nil, &p)
	if err != nil {
		if statusOf(err) == http.StatusNotFound && strings.Contains(strings.ToLower(err.Error()), "branch not protected") {
			r.f.set("branch_protection", map[string]any{})
			return
		}
		r.f.unreadable("branch_protection", PermAdministration, epBranchProtection, err)
		return
	}
	out := map[string]any{
		"require_pull_request":            p.RequiredPullRequestReviews != nil,
		"required_approving_review_count": 0, "require_code_owner_reviews": false, "dismiss_stale_reviews": false,
		"require_last_push_approval": false, "enforce_admins": p.EnforceAdmins.on(),
		"required_status_checks": []string{}, "strict_status_checks": false,
		"required_signatures": p.RequiredSignatures.on(), "allow_force_pushes": p.AllowForcePushes.on(),
		"allow_deletions": p.AllowDeletions.on(), "required_linear_history": p.RequiredLinearHistory.on(),
		"bypass_pull_request_allowances": map[string]any{"users": []string{}, "teams": []string{}, "apps": []string{}},
	}
	if sc := p.RequiredStatusChecks; sc != nil {
		set := map[string]bool{}
		for _, c := range sc.Contexts {
			set[c] = true
		}
		for _, c := range sc.Checks {
			set[c.Context] = true
		}
		out["required_status_checks"] = sortedKeys(set)
		out["strict_status_checks"] = sc.Strict
	}
	if pr := p.RequiredPullRequestReviews; pr != nil {
		out["required_approving_review_count"] = pr.RequiredApprovingReviewCount
		out["require_code_owner_reviews"] = pr.RequireCodeOwnerReviews
		out["dismiss_stale_reviews"] = pr.DismissStaleReviews
		out["require_last_push_approval"] = pr.RequireLastPushApproval
		if b := pr.BypassPullRequestAllowances; b != nil {
			users, teams, apps := map[string]bool{}, map[string]bool{}, map[string]bool{}
			for _, u := range b.Users {
				users[u.Login] = true
			}
			for _, t := range b.Teams {
				teams[t.Slug] = true
			}
			for _, a := range b.Apps {
				apps[a.Slug] = true
			}
			out["bypass_pull_request_allowances"] = map[string]any{"users": sortedKeys(users), "teams": sortedKeys(teams), "apps": sortedKeys(apps)}
		}
	}
	r.f.set("branch_protection", out)
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// branchRules reads the rules in force on the default branch from every ruleset (repository
// and organization), then the detail of each ruleset they come from, for the bypass actors.
func (r *repo) branchRules(ctx context.Context, branch string) {
	rules, err := list[branchRuleJSON](ctx, r.col.c, epBranchRules, r.path+"/rules/branches/"+escapePath(branch), nil)
	if err != nil {
		r.f.unreadable("branch_rules", PermAdministration, epBranchRules, err)
		r.f.set("rulesets", nil)
		return
	}
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].RulesetID != rules[j].RulesetID {
			return rules[i].RulesetID < rules[j].RulesetID
		}
		return rules[i].Type < rules[j].Type
	})
	out := make([]any, 0, len(rules))
	var ids []int64
	source := map[int64]branchRuleJSON{}
	for _, rule := range rules {
		params, err := rawValue(rule.Parameters)
		if err != nil {
			r.f.unreadable("branch_rules", PermAdministration, epBranchRules, err)
			r.f.set("rulesets", nil)
			return
		}
		out = append(out, map[string]any{
			"type": rule.Type, "parameters": params, "ruleset_id": rule.RulesetID,
			"ruleset_source_type": rule.RulesetSourceType, "ruleset_source": rule.RulesetSource,
		})
		if _, ok := source[rule.RulesetID]; !ok {
			source[rule.RulesetID] = rule
			ids = append(ids, rule.RulesetID)
		}
	}
	r.f.set("branch_rules", out)

	rulesets := make([]any, 0, len(ids))
	var hidden []int64
	for _, id := range ids {
		src := source[id]
		detail, ok := map[string]any(nil), false
		if src.RulesetSourceType == "Organization" {
			detail, ok = r.col.orgRuleset(src.RulesetSource, id)
		}
		if !ok {
			var missing bool
			detail, missing, err = r.col.getRuleset(ctx, epRepoRuleset, fmt.Sprintf("%s/rulesets/%d", r.path, id))
			if err != nil {
				r.f.unreadable("rulesets", PermAdministration, epRepoRuleset, err)
				return
			}
			if missing {
				hidden = append(hidden, id)
			}
		} else if detail["bypass_actors"] == nil {
			hidden = append(hidden, id)
		}
		rulesets = append(rulesets, detail)
	}
	r.f.set("rulesets", rulesets)
	if len(hidden) > 0 {
		r.f.errs = append(r.f.errs, evidence.Error{Message: bypassNote(hidden).Error() + "; needs " + PermAdministration,
			Needs: PermAdministration, Denied: true})
	}
}

// vulnerabilityAlerts: GitHub answers 204 when Dependabot alerts are on and 404 when off.
func (r *repo) vulnerabilityAlerts(ctx context.Context) {
	_, err := r.col.c.get(ctx, epVulnerabilityAlerts, r.path+"/vulnerability-alerts", nil)
	switch {
	case err == nil:
		r.f.set("vulnerability_alerts_enabled", true)
	case statusOf(err) == http.StatusNotFound:
		r.f.set("vulnerability_alerts_enabled", false)
	default:
		r.f.unreadable("vulnerability_alerts_enabled", PermAdministration, epVulnerabilityAlerts, err)
	}
}

func (r *repo) privateVulnerabilityReporting(ctx context.Context) {
	var v struct {
		Enabled bool `json:"enabled"`
	}
	if err := r.col.c.getJSON(ctx, epPrivateVulnReporting, r.path+"/private-vulnerability-reporting", nil, &v); err != nil {
		r.f.unreadable("private_vulnerability_reporting", PermAdministration, epPrivateVulnReporting, err)
		return
	}
	r.f.set("private_vulnerability_reporting", v.Enabled)
}

// immutableReleases reads the repository's immutable-releases setting (GH-17), on critical
// repositories only: the rule judges no other, so the others cost no request and carry no
// field. GitHub answers 404 when the setting is off, as for vulnerability alerts.
func (r *repo) immutableReleases(ctx context.Context) {
	if !matchesAny(r.col.o.CriticalRepos, r.owner, r.name) {
		return
	}
	var v struct {
		Enabled         bool `json:"enabled"`
		EnforcedByOwner bool `json:"enforced_by_owner"`
	}
	err := r.col.c.getJSON(ctx, epImmutableReleases, r.path+"/immutable-releases", nil, &v)
	switch {
	case err == nil:
		r.f.set("immutable_releases", map[string]any{"enabled": v.Enabled, "enforced_by_owner": v.EnforcedByOwner})
	case statusOf(err) == http.StatusNotFound:
		r.f.set("immutable_releases", map[string]any{"enabled": false, "enforced_by_owner": false})
	default:
		r.f.unreadable("immutable_releases", PermAdministration, epImmutableReleases, err)
	}
}

func (r *repo) codeScanningDefaultSetup(ctx context.Context) {
	var v struct {
		State     string   `json:"state"`
		Languages []string `json:"languages"`
		UpdatedAt *string  `json:"updated_at"`
	}
	if err := r.col.c.getJSON(ctx, epCodeScanningDefaultSetup, r.path+"/code-scanning/default-setup", nil, &v); err != nil {
		r.f.unreadable("code_scanning_default_setup", PermSecurityEvents, epCodeScanningDefaultSetup, err)
		return
	}
	langs := append([]string{}, v.Languages...)
	sort.Strings(langs)
	r.f.set("code_scanning_default_setup", map[string]any{"state": v.State, "languages": langs, "updated_at": utc(v.UpdatedAt)})
}

func (r *repo) actions(ctx context.Context) {
	var perms struct {
		Enabled        bool   `json:"enabled"`
		AllowedActions string `json:"allowed_actions"`
	}
	if err := r.col.c.getJSON(ctx, epRepoActions, r.path+"/actions/permissions", nil, &perms); err != nil {
		r.f.unreadable("actions", PermAdministration, epRepoActions, err)
		return
	}
	out := map[string]any{"enabled": perms.Enabled, "allowed_actions": nilIfEmpty(perms.AllowedActions),
		"default_workflow_permissions": nil, "can_approve_pull_request_reviews": nil}
	var wf workflowPermsJSON
	if err := r.col.c.getJSON(ctx, epRepoWorkflowPerms, r.path+"/actions/permissions/workflow", nil, &wf); err != nil {
		r.f.failed("actions.default_workflow_permissions", PermAdministration, epRepoWorkflowPerms, err)
	} else {
		out["default_workflow_permissions"] = ptrValue(wf.DefaultWorkflowPermissions)
		out["can_approve_pull_request_reviews"] = ptrValue(wf.CanApprovePullRequestReviews)
	}
	r.f.set("actions", out)
}

func (r *repo) deployKeys(ctx context.Context) {
	keys, err := list[struct {
		ID        int64   `json:"id"`
		Title     string  `json:"title"`
		ReadOnly  bool    `json:"read_only"`
		CreatedAt *string `json:"created_at"`
		LastUsed  *string `json:"last_used"`
	}](ctx, r.col.c, epDeployKeys, r.path+"/keys", nil)
	if err != nil {
		r.f.unreadable("deploy_keys", PermAdministration, epDeployKeys, err)
		return
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].ID < keys[j].ID })
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		out = append(out, map[string]any{"id": k.ID, "title": k.Title, "read_only": k.ReadOnly, "created_at": utc(k.CreatedAt), "last_used": utc(k.LastUsed)})
	}
	r.f.set("deploy_keys", out)
}

// adminCollaborators lists direct collaborators with the admin role. role_name is read
// because the older permission field folds custom roles and maintain into write.
func (r *repo) adminCollaborators(ctx context.Context) {
	users, err := list[struct {
		Login       string `json:"login"`
		RoleName    string `json:"role_name"`
		Permissions *struct {
			Admin bool `json:"admin"`
		} `json:"permissions"`
	}](ctx, r.col.c, epCollaborators, r.path+"/collaborators", url.Values{"affiliation": {"direct"}, "permission": {"admin"}})
	if err != nil {
		r.f.unreadable("admin_collaborators", PermMetadata, epCollaborators, err)
		return
	}
	out := []any{}
	sort.Slice(users, func(i, j int) bool { return users[i].Login < users[j].Login })
	for _, u := range users {
		role := u.RoleName
		if role == "" && u.Permissions != nil && u.Permissions.Admin { // GHES before role_name
			role = "admin"
		}
		if role == "admin" {
			out = append(out, map[string]any{"login": u.Login, "role_name": role})
		}
	}
	r.f.set("admin_collaborators", out)
}

type environmentJSON struct {
	Name            string `json:"name"`
	ProtectionRules []struct {
		Type      string `json:"type"`
		WaitTimer *int   `json:"wait_timer"`
		Reviewers []struct {
			Type     string `json:"type"`
			Reviewer struct {
				Login string `json:"login"`
				Slug  string `json:"slug"`
			} `json:"reviewer"`
		} `json:"reviewers"`
	} `json:"protection_rules"`
	DeploymentBranchPolicy *struct {
		ProtectedBranches    bool `json:"protected_branches"`
		CustomBranchPolicies bool `json:"custom_branch_policies"`
	} `json:"deployment_branch_policy"`
}

func (r *repo) environments(ctx context.Context) {
	var envs []environmentJSON
	err := r.col.c.pages(ctx, epEnvironments, r.path+"/environments", nil, func(body []byte) error {
		var page struct {
			Environments []environmentJSON `json:"environments"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return err
		}
		envs = append(envs, page.Environments...)
		return nil
	})
	if err != nil {
		r.f.unreadable("environments", PermAdministration, epEnvironments, err)
		return
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].Name < envs[j].Name })
	out := make([]any, 0, len(envs))
	for _, e := range envs {
		rules := make([]any, 0, len(e.ProtectionRules))
		for _, pr := range e.ProtectionRules {
			reviewers := make([]any, 0, len(pr.Reviewers))
			for _, rv := range pr.Reviewers {
				m := map[string]any{"type": rv.Type}
				if rv.Type == "Team" {
					m["slug"] = rv.Reviewer.Slug
				} else {
					m["login"] = rv.Reviewer.Login
				}
				reviewers = append(reviewers, m)
			}
			wait := 0
			if pr.WaitTimer != nil {
				wait = *pr.WaitTimer
			}
			rules = append(rules, map[string]any{"type": pr.Type, "reviewers": reviewers, "wait_timer": wait})
		}
		var policy any
		if p := e.DeploymentBranchPolicy; p != nil {
			policy = map[string]any{"protected_branches": p.ProtectedBranches, "custom_branch_policies": p.CustomBranchPolicies}
		}
		out = append(out, map[string]any{"name": e.Name, "protection_rules": rules, "deployment_branch_policy": policy})
	}
	r.f.set("environments", out)
}
