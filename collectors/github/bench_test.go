package github

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
)

// BenchmarkCollectOrg2000 collects a synthetic organization of 2,000 repositories (10%
// archived, 70% with rulesets, 25% with classic protection) from the fake API with 50 ms of
// latency per request, cold and then warm from the ETag cache. It reports the wall time of
// both runs, the requests made against the floor the facts need, and the share of 304s on
// the warm run. It takes minutes, so run it alone:
//
//	go test ./collectors/github -run '^$' -bench CollectOrg2000 -benchtime 1x
//
// ISMSCHECK_BENCH_REPOS and ISMSCHECK_BENCH_LATENCY (a Go duration) shrink it.
func BenchmarkCollectOrg2000(b *testing.B) {
	repos := envInt("ISMSCHECK_BENCH_REPOS", 2000)
	latency := 50 * time.Millisecond
	if d, err := time.ParseDuration(os.Getenv("ISMSCHECK_BENCH_LATENCY")); err == nil {
		latency = d
	}
	org := syntheticOrg(repos)
	floor := requestFloor(org)
	srv := startFake(b, org)
	srv.Latency = latency

	for b.Loop() {
		o := testOptions(srv, org.Login)
		o.CacheDir = b.TempDir()
		srv.ResetCounts()
		start := time.Now()
		docs, cov, err := Collect(context.Background(), o)
		cold := time.Since(start)
		if err != nil || cov.Status != "ok" {
			b.Fatalf("cold run: %v %s %v", err, cov.Status, cov.Errors)
		}
		coldRequests := srv.Total().Requests

		srv.ResetCounts()
		start = time.Now()
		warmDocs, _, err := Collect(context.Background(), o)
		warm := time.Since(start)
		if err != nil || len(warmDocs) != len(docs) {
			b.Fatalf("warm run: %v", err)
		}
		w := srv.Total()

		b.ReportMetric(cold.Seconds(), "cold_s")
		b.ReportMetric(warm.Seconds(), "warm_s")
		b.ReportMetric(float64(coldRequests), "requests")
		b.ReportMetric(float64(floor), "floor")
		b.ReportMetric(float64(coldRequests)/float64(floor), "ratio")
		b.ReportMetric(float64(w.NotModified)/float64(w.Requests), "warm_304_share")
		b.ReportMetric(float64(len(docs)), "documents")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func syntheticOrg(n int) *fakegithub.Org {
	org := &fakegithub.Org{Login: "bench"}
	for i := range 300 {
		if i%30 == 0 {
			org.Admins = append(org.Admins, fmt.Sprintf("owner-%03d", i))
		} else {
			org.Members = append(org.Members, fmt.Sprintf("member-%03d", i))
		}
	}
	for i := range n {
		r := &fakegithub.Repo{
			Name:          fmt.Sprintf("repo-%04d", i),
			Archived:      i%10 == 9,
			NoBranchRules: i%10 >= 7,             // 70% under rulesets
			Unprotected:   i%20 != 0 && i%4 != 1, // about 25% with classic protection
		}
		org.Repos = append(org.Repos, r)
	}
	return org
}

// requestFloor counts the requests the facts cannot do without, from the model alone:
// listing pages, the organization's own endpoints, and per repository in scope one call per
// endpoint that has no bulk form, plus the directory listings, workflow files and ruleset
// details that this repository's content makes necessary.
func requestFloor(org *fakegithub.Org) int {
	pages := func(n int) int { return max(1, (n+99)/100) }
	floor := pages(len(org.Repos)) // repository listing
	floor += 1 + 3 + 1 + 2 + 2     // org, Actions (permissions, selected actions, workflow), rulesets list + 2 details, installations, hooks
	floor += pages(len(org.Admins)) + pages(len(org.Members)) + pages(0) + pages(len(org.Outside))
	// Audit log for GH-20, newest first until every member and outside collaborator has been
	// seen: the model gives each one event, so a page per 100 of them at best.
	floor += pages(len(org.Admins) + len(org.Members) + len(org.Outside))
	floor++ // GraphQL: the SAML identity provider (a page per 100 identities; none here)
	floor++ // GraphQL viewer: who the token acts as, keying the ETag cache (runs with a cache)
	for _, r := range org.Repos {
		if r.Archived {
			continue
		}
		// repo detail (security_and_analysis), protection, branch rules, vulnerability-alerts,
		// private vulnerability reporting, code scanning default setup, 3 alert lists, Actions
		// permissions + workflow permissions, deploy keys, admin collaborators, environments,
		// webhooks, root listing.
		floor += 16
		if !r.NoBranchRules {
			floor += 2 // rulesets 42 and 73 named by the branch rules
		}
		files := fakegithub.DefaultFiles
		if r.Files != nil {
			files = r.Files
		}
		dirs := map[string]bool{}
		for p := range files {
			if i := strings.LastIndex(p, "/"); i > 0 {
				dirs[p[:i]] = true
			}
			if strings.HasPrefix(p, workflowsDir+"/") {
				floor++
			}
			if p == ".github/CODEOWNERS" || p == "CODEOWNERS" || p == "docs/CODEOWNERS" {
				floor++ // codeowners errors
			}
		}
		for _, d := range []string{".github", "docs", ".gitlab", workflowsDir} {
			if dirs[d] {
				floor++
			}
		}
	}
	return floor
}

// TestSyntheticOrgSmall runs the benchmark's organization at a small size in the normal
// suite, so the floor arithmetic and the warm run stay right between benchmark runs.
func TestSyntheticOrgSmall(t *testing.T) {
	org := syntheticOrg(40)
	srv := startFake(t, org)
	o := testOptions(srv, org.Login)
	o.CacheDir = t.TempDir()
	docs, _ := collect(t, o)
	assert := func(cond bool, format string, args ...any) {
		t.Helper()
		if !cond {
			t.Errorf(format, args...)
		}
	}
	assert(len(docs) == 3+36, "documents: %d", len(docs))
	got := srv.Total().Requests
	assert(got == requestFloor(org), "requests %d, floor %d", got, requestFloor(org))
	srv.ResetCounts()
	collect(t, o)
	w := srv.Total()
	// Only answers without a body cannot be conditional (the 204 of vulnerability-alerts
	// and the 404 "Branch not protected"), nor can GraphQL; webhook lists are never cached.
	uncacheable := 2 + 1 // the GraphQL POSTs (SAML, viewer): GitHub sends no ETag for GraphQL; org hooks
	for _, r := range org.Repos {
		if !r.Archived {
			uncacheable += 2 // vulnerability-alerts 204, repository hooks
			if r.Unprotected {
				uncacheable++
			}
		}
	}
	assert(w.Requests-w.NotModified == uncacheable, "warm run: %d requests, %d not 304, want %d", w.Requests, w.Requests-w.NotModified, uncacheable)
}
