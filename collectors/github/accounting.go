package github

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"
)

// endpointKey carries the endpoint template of a request ("GET /repos/{owner}/{repo}") down
// to the transports, so every layer books its work against the same name.
type endpointKey struct{}

func withEndpoint(ctx context.Context, endpoint string) context.Context {
	return context.WithValue(ctx, endpointKey{}, endpoint)
}

func endpointOf(req *http.Request) string {
	if e, ok := req.Context().Value(endpointKey{}).(string); ok {
		return e
	}
	return req.Method + " " + req.URL.Path
}

// endpointStats counts what one endpoint template cost.
type endpointStats struct {
	calls       int // requests that went on the wire, retries included
	notModified int // 304 answers: conditional requests that cost no quota
	retries     int
	slept       time.Duration
	errors      int // requests whose final answer became an evidence error
}

// accounting is the request ledger of one collection, shared by all transports.
type accounting struct {
	mu        sync.Mutex
	endpoints map[string]*endpointStats
}

func newAccounting() *accounting {
	return &accounting{endpoints: map[string]*endpointStats{}}
}

func (a *accounting) book(endpoint string, f func(*endpointStats)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.endpoints[endpoint]
	if s == nil {
		s = &endpointStats{}
		a.endpoints[endpoint] = s
	}
	f(s)
}

// totals sums every endpoint.
func (a *accounting) totals() endpointStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	var t endpointStats
	for _, s := range a.endpoints {
		t.calls += s.calls
		t.notModified += s.notModified
		t.retries += s.retries
		t.slept += s.slept
		t.errors += s.errors
	}
	return t
}

// stats is the ledger in the JSON-friendly form Coverage.Stats carries.
func (a *accounting) stats() map[string]any {
	a.mu.Lock()
	names := make([]string, 0, len(a.endpoints))
	for n := range a.endpoints {
		names = append(names, n)
	}
	sort.Strings(names)
	requests := make(map[string]any, len(names))
	for _, n := range names {
		requests[n] = a.endpoints[n].asMap()
	}
	a.mu.Unlock()
	t := a.totals()
	return map[string]any{"requests": requests, "totals": t.asMap()}
}

func (s endpointStats) asMap() map[string]any {
	return map[string]any{
		"calls":        s.calls,
		"not_modified": s.notModified,
		"retries":      s.retries,
		"slept_ms":     s.slept.Milliseconds(),
		"errors":       s.errors,
	}
}

// countingTransport sits right above the wire: it sees every attempt the retry layer makes
// and every 304 before the cache turns it into a 200.
type countingTransport struct {
	next http.RoundTripper
	acct *accounting
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	t.acct.book(endpointOf(req), func(s *endpointStats) {
		s.calls++
		if err == nil && resp.StatusCode == http.StatusNotModified {
			s.notModified++
		}
	})
	return resp, err
}
