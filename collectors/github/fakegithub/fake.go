// Package fakegithub is a loopback GitHub REST API for tests and benchmarks. It answers
// with GitHub's own example bodies (the fixtures, see testdata/fixtures/SOURCES.md), set
// to the names of a small model organization, and emits the headers a real client meets:
// Link pagination (page numbers, and cursors for Dependabot alerts), ETag / 304, and
// rate-limit headers. Faults and permission denials can be injected per endpoint.
package fakegithub

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Org is the model of one organization.
type Org struct {
	Login   string
	Admins  []string // members with role admin (owners)
	Members []string // members with role member
	NoMFA   []string // members without 2FA (filter=2fa_disabled)
	Outside []string // outside collaborators
	Repos   []*Repo
	SAML    *SAML // the organization's SAML identity provider; nil: none configured
	// LastActive is the audit log: login → time of the login's one event. nil: every member
	// and outside collaborator acted one day after the start of whatever window is asked.
	LastActive map[string]time.Time
	// AuditNoise adds that many newer events by a bot, so the log outgrows a short scan.
	AuditNoise int
	// AuditIgnoresUntil serves events after a created:A..B range's end, as a server that
	// ignored the upper bound would.
	AuditIgnoresUntil bool
	// AuditUndated are logins with one event inside the window whose @timestamp and
	// created_at are missing.
	AuditUndated []string
}

// SAML is a SAML identity provider with the external identities linked to it.
type SAML struct {
	SSOURL, Issuer string
	Identities     []Identity
}

// Identity is one external identity: Login "" is an identity not linked to a GitHub user
// yet; SCIM says it was provisioned by SCIM.
type Identity struct {
	Login string
	SCIM  bool
}

// Repo is the model of one repository. Zero values give the fixture repository.
type Repo struct {
	Name              string
	Archived          bool
	Unprotected       bool              // classic protection answers 404 "Branch not protected"
	NoBranchRules     bool              // no ruleset applies to the default branch
	UnknownRule       bool              // add a rule type go-github v62 does not know
	VulnAlertsOff     bool              // GET vulnerability-alerts answers 404
	ImmutableReleases bool              // GET immutable-releases answers 200 enabled (else 404, as GitHub does when off)
	Files             map[string]string // path → content; nil → DefaultFiles
	AdminUsers        []string          // direct collaborators with the admin role
	DependabotMany    int               // extra open Dependabot alerts, to exercise cursor pages
	OmitStatuses      []string          // security_and_analysis keys left out, as GitHub does where it cannot say
}

// DefaultFiles are the files of a model repository when Repo.Files is nil.
var DefaultFiles = map[string]string{
	"README.md":                   "# hello\n",
	"SECURITY.md":                 "Report to security@example.com\n",
	".github/CODEOWNERS":          "* @octocat\n",
	".github/dependabot.yml":      "version: 2\n",
	".github/workflows/ci.yml":    "name: ci\non: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab\n      - uses: actions/setup-go@v5\n      - uses: ./.github/actions/local\n      - uses: docker://alpine:3.20\n",
	".github/workflows/reuse.yml": "on: push\njobs:\n  call:\n    uses: octo-org/shared/.github/workflows/build.yml@main\n",
}

// Fault is an injected failure: the first Times requests to Endpoint (a template such as
// "GET /repos/{owner}/{repo}/secret-scanning/alerts"; "" for any) get this answer.
type Fault struct {
	Endpoint string
	Times    int
	Status   int
	Header   map[string]string
	Body     string
}

// Common faults, as GitHub sends them.
func SecondaryLimit429(endpoint string, times int, retryAfter int) Fault {
	return Fault{Endpoint: endpoint, Times: times, Status: 429, Header: map[string]string{"Retry-After": strconv.Itoa(retryAfter)},
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`}
}

func SecondaryLimit403(endpoint string, times int) Fault {
	return Fault{Endpoint: endpoint, Times: times, Status: 403,
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`}
}

// PrimaryLimit says the hourly quota is spent until reset (Unix seconds).
func PrimaryLimit(endpoint string, times int, reset int64) Fault {
	return Fault{Endpoint: endpoint, Times: times, Status: 403,
		Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000", "X-RateLimit-Reset": strconv.FormatInt(reset, 10)},
		Body:   `{"message":"API rate limit exceeded for installation ID 1."}`}
}

func ServerError(endpoint string, times int) Fault {
	return Fault{Endpoint: endpoint, Times: times, Status: 502, Body: `{"message":"Server Error"}`}
}

// Server is the fake API.
type Server struct {
	*httptest.Server
	Token   string
	Latency time.Duration

	fixtures map[string][]byte
	mu       sync.Mutex
	orgs     map[string]*Org
	repos    map[string]*Repo // "owner/name" lower case
	owners   map[string]string
	faults   []*Fault
	denied   map[string]int
	counts   map[string]*Count

	enterprises map[string]*SAML             // enterprise slug → its SAML provider (nil: none)
	policies    map[string]map[string]string // enterprise slug → ownerInfo setting → value
	members     map[string][]string          // enterprise slug → logins of its organizations
	principals  map[string]string            // token → login it acts as; Token acts as DefaultPrincipal
}

// DefaultPrincipal is the login the Server's Token acts as (GraphQL viewer).
const DefaultPrincipal = "ismscheck-test[bot]"

// AddToken accepts another token acting as login: a rotated installation token (same login)
// or another principal.
func (s *Server) AddToken(token, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.principals[token] = login
}

// principalOf is the login behind an Authorization header, or false for a bad token.
func (s *Server) principalOf(auth string) (string, bool) {
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		return "", false
	}
	if token == s.Token {
		return DefaultPrincipal, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	login, ok := s.principals[token]
	return login, ok
}

// githubETag is the ETag as GitHub computes it (observed, not documented): SHA-256 over the
// request's Accept, Authorization and Cookie values, each followed by ":", then the body.
func githubETag(h http.Header, body []byte) string {
	sum := sha256.New()
	for _, name := range []string{"Accept", "Authorization", "Cookie"} {
		for _, v := range h.Values(name) {
			sum.Write([]byte(v))
			sum.Write([]byte{':'})
		}
	}
	sum.Write(body)
	return `W/"` + hex.EncodeToString(sum.Sum(nil)) + `"`
}

// noneMatch tells whether If-None-Match names etag, with the weak comparison HTTP asks for.
func noneMatch(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(tag), "W/") == want {
			return true
		}
	}
	return false
}

// Count is what one endpoint template was asked.
type Count struct {
	Requests, NotModified int
}

// New starts a fake serving the fixture files in fixtures (a directory such as
// os.DirFS("testdata/fixtures")) for the given organizations.
func New(fixtures fs.FS, token string, orgs ...*Org) (*Server, error) {
	s := &Server{Token: token, fixtures: map[string][]byte{}, orgs: map[string]*Org{}, repos: map[string]*Repo{},
		owners: map[string]string{}, denied: map[string]int{}, counts: map[string]*Count{}, enterprises: map[string]*SAML{}, policies: map[string]map[string]string{}, members: map[string][]string{}, principals: map[string]string{}}
	entries, err := fs.ReadDir(fixtures, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			raw, err := fs.ReadFile(fixtures, e.Name())
			if err != nil {
				return nil, err
			}
			s.fixtures[strings.TrimSuffix(e.Name(), ".json")] = raw
		}
	}
	for _, o := range orgs {
		s.orgs[strings.ToLower(o.Login)] = o
		for _, r := range o.Repos {
			key := strings.ToLower(o.Login + "/" + r.Name)
			s.repos[key] = r
			s.owners[key] = o.Login
		}
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

// URL of the API root, as Options.APIURL takes it.
func (s *Server) APIURL() string { return s.Server.URL + "/api/v3/" }

// SetEnterprise declares an enterprise and its SAML identity provider (nil: none).
func (s *Server) SetEnterprise(slug string, saml *SAML) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enterprises[strings.ToLower(slug)] = saml
}

// SetEnterpriseOrganizations gives the organizations that belong to a declared enterprise,
// in the order GitHub lists them (100 a page). An enterprise declared without them has none.
func (s *Server) SetEnterpriseOrganizations(slug string, logins ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[strings.ToLower(slug)] = logins
}

// SetEnterprisePolicies gives a declared enterprise's ownerInfo settings (GraphQL field →
// enum value, e.g. membersCanDeleteRepositoriesSetting → DISABLED); unset ones keep the
// fixture's values.
func (s *Server) SetEnterprisePolicies(slug string, values map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policies[strings.ToLower(slug)] = values
}

// Inject adds faults.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range faults {
		f := faults[i]
		s.faults = append(s.faults, &f)
	}
}

// Deny makes an endpoint template answer status (403 or 404) with GitHub's message.
func (s *Server) Deny(endpoint string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied[endpoint] = status
}

// Counts returns a copy of the per-endpoint counters.
func (s *Server) Counts() map[string]Count {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]Count{}
	for k, v := range s.counts {
		out[k] = *v
	}
	return out
}

// ResetCounts zeroes the counters.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]*Count{}
}

// Total sums the counters.
func (s *Server) Total() Count {
	var t Count
	for _, c := range s.Counts() {
		t.Requests += c.Requests
		t.NotModified += c.NotModified
	}
	return t
}

func (s *Server) count(endpoint string, notModified bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts[endpoint]
	if c == nil {
		c = &Count{}
		s.counts[endpoint] = c
	}
	c.Requests++
	if notModified {
		c.NotModified++
	}
}

// route is one endpoint: its template and the handler that builds the body (nil body and
// status 0 mean 200 with the JSON of v).
type route struct {
	template string
	handle   func(s *Server, p params, q url.Values) (status int, v any)
}

type params map[string]string

// match fits a request path to a template; "{path}" takes the rest of the path.
func match(template, p string) (params, bool) {
	t := strings.Split(strings.TrimPrefix(template, "/"), "/")
	got := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := params{}
	for i, seg := range t {
		if seg == "{path}" {
			if i > len(got) {
				return nil, false
			}
			out["path"] = strings.Join(got[i:], "/")
			return out, true
		}
		if i >= len(got) {
			return nil, false
		}
		if strings.HasPrefix(seg, "{") {
			v, err := url.PathUnescape(got[i])
			if err != nil {
				return nil, false
			}
			out[strings.Trim(seg, "{}")] = v
			continue
		}
		if seg != got[i] {
			return nil, false
		}
	}
	return out, len(t) == len(got)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.Latency > 0 {
		time.Sleep(s.Latency)
	}
	if r.URL.Path == "/api/graphql" {
		s.serveGraphQL(w, r)
		return
	}
	p := strings.TrimPrefix(r.URL.EscapedPath(), "/api/v3")
	var rt *route
	var ps params
	for i := range routes {
		if got, ok := match(routes[i].template, p); ok {
			rt, ps = &routes[i], got
			break
		}
	}
	endpoint := "GET " + p
	if rt != nil {
		endpoint = "GET " + rt.template
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Remaining", "4999")
	if r.Method != http.MethodGet {
		s.count(endpoint, false)
		writeJSON(w, 405, map[string]string{"message": "the fake serves GET only"})
		return
	}
	if _, ok := s.principalOf(r.Header.Get("Authorization")); !ok {
		s.count(endpoint, false)
		writeJSON(w, 401, map[string]string{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	if f := s.takeFault(endpoint); f != nil {
		s.count(endpoint, false)
		writeFault(w, f)
		return
	}
	s.mu.Lock()
	deny := s.denied[endpoint]
	s.mu.Unlock()
	if deny != 0 {
		s.count(endpoint, false)
		msg := "Resource not accessible by integration"
		if deny == 404 {
			msg = "Not Found"
		}
		writeJSON(w, deny, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
		return
	}
	if rt == nil {
		s.count(endpoint, false)
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
		return
	}
	status, v := rt.handle(s, ps, r.URL.Query())
	if status == 0 {
		status = 200
	}
	if status == 204 {
		s.count(endpoint, false)
		w.WriteHeader(204)
		return
	}
	if status != 200 {
		s.count(endpoint, false)
		writeJSON(w, status, v)
		return
	}
	if items, ok := v.([]any); ok {
		var link string
		var err error
		items, link, err = paginate(r, items, strings.Contains(rt.template, "dependabot") || strings.HasSuffix(rt.template, "/audit-log"))
		if err != nil {
			s.count(endpoint, false)
			writeJSON(w, 400, map[string]string{"message": err.Error()})
			return
		}
		if link != "" {
			w.Header().Set("Link", link)
		}
		v = items
	}
	body, _ := json.Marshal(v)
	// Like GitHub's, the ETag depends on the credentials as well as the body.
	etag := githubETag(r.Header, body)
	w.Header().Set("ETag", etag)
	if noneMatch(r.Header.Get("If-None-Match"), etag) {
		s.count(endpoint, true)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.count(endpoint, false)
	w.WriteHeader(200)
	_, _ = w.Write(body)
}

func (s *Server) takeFault(endpoint string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Times > 0 && (f.Endpoint == "" || f.Endpoint == endpoint) {
			f.Times--
			return f
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// paginate serves one page and its Link header: page numbers, or an opaque after= cursor
// (Dependabot alerts and the audit log, which reject page= with 400 as GitHub does).
func paginate(r *http.Request, items []any, cursor bool) ([]any, string, error) {
	q := r.URL.Query()
	per := 30
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		per = min(n, 100)
	}
	start := 0
	if cursor {
		if q.Get("page") != "" {
			return nil, "", fmt.Errorf("Pagination using the `page` parameter is not supported.")
		}
		if a := q.Get("after"); a != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(a, "cursor-"))
			if err != nil {
				return nil, "", fmt.Errorf("bad cursor %q", a)
			}
			start = n
		}
	} else if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		start = (n - 1) * per
	}
	if start > len(items) {
		start = len(items)
	}
	end := min(start+per, len(items))
	page := items[start:end]
	if end >= len(items) {
		return page, "", nil
	}
	next := *r.URL
	next.Scheme, next.Host = "http", r.Host
	nq := next.Query()
	if cursor {
		nq.Set("after", "cursor-"+strconv.Itoa(end))
	} else {
		nq.Set("page", strconv.Itoa(end/per+1))
	}
	next.RawQuery = nq.Encode()
	link := fmt.Sprintf(`<%s>; rel="next"`, next.String())
	if !cursor {
		last := next
		lq := last.Query()
		lq.Set("page", strconv.Itoa((len(items)+per-1)/per))
		last.RawQuery = lq.Encode()
		link += fmt.Sprintf(`, <%s>; rel="last"`, last.String())
	}
	return page, link, nil
}

// fixture decodes a fixture afresh, so callers may change it.
func (s *Server) fixture(name string) any {
	raw, ok := s.fixtures[name]
	if !ok {
		panic("fakegithub: no fixture " + name)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		panic("fakegithub: fixture " + name + ": " + err.Error())
	}
	return v
}

func (s *Server) fixtureMap(name string) map[string]any { return s.fixture(name).(map[string]any) }

func (s *Server) fixtureList(name string) []any { return s.fixture(name).([]any) }

// user is the fixture user with another login.
func (s *Server) user(login string) map[string]any {
	u := s.fixtureList("orgs_org_members")[0].(map[string]any)
	u["login"] = login
	u["html_url"] = "https://github.com/" + login
	return u
}

func (s *Server) users(logins []string) []any {
	sorted := append([]string(nil), logins...)
	sort.Strings(sorted)
	out := make([]any, 0, len(sorted))
	for _, l := range sorted {
		out = append(out, s.user(l))
	}
	return out
}

func (s *Server) org(p params) (*Org, bool) {
	o, ok := s.orgs[strings.ToLower(p["org"])]
	return o, ok
}

func (s *Server) repo(p params) (*Repo, string, bool) {
	key := strings.ToLower(p["owner"] + "/" + p["repo"])
	r, ok := s.repos[key]
	return r, s.owners[key], ok
}

func notFound() (int, any) { return 404, map[string]string{"message": "Not Found"} }

// setRepoNames fits a repository fixture (listing or detail) to the model.
func setRepoNames(m map[string]any, owner string, r *Repo) {
	m["name"] = r.Name
	m["full_name"] = owner + "/" + r.Name
	m["html_url"] = "https://github.com/" + owner + "/" + r.Name
	m["archived"] = r.Archived
	m["private"] = false
	m["visibility"] = "public"
	if o, ok := m["owner"].(map[string]any); ok {
		o["login"] = owner
	}
}

func (r *Repo) files() map[string]string {
	if r.Files == nil {
		return DefaultFiles
	}
	return r.Files
}

// dir lists one directory of the model repository with the directory fixture's entry shape.
func (s *Server) dir(r *Repo, dir string) []any {
	tmpl := s.fixtureList("repos_owner_repo_contents_path_directory")
	fileT, dirT := tmpl[0].(map[string]any), tmpl[1].(map[string]any)
	seen := map[string]bool{}
	var out []any
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var paths []string
	for p := range r.files() {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		rest := strings.TrimPrefix(p, prefix)
		name, _, isSub := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		e := map[string]any{}
		src := fileT
		if isSub {
			src = dirT
		}
		for k, v := range src {
			e[k] = v
		}
		e["name"], e["path"] = name, path.Join(dir, name)
		out = append(out, e)
	}
	return out
}

// writeFault answers with an injected fault: its headers, status and body.
func writeFault(w http.ResponseWriter, f *Fault) {
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
}
