package fakegithub

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

var routes []route

func init() {
	routes = []route{
		{"/orgs/{org}", func(s *Server, p params, q url.Values) (int, any) {
			o, ok := s.org(p)
			if !ok {
				return notFound()
			}
			m := s.fixtureMap("orgs_org")
			m["login"], m["html_url"] = o.Login, "https://github.com/"+o.Login
			return 0, m
		}},
		{"/orgs/{org}/actions/permissions", s0("orgs_org_actions_permissions")},
		{"/orgs/{org}/actions/permissions/selected-actions", s0("orgs_org_actions_permissions_selected-actions")},
		{"/orgs/{org}/actions/permissions/workflow", s0("orgs_org_actions_permissions_workflow")},
		{"/orgs/{org}/rulesets", s0("orgs_org_rulesets")},
		{"/orgs/{org}/rulesets/{id}", func(s *Server, p params, q url.Values) (int, any) {
			id, _ := strconv.Atoi(p["id"])
			if id != 21 && id != 432 {
				return notFound()
			}
			m := s.fixtureMap("orgs_org_rulesets_ruleset_id")
			if id == 432 { // the list names it; the reference has one detail example only
				m["id"], m["name"] = 432, "Another ruleset"
			}
			return 0, m
		}},
		{"/orgs/{org}/members", func(s *Server, p params, q url.Values) (int, any) {
			o, ok := s.org(p)
			if !ok {
				return notFound()
			}
			switch {
			case q.Get("filter") == "2fa_disabled":
				return 0, s.users(o.NoMFA)
			case q.Get("role") == "admin":
				return 0, s.users(o.Admins)
			case q.Get("role") == "member":
				return 0, s.users(o.Members)
			}
			return 0, s.users(append(append([]string{}, o.Admins...), o.Members...))
		}},
		{"/orgs/{org}/outside_collaborators", func(s *Server, p params, q url.Values) (int, any) {
			o, ok := s.org(p)
			if !ok {
				return notFound()
			}
			return 0, s.users(o.Outside)
		}},
		{"/orgs/{org}/repos", func(s *Server, p params, q url.Values) (int, any) {
			o, ok := s.org(p)
			if !ok {
				return notFound()
			}
			out := make([]any, 0, len(o.Repos))
			for _, r := range o.Repos {
				m := s.fixtureList("orgs_org_repos")[0].(map[string]any)
				setRepoNames(m, o.Login, r)
				out = append(out, m)
			}
			return 0, out
		}},
		{"/repos/{owner}/{repo}", func(s *Server, p params, q url.Values) (int, any) {
			r, owner, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			m := s.fixtureMap("repos_owner_repo")
			setRepoNames(m, owner, r)
			// The reference example nests security_and_analysis in "source"; an admin token
			// sees it on the repository itself.
			if src, ok := m["source"].(map[string]any); ok {
				saa, _ := src["security_and_analysis"].(map[string]any)
				// The example has no dependabot_security_updates status; the model's
				// repositories have it on unless a test leaves statuses out.
				if saa != nil {
					saa["dependabot_security_updates"] = map[string]any{"status": "enabled"}
					for _, k := range r.OmitStatuses {
						delete(saa, k)
					}
				}
				m["security_and_analysis"] = saa
			}
			return 0, m
		}},
		{"/repos/{owner}/{repo}/branches/{branch}/protection", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			if r.Unprotected {
				return 404, map[string]string{"message": "Branch not protected", "documentation_url": "https://docs.github.com/rest/branches/branch-protection#get-branch-protection"}
			}
			return 0, s.fixtureMap("repos_owner_repo_branches_branch_protection")
		}},
		{"/repos/{owner}/{repo}/rules/branches/{branch}", func(s *Server, p params, q url.Values) (int, any) {
			r, owner, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			if r.NoBranchRules {
				return 0, []any{}
			}
			rules := s.fixtureList("repos_owner_repo_rules_branches_branch")
			if r.UnknownRule {
				rules = append(rules, map[string]any{"type": "copilot_code_review", "ruleset_source_type": "Repository",
					"ruleset_source": owner + "/" + r.Name, "ruleset_id": 42, "parameters": map[string]any{"review_on_push": true}})
			}
			return 0, rules
		}},
		{"/repos/{owner}/{repo}/rulesets/{id}", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			id, _ := strconv.Atoi(p["id"])
			m := s.fixtureMap("repos_owner_repo_rulesets_ruleset_id")
			m["id"] = id
			if id == 73 { // named by the branch-rules example as an organization ruleset
				m["source_type"], m["source"] = "Organization", "my-org"
			}
			if r.UnknownRule && id == 42 {
				m["rules"] = append(m["rules"].([]any), map[string]any{"type": "copilot_code_review", "parameters": map[string]any{"review_on_push": true}})
			}
			return 0, m
		}},
		{"/repos/{owner}/{repo}/contents/{path}", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			want := strings.Trim(p["path"], "/")
			want, _ = url.PathUnescape(want)
			files := r.files()
			if content, ok := files[want]; ok {
				m := s.fixtureMap("repos_owner_repo_contents_path_file")
				name := want[strings.LastIndex(want, "/")+1:]
				m["name"], m["path"], m["size"] = name, want, len(content)
				m["content"] = base64.StdEncoding.EncodeToString([]byte(content))
				return 0, m
			}
			if entries := s.dir(r, want); len(entries) > 0 {
				return 0, entries
			}
			if len(files) == 0 && want == "" {
				return 404, map[string]string{"message": "This repository is empty."}
			}
			return notFound()
		}},
		{"/repos/{owner}/{repo}/codeowners/errors", s0("repos_owner_repo_codeowners_errors")},
		{"/repos/{owner}/{repo}/vulnerability-alerts", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok || r.VulnAlertsOff {
				return notFound()
			}
			return 204, nil
		}},
		{"/repos/{owner}/{repo}/private-vulnerability-reporting", s0("synthetic_repos_owner_repo_private-vulnerability-reporting")},
		{"/repos/{owner}/{repo}/immutable-releases", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok || !r.ImmutableReleases {
				return notFound() // GitHub: 404 when immutable releases are not enabled
			}
			return 200, s.fixture("synthetic_repos_owner_repo_immutable-releases")
		}},
		{"/repos/{owner}/{repo}/code-scanning/default-setup", s0("repos_owner_repo_code-scanning_default-setup")},
		{"/repos/{owner}/{repo}/secret-scanning/alerts", func(s *Server, p params, q url.Values) (int, any) {
			alerts := append(s.fixtureList("repos_owner_repo_secret-scanning_alerts"), s.fixture("repos_owner_repo_secret-scanning_alerts_alert_number"))
			return 0, byState(alerts, q.Get("state"))
		}},
		{"/repos/{owner}/{repo}/dependabot/alerts", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			alerts := s.fixtureList("repos_owner_repo_dependabot_alerts")
			for i := range r.DependabotMany {
				a := s.fixtureList("repos_owner_repo_dependabot_alerts")[1].(map[string]any)
				a["number"] = 1000 + i
				alerts = append(alerts, a)
			}
			return 0, byState(alerts, q.Get("state"))
		}},
		{"/repos/{owner}/{repo}/code-scanning/alerts", func(s *Server, p params, q url.Values) (int, any) {
			return 0, byState(s.fixtureList("repos_owner_repo_code-scanning_alerts"), q.Get("state"))
		}},
		{"/repos/{owner}/{repo}/actions/permissions", s0("repos_owner_repo_actions_permissions")},
		{"/repos/{owner}/{repo}/actions/permissions/workflow", s0("orgs_org_actions_permissions_workflow")},
		{"/repos/{owner}/{repo}/keys", s0("synthetic_repos_owner_repo_keys")},
		{"/repos/{owner}/{repo}/collaborators", func(s *Server, p params, q url.Values) (int, any) {
			r, _, ok := s.repo(p)
			if !ok {
				return notFound()
			}
			out := []any{}
			for _, login := range r.AdminUsers {
				u := s.fixtureList("repos_owner_repo_collaborators")[0].(map[string]any)
				u["login"], u["role_name"] = login, "admin"
				u["permissions"] = map[string]any{"pull": true, "push": true, "admin": true}
				out = append(out, u)
			}
			return 0, out
		}},
		{"/repos/{owner}/{repo}/environments", s0("synthetic_repos_owner_repo_environments")},
		{"/orgs/{org}/installations", s0("synthetic_orgs_org_installations")},
		{"/orgs/{org}/hooks", s0("synthetic_orgs_org_hooks")},
		{"/orgs/{org}/audit-log", func(s *Server, p params, q url.Values) (int, any) {
			o, ok := s.org(p)
			if !ok {
				return notFound()
			}
			return 0, s.auditLog(o, q.Get("phrase"))
		}},
		{"/repos/{owner}/{repo}/hooks", s0("synthetic_repos_owner_repo_hooks")},
	}
}

// auditLog serves the model's events newest first, filtered by the phrase qualifiers the
// collector uses: created:>=YYYY-MM-DD or created:YYYY-MM-DD..YYYY-MM-DD (both days
// included, as GitHub's search syntax reads a range), and actor:login.
func (s *Server) auditLog(o *Org, phrase string) []any {
	var since, until time.Time // zero until: no upper bound
	actor := ""
	for _, term := range strings.Fields(phrase) {
		if v, ok := strings.CutPrefix(term, "created:>="); ok {
			since, _ = time.Parse("2006-01-02", v)
		} else if v, ok := strings.CutPrefix(term, "created:"); ok {
			from, to, _ := strings.Cut(v, "..")
			since, _ = time.Parse("2006-01-02", from)
			if last, err := time.Parse("2006-01-02", to); err == nil {
				until = last.AddDate(0, 0, 1)
			}
		}
		if v, ok := strings.CutPrefix(term, "actor:"); ok {
			actor = v
		}
	}
	type event struct {
		actor, action string
		at            time.Time
		undated       bool
	}
	var events []event
	if o.LastActive == nil {
		for _, l := range append(append(append([]string{}, o.Admins...), o.Members...), o.Outside...) {
			events = append(events, event{l, "repo.create", since.AddDate(0, 0, 1), false})
		}
	} else {
		for l, at := range o.LastActive {
			events = append(events, event{l, "repo.create", at, false})
		}
	}
	for _, l := range o.AuditUndated {
		events = append(events, event{l, "repo.create", since.AddDate(0, 0, 1), true})
	}
	newest := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	if !until.IsZero() {
		newest = until.Add(-time.Minute) // the bot's events stay newer than the model's, inside the window
	}
	if o.AuditIgnoresUntil {
		until = time.Time{}
	}
	for i := range o.AuditNoise {
		events = append(events, event{"dependabot[bot]", "pull_request.create", newest.Add(-time.Duration(i) * time.Minute), false})
	}
	sort.Slice(events, func(i, j int) bool {
		if !events[i].at.Equal(events[j].at) {
			return events[i].at.After(events[j].at)
		}
		return events[i].actor < events[j].actor
	})
	out := []any{}
	for _, e := range events {
		if e.at.Before(since) || (!until.IsZero() && !e.at.Before(until)) || (actor != "" && !strings.EqualFold(actor, e.actor)) {
			continue
		}
		m := s.fixtureList("synthetic_orgs_org_audit-log")[0].(map[string]any)
		ms := e.at.UnixMilli()
		m["actor"], m["action"], m["@timestamp"], m["created_at"], m["org"] = e.actor, e.action, ms, ms, o.Login
		if e.undated {
			delete(m, "@timestamp")
			delete(m, "created_at")
		}
		out = append(out, m)
	}
	return out
}

// s0 serves a fixture as it is, for a repository or organization the model knows.
func s0(name string) func(s *Server, p params, q url.Values) (int, any) {
	return func(s *Server, p params, q url.Values) (int, any) {
		if _, ok := p["org"]; ok {
			if _, ok := s.org(p); !ok {
				return notFound()
			}
		} else if _, _, ok := s.repo(p); !ok {
			return notFound()
		}
		return 0, s.fixture(name)
	}
}

func byState(alerts []any, state string) []any {
	if state == "" {
		return alerts
	}
	out := []any{}
	for _, a := range alerts {
		if m, ok := a.(map[string]any); ok && m["state"] == state {
			out = append(out, m)
		}
	}
	return out
}
