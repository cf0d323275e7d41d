package github

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scripted answers with the given responses in turn, then 200.
func scripted(t *testing.T, answers ...func(w http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(answers) {
			answers[i](w)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func status(code int, headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"message":"x"}`)
	}
}

// recordingSleep replaces real sleeping and notes each wait.
func newTestRetry(budget time.Duration) (*retryTransport, *[]time.Duration) {
	var waits []time.Duration
	clock := time.Unix(1_700_000_000, 0)
	rt := newRetryTransport(http.DefaultTransport, newAccounting(), budget, time.Minute, time.Second)
	rt.now = func() time.Time { return clock }
	rt.sleep = func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		clock = clock.Add(d)
		return nil
	}
	return rt, &waits
}

func TestRetryTransportWaits(t *testing.T) {
	reset := strconv.FormatInt(time.Unix(1_700_000_000, 0).Add(90*time.Second).Unix(), 10)
	cases := []struct {
		name   string
		answer func(w http.ResponseWriter)
		want   time.Duration
	}{
		{"retry-after wins", status(429, "Retry-After", "7", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), 7 * time.Second},
		{"primary limit waits for the reset", status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), 91 * time.Second},
		{"secondary limit without headers backs off from a minute", func(w http.ResponseWriter) {
			w.WriteHeader(403)
			_, _ = io.WriteString(w, `{"message":"You have exceeded a secondary rate limit."}`)
		}, time.Minute},
		{"5xx backs off briefly", status(502), time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, n := scripted(t, c.answer)
			rt, waits := newTestRetry(time.Hour)
			resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, int32(2), n.Load())
			assert.Equal(t, []time.Duration{c.want}, *waits)
		})
	}
}

func TestForbiddenWithoutRateLimitSignsIsNotRetried(t *testing.T) {
	srv, n := scripted(t, status(403))
	rt, waits := newTestRetry(time.Hour)
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Equal(t, `{"message":"x"}`, string(body), "the body read to look for a rate-limit message is handed on")
	assert.Equal(t, int32(1), n.Load())
	assert.Empty(t, *waits)
}

func TestExponentialBackoffAndBudget(t *testing.T) {
	limited := func(w http.ResponseWriter) { w.WriteHeader(429) }
	srv, _ := scripted(t, limited, limited, limited, limited)
	rt, waits := newTestRetry(4 * time.Minute)
	_, err := (&http.Client{Transport: rt}).Get(srv.URL)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrSleepBudget), err)
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute}, *waits, "the third wait (4m) would pass the 4m budget")
	assert.Equal(t, 3*time.Minute, rt.sleptTotal())
}

func TestServerErrorsGiveUpWithTheLastAnswer(t *testing.T) {
	srv, n := scripted(t, status(500), status(502), status(503), status(504), status(500))
	rt, _ := newTestRetry(time.Hour)
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 504, resp.StatusCode)
	assert.Equal(t, int32(4), n.Load(), "one try and three retries")
}

func TestNextPageStaysOnTheAPIHost(t *testing.T) {
	c := &client{}
	c.api, _ = c.api.Parse("https://api.github.com/")
	h := http.Header{}
	h.Set("Link", `<https://api.github.com/resource?page=2>; rel="next", <https://api.github.com/resource?page=5>; rel="last"`)
	u, err := c.nextPage(h)
	require.NoError(t, err)
	assert.Equal(t, "https://api.github.com/resource?page=2", u.String())

	h.Set("Link", `<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next"`)
	u, err = c.nextPage(h)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(u.String(), "page=4"))

	h.Set("Link", `<https://evil.example/steal?page=2>; rel="next"`)
	_, err = c.nextPage(h)
	assert.Error(t, err)

	h.Set("Link", `<https://api.github.com/resource?page=5>; rel="last"`)
	u, err = c.nextPage(h)
	require.NoError(t, err)
	assert.Nil(t, u)
}

// After an answer saying the quota is spent, go-github v62 on its own would refuse every
// further request with a made-up 403 until the reset: a permission refusal that never
// happened. The client must keep asking, so the retry transport can wait within its budget.
func TestGoGitHubDoesNotInventRefusalsAfterTheQuotaRunsOut(t *testing.T) {
	reset := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	spent := func(w http.ResponseWriter) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", reset)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}
	srv, n := scripted(t, spent)
	o := Options{APIURL: srv.URL + "/", Token: "t0ken", Concurrency: 1}.withDefaults()
	col, err := newCollector(o)
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		resp, err := col.c.get(context.Background(), epOrg, "orgs/acme", nil)
		require.NoError(t, err, "request %d", i+1)
		assert.Equal(t, http.StatusOK, resp.Status)
	}
	assert.Equal(t, int32(2), n.Load(), "both requests reached GitHub")
}
