package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxBody bounds one API answer read into memory.
const maxBody = 64 << 20

// client is a small GitHub REST client. It decodes into this package's own structs, which
// keep only the fields the evidence needs (an allow-list, so secrets such as a leaked
// secret's value in a secret-scanning alert never reach a document) and tolerate new enum
// values and rule types that break generated clients.
type client struct {
	api       *url.URL // ends in "/"
	http      *http.Client
	token     string
	userAgent string
	sem       chan struct{} // bounds requests in flight
	acct      *accounting
}

// apiError is a non-2xx answer from GitHub.
type apiError struct {
	Endpoint string // "GET /repos/{owner}/{repo}/..."
	Path     string // the path asked, without query
	Status   int
	Message  string // GitHub's own message
}

func (e *apiError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("GET %s: %d %s", e.Path, e.Status, msg)
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
	req, err := http.NewRequestWithContext(withEndpoint(ctx, endpoint), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", c.userAgent)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.scrub(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, c.scrub(fmt.Errorf("GET %s: reading the answer: %w", u.Path, err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var m struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &m)
		return nil, &apiError{Endpoint: endpoint, Path: u.Path, Status: resp.StatusCode, Message: c.scrubText(m.Message)}
	}
	return &apiResponse{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
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
