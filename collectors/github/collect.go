// Package github collects GitHub evidence for the ISMS audit: organization settings,
// members, and per repository its branch protection, rulesets, security features, alerts,
// workflows and access. It writes the kinds github.organization, github.members and
// github.repository exactly as rules/github/README.md describes them.
//
// Every request goes through three layers below a small REST client: a retry layer for
// rate limits and 5xx (retryTransport), an on-disk ETag cache (etagCache) and a request
// ledger (accounting). What could not be read is null in the evidence with an error naming
// the permission it needs; it is never guessed.
package github

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// CollectorName is the provenance.collector of every document this package makes.
const CollectorName = "github"

// Evidence kinds this collector writes.
const (
	KindOrganization = "github.organization"
	KindMembers      = "github.members"
	KindRepository   = "github.repository"
	KindSSO          = "github.sso"
)

// DefaultAPIURL is GitHub.com's REST API.
const DefaultAPIURL = "https://api.github.com/"

// Defaults for Options left at zero.
const (
	DefaultConcurrency = 8
	DefaultMaxSleep    = 10 * time.Minute
)

// Options says what to collect and how.
type Options struct {
	APIURL          string        // "" → https://api.github.com/ ; GHES: https://host/api/v3
	Token           string        // never logged, never in evidence, errors or the cache
	Orgs            []string      // each: org settings + members + SAML SSO + all its repos
	Enterprise      string        // enterprise slug whose SAML identity provider counts for the orgs (GH-02); "" = org level only
	Repos           []string      // extra explicit "owner/name", always collected
	Include         []string      // path.Match patterns on repo name (or full name when the pattern holds "/")
	Exclude         []string      // same; exclude wins over include
	IncludeArchived bool          // archived org repos are skipped by default (counted in repositories.archived)
	CriticalRepos   []string      // patterns → repository data.critical
	CacheDir        string        // ETag cache directory across runs; "" = no cache
	ActivityLookups int           // at most this many per-login audit-log requests per org after the scan, default 200; the rest are not judged
	ActivityDays    int           // audit-log look-back for member inactivity (GH-20), default 90
	AsOf            time.Time     // the run's date, where the look-back starts from; zero = collection time
	Concurrency     int           // max requests in flight, default 8
	MaxSleep        time.Duration // total rate-limit sleep budget, default 10m; beyond → errors, not partial
	HTTPClient      *http.Client  // tests; nil → default with timeout
	Version         string
	Now             func() time.Time
	Log             *slog.Logger          // nil → discard
	Progress        evidence.ProgressFunc // repositories done of those listed, with requests and waits; nil → none

	// Backoffs, unexported so only tests shrink them. GitHub asks for at least a minute
	// before retrying a secondary limit that came without retry-after.
	rateLimitBackoff   time.Duration
	serverErrorBackoff time.Duration
}

func (o Options) withDefaults() Options {
	if o.APIURL == "" {
		o.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(o.APIURL, "/") {
		o.APIURL += "/"
	}
	if o.ActivityDays <= 0 {
		o.ActivityDays = DefaultActivityDays
	}
	if o.ActivityLookups <= 0 {
		o.ActivityLookups = DefaultActivityLookups
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.MaxSleep <= 0 {
		o.MaxSleep = DefaultMaxSleep
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.rateLimitBackoff <= 0 {
		o.rateLimitBackoff = time.Minute
	}
	if o.serverErrorBackoff <= 0 {
		o.serverErrorBackoff = time.Second
	}
	return o
}

// collector holds what one Collect call shares across organizations and repositories.
type collector struct {
	o     Options
	c     *client
	retry *retryTransport
	cache *etagCache // nil without a cache directory
	host  string     // id prefix: github.com, or the GHES host
	at    time.Time

	mu          sync.Mutex
	orgRulesets map[string]map[int64]map[string]any // org (lower case) → ruleset id → normalized detail
	enterprise  enterprisePolicies                  // read once when Options.Enterprise is set
}

// Collect reads every configured organization and repository. It returns the documents
// sorted by kind and id, the coverage, and an error when collection failed wholesale (the
// token was refused, an organization or its repository list could not be read); the
// documents collected until then are returned with it.
func Collect(ctx context.Context, o Options) ([]evidence.Document, evidence.Coverage, error) {
	o = o.withDefaults()
	cov := evidence.Coverage{
		Collector: CollectorName,
		Source:    o.APIURL,
		Kinds:     []string{KindMembers, KindOrganization, KindRepository, KindSSO},
		Errors:    []evidence.Error{},
	}
	col, err := newCollector(o)
	if err != nil {
		cov.Status = evidence.CoverageError
		cov.Errors = append(cov.Errors, evidence.Error{Message: err.Error()})
		return nil, cov, err
	}
	col.identify(ctx)
	docs, failures, fatal, listed := col.run(ctx)
	sortDocuments(docs)
	cov.Listed = listed

	cov.Collected = len(docs)
	cov.Expected = len(docs) + len(failures)
	for _, d := range docs {
		if !d.Complete {
			cov.Incomplete++
		}
	}
	for _, f := range failures {
		cov.Errors = append(cov.Errors, evidence.Error{Message: f.Error()})
	}
	cov.Stats = col.c.acct.stats()
	cov.Stats["slept_ms"] = col.retry.sleptTotal().Milliseconds()
	switch {
	case fatal != nil:
		cov.Status = evidence.CoverageError
	case len(failures) > 0 || cov.Incomplete > 0:
		cov.Status = evidence.CoveragePartial
	default:
		cov.Status = evidence.CoverageOK
	}
	t := col.c.acct.totals()
	o.Log.Info("github collected", "documents", len(docs), "incomplete", cov.Incomplete, "requests", t.calls,
		"not_modified", t.notModified, "retries", t.retries, "slept", t.slept.Round(time.Millisecond), "status", cov.Status)
	return docs, cov, fatal
}

func newCollector(o Options) (*collector, error) {
	api, err := url.Parse(o.APIURL)
	if err != nil || api.Host == "" || (api.Scheme != "https" && api.Scheme != "http") {
		return nil, fmt.Errorf("GitHub API URL %q is not an http(s) URL", o.APIURL)
	}
	base := http.DefaultTransport
	timeout := 60 * time.Second
	if o.HTTPClient != nil {
		if o.HTTPClient.Transport != nil {
			base = o.HTTPClient.Transport
		}
		timeout = o.HTTPClient.Timeout
	}
	acct := newAccounting()
	var rt http.RoundTripper = countingTransport{next: base, acct: acct}
	var cache *etagCache
	if o.CacheDir != "" {
		if err := os.MkdirAll(o.CacheDir, 0o700); err != nil {
			o.Log.Warn("GitHub cache directory unusable; collecting without conditional requests", "dir", o.CacheDir, "err", err)
		} else {
			cache = &etagCache{dir: o.CacheDir, next: rt, log: o.Log}
			rt = cache
		}
	}
	retry := newRetryTransport(rt, acct, o.MaxSleep, o.rateLimitBackoff, o.serverErrorBackoff)
	ua := "ismscheck"
	if o.Version != "" {
		ua += "/" + o.Version
	}
	c := &client{
		api: api, graphql: graphqlURLFor(api), token: o.Token, acct: acct,
		gh:  newGitHubClient(api, &http.Client{Transport: retry, Timeout: timeout}, o.Token, ua),
		sem: make(chan struct{}, o.Concurrency),
	}
	host := api.Hostname()
	if host == "api.github.com" {
		host = "github.com"
	}
	return &collector{o: o, c: c, retry: retry, cache: cache, host: host, at: o.Now().UTC(), orgRulesets: map[string]map[int64]map[string]any{}}, nil
}

// run collects organizations first (their listings name the repositories), then every
// repository with several in flight; the client's semaphore bounds the requests. listed
// names the kinds read in full (evidence.Coverage.Listed): the organization kinds when every
// organization was read, github.repository when every organization's repository listing
// succeeded and every repository in scope gave its document, so an organization without
// repositories (or with all of them excluded) has nothing to judge rather than nothing
// collected. A failed or interrupted listing leaves the kind out.
func (col *collector) run(ctx context.Context) (docs []evidence.Document, failures []error, fatal error, listed []string) {
	orgsRead, reposRead := len(col.o.Orgs) > 0, len(col.o.Orgs) > 0 || len(col.o.Repos) > 0
	var targets []repoTarget
	seen := map[string]bool{}
	add := func(t repoTarget) {
		key := strings.ToLower(t.owner + "/" + t.name)
		if !seen[key] {
			seen[key] = true
			targets = append(targets, t)
		}
	}
	for _, org := range uniqueSorted(col.o.Orgs) {
		res := col.collectOrg(ctx, org)
		docs = append(docs, res.docs...)
		if res.err != nil {
			orgsRead, reposRead = false, false
			failures = append(failures, res.err)
			fatal = errors.Join(fatal, res.err)
			var ae *apiError
			if errors.As(res.err, &ae) && ae.Status == http.StatusUnauthorized {
				return docs, failures, fatal, nil // a refused token fails everything after it too
			}
		}
		for _, t := range res.repos {
			add(t)
		}
	}
	for _, full := range uniqueSorted(col.o.Repos) {
		owner, name, ok := strings.Cut(full, "/")
		if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
			err := fmt.Errorf("repository %q is not of the form owner/name", full)
			reposRead = false
			failures = append(failures, err)
			fatal = errors.Join(fatal, err)
			continue
		}
		add(repoTarget{owner: owner, name: name})
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	col.progress(0, len(targets))
	work := make(chan repoTarget)
	// Enough repositories in flight to keep every request slot busy while each repository
	// asks its endpoints one after the other.
	workers := min(len(targets), 4*col.o.Concurrency)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				d, err := col.collectRepo(ctx, t)
				mu.Lock()
				if err != nil {
					reposRead = false
					failures = append(failures, err)
					var ae *apiError
					if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
						fatal = errors.Join(fatal, err)
					}
				} else {
					docs = append(docs, d)
				}
				done++
				col.progress(done, len(targets))
				mu.Unlock()
			}
		}()
	}
	for _, t := range targets {
		if ctx.Err() != nil {
			break
		}
		work <- t
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		fatal = errors.Join(fatal, fmt.Errorf("collection interrupted: %w", err))
		return docs, failures, fatal, nil
	}
	sort.Slice(failures, func(i, j int) bool { return failures[i].Error() < failures[j].Error() })
	if orgsRead {
		listed = append(listed, KindMembers, KindOrganization, KindSSO)
	}
	if reposRead {
		listed = append(listed, KindRepository)
	}
	sort.Strings(listed)
	return docs, failures, fatal, listed
}

// progress reports repositories done, with the requests and retries so far.
func (col *collector) progress(done, total int) {
	if col.o.Progress == nil {
		return
	}
	t := col.c.acct.totals()
	col.o.Progress.Report(evidence.Progress{Collector: CollectorName, Source: col.host, Unit: "repositories", Done: done, Total: total,
		Requests: t.calls, Retries: t.retries, Slept: t.slept})
}

func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func sortDocuments(docs []evidence.Document) {
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].Kind != docs[j].Kind {
			return docs[i].Kind < docs[j].Kind
		}
		return docs[i].ID < docs[j].ID
	})
}

// sourceURL is the API URL a document's facts came from (provenance.source).
func (col *collector) sourceURL(path string) string {
	return col.c.api.String() + path
}

// facts gathers one document's data and the errors of what could not be read.
type facts struct {
	col  *collector
	data map[string]any
	errs []evidence.Error
}

func (col *collector) newFacts() *facts {
	return &facts{col: col, data: map[string]any{}}
}

func (f *facts) set(field string, v any) { f.data[field] = v }

// unreadable records that a fact could not be read: null in the data and an error naming
// the permission and the endpoint. GitHub's refusals (401/403/404) are denials, so the
// rules needing that permission are skipped; anything else (5xx, an exhausted rate-limit
// budget, an undecodable answer) makes them errors.
func (f *facts) unreadable(field, permission, endpoint string, err error) {
	f.data[field] = nil
	f.failed(field, permission, endpoint, err)
}

// failed records the error of a fact nested deeper than the top level ("alerts.dependabot"),
// whose null the caller sets.
func (f *facts) failed(what, permission, endpoint string, err error) {
	f.errs = append(f.errs, factError(what, permission, endpoint, err))
	f.col.c.acct.book(endpoint, func(s *endpointStats) { s.errors++ })
}

func factError(field, permission, endpoint string, err error) evidence.Error {
	what := field
	if what == "" {
		what = "data"
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.denied() {
		answer := fmt.Sprintf("answered %d to %s", ae.Status, ae.Path)
		if ae.Method != "" && ae.Method != http.MethodGet {
			// GraphQL refuses inside a 200: name the request, not a status it never sent.
			answer = fmt.Sprintf("refused %s %s", ae.Method, ae.Path)
		}
		return evidence.Error{
			Message: fmt.Sprintf("%s not readable: GitHub %s (%s); needs %s (%s)",
				what, answer, strings.TrimSpace(firstLine(ae.Message)), permission, permissionName(permission)),
			Needs: permission, Denied: true,
		}
	}
	return evidence.Error{
		Message: fmt.Sprintf("%s not readable (%s): %v", what, endpoint, err),
		Needs:   permission,
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if line == "" {
		return "no message"
	}
	return line
}

// document seals the facts into an evidence document.
func (f *facts) document(kind, id, source string) (evidence.Document, error) {
	d := evidence.New(kind, id, f.col.at, evidence.Provenance{Collector: CollectorName, CollectorVersion: f.col.o.Version, Source: source})
	d.Data = f.data
	if len(f.errs) > 0 {
		d.Errors = append(d.Errors, f.errs...)
		sort.SliceStable(d.Errors, func(i, j int) bool { return d.Errors[i].Message < d.Errors[j].Message })
		d.Complete = false
	}
	return d, d.Seal()
}

// utc normalizes a GitHub timestamp to RFC 3339 in UTC; nil stays nil.
func utc(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return *s
	}
	return t.UTC().Format(time.RFC3339)
}

// identify names the principal the token acts as, for the ETag cache's keys: the login
// GraphQL's viewer reports (a user, or the bot of a GitHub App), on this API host. Asked once
// per run, and only with a cache. When it cannot be told (refused, failed), entries are kept
// per token instead (a hash of it, never the token): no reuse, and nothing shared.
func (col *collector) identify(ctx context.Context) {
	if col.cache == nil {
		return
	}
	var data struct {
		Viewer struct {
			Login string `json:"login"`
		} `json:"viewer"`
	}
	who := "token " + col.o.Token
	if err := col.c.query(ctx, epGraphQLViewer, `query { viewer { login } }`, nil, &data); err != nil || data.Viewer.Login == "" {
		col.o.Log.Debug("could not tell who the token acts as; cache entries are kept per token", "err", err)
	} else {
		who = "login " + strings.ToLower(data.Viewer.Login)
	}
	sum := sha256.Sum256([]byte("ismscheck cache principal\x00" + col.c.api.String() + "\x00" + who))
	col.cache.principal = hex.EncodeToString(sum[:16])
}
