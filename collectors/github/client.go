package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	gogithub "github.com/google/go-github/v62/github"
)

// client asks GitHub through go-github v62 (authentication, headers, API version, error
// decoding) but decodes answers into this package's own structs with client.NewRequest +
// client.Do. Those keep only the fields the evidence needs (an allow-list, so secrets such
// as a leaked secret's value in a secret-scanning alert never reach a document) and tolerate
// the new enum values and ruleset rule types that make v62's typed methods fail to decode a
// whole response. Rate limits, retries and ETags live in the transport below go-github,
// because v62 reports a 429 as a plain ErrorResponse and a 304 as an error.
type client struct {
	api     *url.URL // ends in "/"
	graphql *url.URL // https://api.github.com/graphql; GHES: https://host/api/graphql
	gh      *gogithub.Client
	token   string
	sem     chan struct{} // bounds requests in flight
	acct    *accounting
}

// newGitHubClient builds the go-github client over the project's transport stack.
func newGitHubClient(api *url.URL, httpClient *http.Client, token, userAgent string) *gogithub.Client {
	httpClient.Transport = limitsOwnedBelow{httpClient.Transport}
	gh := gogithub.NewClient(httpClient)
	if token != "" {
		gh = gh.WithAuthToken(token)
	}
	// Set directly rather than WithEnterpriseURLs, which would append api/v3/ to any URL.
	gh.BaseURL = api
	gh.UserAgent = userAgent
	return gh
}

// apiError is a non-2xx answer from GitHub, or a GraphQL refusal (FORBIDDEN and the like),
// which GitHub sends as 200 with an errors array and is given the REST status it means.
type apiError struct {
	Endpoint string // "GET /repos/{owner}/{repo}/..."
	Method   string // "" means GET
	Path     string // the path asked, without query
	Status   int
	Message  string // GitHub's own message
}

func (e *apiError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	method := e.Method
	if method == "" {
		method = http.MethodGet
	}
	return fmt.Sprintf("%s %s: %d %s", method, e.Path, e.Status, msg)
}

// denied tells whether GitHub refused (or hid) the resource rather than failing.
func (e *apiError) denied() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || e.Status == http.StatusNotFound
}

func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// apiResponse is a 2xx answer.
type apiResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// escapePath joins path segments, escaping each (branch names may hold "/").
func escapePath(segments ...string) string {
	parts := make([]string, len(segments))
	for i, s := range segments {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// url resolves an escaped path (no leading slash) and query against the API root.
func (c *client) url(path string, query url.Values) (*url.URL, error) {
	u, err := url.Parse(c.api.String() + strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, err
	}
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return u, nil
}

// get asks one URL. Non-2xx answers come back as *apiError; rate limits and 5xx have
// already been retried below.
func (c *client) get(ctx context.Context, endpoint, path string, query url.Values) (*apiResponse, error) {
	u, err := c.url(path, query)
	if err != nil {
		return nil, err
	}
	return c.getURL(ctx, endpoint, u)
}

func (c *client) getURL(ctx context.Context, endpoint string, u *url.URL) (*apiResponse, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.sem }()
	req, err := c.gh.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	var body json.RawMessage
	resp, err := c.gh.Do(withEndpoint(ctx, endpoint), req, &body)
	if resp != nil && resp.Response != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		return nil, &apiError{Endpoint: endpoint, Path: u.Path, Status: resp.StatusCode, Message: c.scrubText(messageOf(err))}
	}
	if err != nil {
		return nil, c.scrub(err)
	}
	return &apiResponse{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// messageOf is GitHub's own message from the error types go-github decodes answers into.
func messageOf(err error) string {
	var er *gogithub.ErrorResponse
	var rl *gogithub.RateLimitError
	var ab *gogithub.AbuseRateLimitError
	switch {
	case errors.As(err, &er):
		return er.Message
	case errors.As(err, &rl):
		return rl.Message
	case errors.As(err, &ab):
		return ab.Message
	}
	return ""
}

// scrub keeps the token out of any error text, whatever a lower layer put there.
func (c *client) scrub(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return &scrubbedError{msg: c.scrubText(err.Error()), err: err}
}

func (c *client) scrubText(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[redacted]")
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// getJSON asks one URL and decodes the answer into out.
func (c *client) getJSON(ctx context.Context, endpoint, path string, query url.Values, out any) error {
	resp, err := c.get(ctx, endpoint, path, query)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("GET /%s: decoding the answer: %w", strings.TrimPrefix(path, "/"), err)
	}
	return nil
}

// pages asks path with per_page=100 and follows rel="next" links, handing each page's body
// to page. Following the links (rather than counting pages) works for both page-numbered
// endpoints and cursor-paginated ones such as Dependabot alerts, which reject page=.
func (c *client) pages(ctx context.Context, endpoint, path string, query url.Values, page func([]byte) error) error {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("per_page", "100")
	u, err := c.url(path, q)
	if err != nil {
		return err
	}
	for u != nil {
		resp, err := c.getURL(ctx, endpoint, u)
		if err != nil {
			return err
		}
		if err := page(resp.Body); err != nil {
			return fmt.Errorf("GET %s: decoding the answer: %w", u.Path, err)
		}
		next, err := c.nextPage(resp.Header)
		if err != nil {
			return err
		}
		u = next
	}
	return nil
}

// list collects every item of a paginated JSON array endpoint into out (a pointer to a slice).
func list[T any](ctx context.Context, c *client, endpoint, path string, query url.Values) ([]T, error) {
	all := []T{}
	err := c.pages(ctx, endpoint, path, query, func(body []byte) error {
		var items []T
		if err := json.Unmarshal(body, &items); err != nil {
			return err
		}
		all = append(all, items...)
		return nil
	})
	return all, err
}

// nextPage reads the rel="next" link. A link to another host is refused: following it
// would send the token somewhere else.
func (c *client) nextPage(h http.Header) (*url.URL, error) {
	for _, link := range h.Values("Link") {
		for _, part := range strings.Split(link, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			if !ok || !strings.Contains(params, `rel="next"`) {
				continue
			}
			u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
			if err != nil {
				return nil, fmt.Errorf("bad pagination link %q: %w", target, err)
			}
			if u.Scheme != c.api.Scheme || u.Host != c.api.Host {
				return nil, fmt.Errorf("refusing a pagination link to another host (%s)", u.Host)
			}
			return u, nil
		}
	}
	return nil, nil
}

// limitsOwnedBelow keeps go-github from acting on rate limits itself. After an answer with
// x-ratelimit-remaining: 0, v62 refuses further requests with a made-up 403 until the reset,
// which would read as a permission refusal and never reach the transport that waits within
// the sleep budget and accounts for it. go-github skips recording limits for answers marked
// X-From-Cache (its documented hook for caching transports); the retry transport below has
// already read the real headers.
type limitsOwnedBelow struct{ next http.RoundTripper }

func (t limitsOwnedBelow) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		resp.Header.Set("X-From-Cache", "1")
	}
	return resp, err
}
