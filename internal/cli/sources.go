package cli

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	awscollector "github.com/ismscheck/ismscheck/collectors/aws"
	ghcollector "github.com/ismscheck/ismscheck/collectors/github"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
)

// collectGitHub reads the organisations and repositories the config names. The token comes
// from GITHUB_TOKEN only; without it nothing is asked, and the GitHub rules are errors (the
// evidence was expected), never passes. asOf, when not zero, ends the audit-log window.
func collectGitHub(ctx context.Context, log *slog.Logger, progress evidence.ProgressFunc, src *config.GitHubSource, asOf time.Time) ([]evidence.Document, evidence.Coverage) {
	start := time.Now()
	apiURL := src.APIURL
	if apiURL == "" {
		apiURL = os.Getenv("GITHUB_API_URL")
	}
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		return nil, evidence.Coverage{Collector: ghcollector.CollectorName, Source: orDefault(apiURL, ghcollector.DefaultAPIURL), Status: evidence.CoverageError,
			Kinds:  []string{ghcollector.KindOrganization, ghcollector.KindMembers, ghcollector.KindRepository, ghcollector.KindSSO},
			Errors: []evidence.Error{{Message: "GITHUB_TOKEN is not set: give a fine-grained token or GitHub App installation token with the permissions `ismscheck permissions --github` lists"}}}
	}
	docs, cov, err := ghcollector.Collect(ctx, ghcollector.Options{
		APIURL: apiURL, Token: token, Orgs: src.Orgs, Enterprise: src.Enterprise, Repos: src.Repos, Include: src.Include, Exclude: src.Exclude,
		IncludeArchived: src.IncludeArchived, CriticalRepos: src.CriticalRepos, CacheDir: cacheDir(log, src.Cache, "github"),
		Concurrency: src.Concurrency, ActivityDays: src.ActivityDays, ActivityLookups: src.MaxActivityLookups, AsOf: asOf, MaxSleep: src.RateLimitWait(), Version: Version, Log: log, Progress: progress,
	})
	if err != nil {
		log.Error("github collector failed", "err", err)
	}
	log.Info("collected", "collector", "github", "documents", len(docs), "status", cov.Status, "took", time.Since(start).Round(time.Millisecond))
	return docs, cov
}

// awsHTTPClient replaces the SDK's HTTP client in tests (nil: the SDK's own). A loopback
// fake AWS cannot be reached through AWS_ENDPOINT_URL alone: S3 puts the bucket and S3
// Control the account id in front of the endpoint's host name.
var awsHTTPClient *awshttp.BuildableClient

// collectAWS reads the accounts the config names with the SDK's default credential chain.
func collectAWS(ctx context.Context, log *slog.Logger, progress evidence.ProgressFunc, src *config.AWSSource) ([]evidence.Document, evidence.Coverage) {
	start := time.Now()
	docs, cov, err := awscollector.Collect(ctx, awscollector.Options{
		Accounts: src.Accounts, UseOrganizations: src.Organizations, RoleName: src.RoleName, ExternalID: src.ExternalID,
		SessionDuration: src.Session(), Regions: src.Regions, Profile: src.Profile, Concurrency: src.Concurrency,
		ClassificationTag: src.ClassificationTag, Version: Version, Log: log, Progress: progress, HTTPClient: awsHTTPClient,
	})
	if err != nil {
		log.Error("aws collector failed", "err", err)
	}
	log.Info("collected", "collector", "aws", "documents", len(docs), "status", cov.Status, "took", time.Since(start).Round(time.Millisecond))
	return docs, cov
}

// cacheDir is where conditional-request caches live across runs: the configured directory,
// none for "off", else the user's cache directory.
func cacheDir(log *slog.Logger, configured, source string) string {
	switch configured {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			log.Warn("no user cache directory: requests will not be cached across runs", "err", err)
			return ""
		}
		return filepath.Join(base, "ismscheck", source)
	}
	return configured
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
