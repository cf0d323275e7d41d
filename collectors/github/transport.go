package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrSleepBudget is returned (wrapped) when waiting out a rate limit would take the
// collection past Options.MaxSleep. The facts behind that request become errors
// (denied: false): a scan that gave up is reported as such, never as a clean partial pass.
var ErrSleepBudget = errors.New("rate-limit sleep budget exhausted")

// retryTransport handles GitHub's rate limits and transient failures below the client, so
// every caller gets the same, documented behaviour (GitHub docs, "Handling rate-limit
// responses"): honour retry-after; else, when x-ratelimit-remaining is 0, wait for
// x-ratelimit-reset; else back off exponentially from at least a minute. 5xx answers and
// network errors are retried a few times with a short backoff.
//
// A wait is shared: once one request learns that GitHub wants a pause, every request
// waits, since hammering on during a secondary limit only extends it. The budget charges
// wall time paused (not the sum over waiting goroutines).
type retryTransport struct {
	next http.RoundTripper
	acct *accounting

	rateLimitBackoff    time.Duration // first wait on a secondary limit without retry-after
	serverErrorBackoff  time.Duration // first wait after a 5xx or network error
	maxRateLimitRetries int
	maxServerRetries    int
	budget              time.Duration

	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu          sync.Mutex
	pausedUntil time.Time
	charged     time.Duration
}

func newRetryTransport(next http.RoundTripper, acct *accounting, budget, rateLimitBackoff, serverErrorBackoff time.Duration) *retryTransport {
	return &retryTransport{
		next: next, acct: acct, budget: budget,
		rateLimitBackoff: rateLimitBackoff, serverErrorBackoff: serverErrorBackoff,
		maxRateLimitRetries: 8, maxServerRetries: 3,
		now: time.Now, sleep: sleepContext,
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	endpoint := endpointOf(req)
	rateLimited, serverFailures := 0, 0
	for attempt := 0; ; attempt++ {
		if err := t.waitForPause(ctx, endpoint); err != nil {
			return nil, err
		}
		if attempt > 0 {
			t.acct.book(endpoint, func(s *endpointStats) { s.retries++ })
		}
		send, err := rewound(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.next.RoundTrip(send)
		switch {
		case err != nil:
			if ctx.Err() != nil || serverFailures >= t.maxServerRetries {
				return nil, err
			}
			serverFailures++
			if !t.pause(t.serverErrorBackoff << (serverFailures - 1)) {
				return nil, fmt.Errorf("%w after %v", ErrSleepBudget, err)
			}
		case isRateLimited(resp):
			wait := t.rateLimitWait(resp, rateLimited)
			discard(resp)
			if rateLimited >= t.maxRateLimitRetries {
				return nil, fmt.Errorf("rate limited by GitHub %d times in a row (status %d)", rateLimited+1, resp.StatusCode)
			}
			rateLimited++
			if !t.pause(wait) {
				return nil, fmt.Errorf("%w: GitHub asked to wait %v (status %d), which would exceed the budget of %v",
					ErrSleepBudget, wait.Round(time.Second), resp.StatusCode, t.budget)
			}
		case resp.StatusCode >= 500 && serverFailures < t.maxServerRetries:
			serverFailures++
			if !t.pause(t.serverErrorBackoff << (serverFailures - 1)) {
				return resp, nil
			}
			discard(resp)
		default:
			return resp, nil
		}
	}
}

// rewound is the request to send on this attempt. A GET carries no body and is sent again
// as it is; a POST (GraphQL) gets a fresh copy of its body, which the last attempt consumed.
func rewound(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 0 || req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	if req.GetBody == nil {
		return nil, fmt.Errorf("%s %s: cannot retry a request whose body cannot be read again", req.Method, req.URL.Path)
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	again := req.Clone(req.Context())
	again.Body = body
	return again, nil
}

// isRateLimited tells a rate-limit answer from a permission refusal: both can be 403, but
// only a rate limit carries the headers or says so in its message. GraphQL may also answer
// a spent quota with 200 and an error of type RATE_LIMITED.
func isRateLimited(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
	case http.StatusOK:
		if resp.Request == nil || resp.Request.Method != http.MethodPost || resp.Header.Get("X-Ratelimit-Remaining") != "0" {
			return false
		}
		return bodyContains(resp, []byte(`"RATE_LIMITED"`))
	default:
		return false
	}
	if resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		return true
	}
	return bodyContains(resp, []byte("rate limit"))
}

// bodyContains looks for needle (lower case) in the start of the body and leaves the body
// readable for the caller.
func bodyContains(resp *http.Response, needle []byte) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	rest := resp.Body
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), rest), rest}
	return err == nil && bytes.Contains(bytes.ToLower(body), bytes.ToLower(needle))
}

// rateLimitWait is how long GitHub wants us to wait before the next try.
func (t *retryTransport) rateLimitWait(resp *http.Response, previous int) time.Duration {
	if s := strings.TrimSpace(resp.Header.Get("Retry-After")); s != "" {
		if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(s); err == nil {
			return max(at.Sub(t.now()), 0)
		}
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if secs, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			// One second of slack: the reset is given in whole seconds.
			return max(time.Unix(secs, 0).Sub(t.now())+time.Second, 0)
		}
	}
	return t.rateLimitBackoff << previous
}

// pause extends the shared pause to now+d if that is later, charging the extension to the
// budget. It reports false, without pausing, when the budget cannot pay for it.
func (t *retryTransport) pause(d time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	until := now.Add(d)
	if !until.After(t.pausedUntil) {
		return true
	}
	extension := until.Sub(now)
	if t.pausedUntil.After(now) {
		extension = until.Sub(t.pausedUntil)
	}
	if t.charged+extension > t.budget {
		return false
	}
	t.charged += extension
	t.pausedUntil = until
	return true
}

// waitForPause sleeps while a shared pause is on, booking the time to the endpoint.
func (t *retryTransport) waitForPause(ctx context.Context, endpoint string) error {
	for {
		t.mu.Lock()
		d := t.pausedUntil.Sub(t.now())
		t.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := t.sleep(ctx, d); err != nil {
			return err
		}
		t.acct.book(endpoint, func(s *endpointStats) { s.slept += d })
	}
}

// sleptTotal is the wall time the collection was paused for.
func (t *retryTransport) sleptTotal() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.charged
}

// discard empties and closes a body so the connection can be reused.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}
