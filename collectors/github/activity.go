package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Reading the audit log for member inactivity (GH-20). GitHub has no last-activity date
// per member; the organization audit log (GitHub Enterprise Cloud only) is the record of
// who did something. The cheapest honest read: page through the window's events newest
// first and stop as soon as every member and outside collaborator has been seen; when a few
// pages have not seen everyone, ask once per login still missing (actor:<login>, one event),
// for at most Options.ActivityLookups logins per organization: an organization with
// thousands of silent members would otherwise cost thousands of requests. The logins beyond
// the bound are named in not_looked_up, so GH-20 calls them neither active nor inactive.
// Only the actor and the time of each event are kept.
const (
	// DefaultActivityDays is the look-back of the audit log read.
	DefaultActivityDays = 90
	// DefaultActivityLookups bounds the per-login requests after the scan, per organization.
	DefaultActivityLookups = 200
	// activityScanPages bounds the newest-first scan before asking per login.
	activityScanPages = 10
)

type auditEventJSON struct {
	Actor     string      `json:"actor"`
	Timestamp json.Number `json:"@timestamp"`
	CreatedAt json.Number `json:"created_at"`
}

// eventTime is an audit-log event's time (milliseconds since the epoch).
func (e auditEventJSON) eventTime() (time.Time, bool) {
	for _, n := range []json.Number{e.Timestamp, e.CreatedAt} {
		if ms, err := n.Int64(); err == nil && ms > 0 {
			return time.UnixMilli(ms).UTC(), true
		}
	}
	return time.Time{}, false
}

// activity reads when each of logins last acted in the organization's audit log within the
// window. The answer names the window, so a rule can tell "no event since" from "not read".
func (col *collector) activity(ctx context.Context, org string, logins []string) (map[string]any, error) {
	days := col.o.ActivityDays
	end := col.at
	// created:>=since counts up to the collection time. With an as-of date the window ends
	// with that day (a range includes both days): an event after it must not make a login
	// look active as of it.
	var until time.Time
	if !col.o.AsOf.IsZero() {
		end = col.o.AsOf // the rule judges inactivity as of the run's date: the window must reach back from it
		asOfDay := col.o.AsOf.UTC().Truncate(24 * time.Hour)
		until = asOfDay.AddDate(0, 0, 1)
	}
	since := end.UTC().AddDate(0, 0, -days).Format("2006-01-02")
	created := "created:>=" + since
	if !until.IsZero() {
		created = "created:" + since + ".." + until.AddDate(0, 0, -1).Format("2006-01-02")
	}
	wanted := map[string]string{} // lower case → login as listed
	for _, l := range logins {
		wanted[strings.ToLower(l)] = l
	}
	seen := map[string]string{} // lower-case login → newest event time
	// Logins with an event in the window, dated or not. An event without a readable time
	// still says the login acted: it is not missing (never judged inactive) and not asked
	// about again, but it is named undated unless a dated event says when.
	answered := map[string]bool{}
	note := func(events []auditEventJSON) {
		for _, e := range events {
			key := strings.ToLower(e.Actor)
			if _, ok := wanted[key]; !ok {
				continue
			}
			t, ok := e.eventTime()
			if !ok {
				answered[key] = true
				continue
			}
			if !until.IsZero() && !t.Before(until) {
				continue // after the as-of day: the query excludes it, a server that ignored the bound may not
			}
			answered[key] = true
			at := t.Format(time.RFC3339)
			if prev, ok := seen[key]; !ok || at > prev {
				seen[key] = at
			}
		}
	}
	path := "orgs/" + escapePath(org) + "/audit-log"
	u, err := col.c.url(path, url.Values{"phrase": {created}, "order": {"desc"}, "per_page": {"100"}})
	if err != nil {
		return nil, err
	}
	for page := 0; u != nil && len(answered) < len(wanted); page++ {
		if page == activityScanPages {
			break
		}
		events, next, err := col.auditPage(ctx, u)
		if err != nil {
			return nil, err
		}
		note(events)
		u = next
	}
	notLookedUp := []any{}
	if u != nil && len(answered) < len(wanted) {
		// More events than the scan read: ask for each login still missing, up to the bound.
		skipped, err := col.activityPerLogin(ctx, path, created, wanted, answered, note)
		if err != nil {
			return nil, err
		}
		for _, l := range skipped {
			notLookedUp = append(notLookedUp, l)
		}
		if len(skipped) > 0 {
			col.o.Log.Warn("audit log: logins not looked up one by one (sources.github.max_activity_lookups); GH-20 does not judge them",
				"org", org, "not_looked_up", len(skipped), "max_activity_lookups", col.o.ActivityLookups)
		}
	}
	active := make([]any, 0, len(seen))
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return wanted[keys[i]] < wanted[keys[j]] })
	for _, k := range keys {
		active = append(active, map[string]any{"login": wanted[k], "last_event_at": seen[k]})
	}
	undated := []any{}
	for _, l := range sortedUndated(wanted, answered, seen) {
		undated = append(undated, l)
	}
	var untilField any // null: up to the collection time
	if !until.IsZero() {
		untilField = until.Format(time.RFC3339)
	}
	return map[string]any{"source": "audit_log", "since": since + "T00:00:00Z", "until": untilField, "window_days": days,
		"active": active, "undated": undated, "not_looked_up": notLookedUp}, nil
}

// sortedUndated are the logins (as listed) that acted in the window with no event saying when.
func sortedUndated(wanted map[string]string, answered map[string]bool, seen map[string]string) []string {
	var out []string
	for k := range answered {
		if _, dated := seen[k]; !dated {
			out = append(out, wanted[k])
		}
	}
	sort.Strings(out)
	return out
}

// activityPerLogin asks for the newest event of each login not seen yet, the first
// Options.ActivityLookups of them in login order (the same ones run after run), and returns
// the logins it did not ask for.
func (col *collector) activityPerLogin(ctx context.Context, path, created string, wanted map[string]string, answered map[string]bool, note func([]auditEventJSON)) ([]string, error) {
	var missing []string
	for k, l := range wanted {
		if !answered[k] {
			missing = append(missing, l)
		}
	}
	sort.Strings(missing)
	var skipped []string
	if len(missing) > col.o.ActivityLookups {
		missing, skipped = missing[:col.o.ActivityLookups], missing[col.o.ActivityLookups:]
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(missing))
	for i, login := range missing {
		wg.Add(1)
		go func() { // the client's semaphore bounds the requests in flight
			defer wg.Done()
			u, err := col.c.url(path, url.Values{"phrase": {"actor:" + login + " " + created}, "order": {"desc"}, "per_page": {"1"}})
			if err == nil {
				var events []auditEventJSON
				if events, _, err = col.auditPage(ctx, u); err == nil {
					mu.Lock()
					note(events)
					mu.Unlock()
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return skipped, errors.Join(errs...)
}

// auditPage reads one page of audit-log events and the cursor link to the next. A 404 is
// what GitHub answers organizations not on GitHub Enterprise Cloud; the message says so.
func (col *collector) auditPage(ctx context.Context, u *url.URL) ([]auditEventJSON, *url.URL, error) {
	resp, err := col.c.getURL(ctx, epOrgAuditLog, u)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			copied := *ae
			copied.Message = strings.TrimSpace(firstLine(ae.Message) + "; the audit log API exists on GitHub Enterprise Cloud only, and answers organization owners")
			return nil, nil, &copied
		}
		return nil, nil, err
	}
	var events []auditEventJSON
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.UseNumber()
	if err := dec.Decode(&events); err != nil {
		return nil, nil, fmt.Errorf("GET %s: decoding the answer: %w", u.Path, err)
	}
	next, err := col.c.nextPage(resp.Header)
	return events, next, err
}
