package github

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cachedHeaders are the only response headers kept on disk: what a later 200 needs to be
// read again (pagination, validators). Nothing from the request is stored, so neither the
// token nor anything derived from it can end up in the cache directory.
var cachedHeaders = []string{"Content-Type", "ETag", "Last-Modified", "Link"}

// maxCachedBody keeps one odd answer from filling the disk.
const maxCachedBody = 32 << 20

// etagCache makes every GET conditional on what the previous run saw. GitHub does not
// charge a 304 against the primary rate limit, so a warm nightly run costs little quota.
// It sits below the client: go-github style clients treat a 304 as an error, so on a 304
// the cached 200 is handed up instead.
//
// Tokens rotate (a GitHub App installation token lives an hour) while the principal behind
// them stays. GitHub's ETag is a SHA-256 over the request's Accept, Authorization and Cookie
// values, each followed by ":", then the body (observed behaviour, documented by
// bored-engineer/github-conditional-http-transport; not by GitHub). So the ETag the previous
// run stored cannot match a new token; the cache also sends the ETag GitHub would compute for
// the cached body under the current headers, and a rotated token still gets its 304.
//
// Entries are keyed by principal (the login GitHub reports for the token: a user, or an
// App's bot; see principal), method and URL, never by the token. Whatever the key, a cached
// body is only handed up after GitHub answered 304 to this very request, which it does only
// when this token would get exactly that body: another token that may see less gets a 200
// or a refusal, never someone else's cached answer.
type etagCache struct {
	dir       string
	next      http.RoundTripper
	log       *slog.Logger
	principal string // opaque id of who the token acts as; set once before the first GET
}

// expectedETag is the ETag GitHub would send for body under this request's headers.
func expectedETag(h http.Header, body []byte) string {
	sum := sha256.New()
	for _, name := range []string{"Accept", "Authorization", "Cookie"} {
		for _, v := range h.Values(name) {
			sum.Write([]byte(v))
			sum.Write([]byte{':'})
		}
	}
	sum.Write(body)
	return `"` + hex.EncodeToString(sum.Sum(nil)) + `"`
}

type cacheEntry struct {
	Key    string              `json:"key"`
	Header map[string][]string `json:"header"`
	Body   []byte              `json:"body"`
}

func (c *etagCache) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:])+".json")
}

// load returns the entry for key, or false when there is none or it cannot be trusted
// (unreadable, truncated, written for another key): a bad entry only costs a re-fetch.
func (c *etagCache) load(key string) (cacheEntry, bool) {
	var e cacheEntry
	raw, err := os.ReadFile(c.path(key))
	if err != nil {
		return e, false
	}
	if err := json.Unmarshal(raw, &e); err != nil || e.Key != key || e.Body == nil {
		c.log.Debug("ignoring a corrupt cache entry", "key", key)
		return e, false
	}
	return e, true
}

func (c *etagCache) store(key string, resp *http.Response, body []byte) {
	e := cacheEntry{Key: key, Header: map[string][]string{}, Body: body}
	for _, name := range cachedHeaders {
		if v := resp.Header.Values(name); len(v) > 0 {
			e.Header[http.CanonicalHeaderKey(name)] = v
		}
	}
	raw, err := json.Marshal(e)
	if err != nil {
		return
	}
	// Write then rename, so a crash or a concurrent run never leaves half an entry.
	tmp, err := os.CreateTemp(c.dir, ".entry-*")
	if err != nil {
		c.log.Debug("cache write failed", "err", err)
		return
	}
	_, werr := tmp.Write(raw)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path(key)) != nil {
		os.Remove(tmp.Name())
	}
}

// notCached names endpoints whose bodies must never reach the disk: a webhook's config.url
// can carry credentials (user:password@, ?token=, a Slack or Teams path that is itself the
// secret). Evidence keeps only scheme and host of it; the cache keeps nothing.
var notCached = map[string]bool{epOrgHooks: true, epRepoHooks: true}

func (c *etagCache) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || notCached[endpointOf(req)] {
		return c.next.RoundTrip(req)
	}
	key := c.principal + " " + req.Method + " " + req.URL.String()
	entry, cached := c.load(key)
	out := req
	if cached {
		out = req.Clone(req.Context())
		h := http.Header(entry.Header)
		tags := []string{expectedETag(req.Header, entry.Body)}
		if etag := h.Get("ETag"); etag != "" && strings.TrimPrefix(etag, "W/") != tags[0] {
			tags = append(tags, etag)
		}
		out.Header.Set("If-None-Match", strings.Join(tags, ", "))
		if lm := h.Get("Last-Modified"); lm != "" {
			out.Header.Set("If-Modified-Since", lm)
		}
	}
	resp, err := c.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && cached:
		discard(resp)
		return cachedResponse(req, entry), nil
	case resp.StatusCode == http.StatusOK && (resp.Header.Get("ETag") != "" || resp.Header.Get("Last-Modified") != ""):
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxCachedBody+1))
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if len(body) <= maxCachedBody {
			c.store(key, resp, body)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return resp, nil
}

func cachedResponse(req *http.Request, e cacheEntry) *http.Response {
	h := http.Header{}
	for k, v := range e.Header {
		h[http.CanonicalHeaderKey(k)] = v
	}
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(e.Body)), ContentLength: int64(len(e.Body)), Request: req,
	}
}
