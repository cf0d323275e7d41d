package config

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
)

// GitHubSource is the GitHub organisations and repositories whose settings are evidence.
// The token comes from GITHUB_TOKEN, never from this file.
type GitHubSource struct {
	// APIURL is the REST API root; empty means GITHUB_API_URL, else https://api.github.com.
	APIURL string   `yaml:"api_url" json:"api_url,omitempty"`
	Orgs   []string `yaml:"orgs" json:"orgs,omitempty"`
	// Enterprise is the slug of the enterprise whose SAML identity provider covers the orgs
	// when they have none of their own (GH-02); empty means organisation-level SAML only.
	Enterprise string `yaml:"enterprise" json:"enterprise,omitempty"`
	// Repos are extra repositories, "owner/name", outside the listed organisations.
	Repos []string `yaml:"repos" json:"repos,omitempty"`
	// Include and Exclude are patterns on repository names ("api-*"); exclude wins.
	Include         []string `yaml:"include" json:"include,omitempty"`
	Exclude         []string `yaml:"exclude" json:"exclude,omitempty"`
	IncludeArchived bool     `yaml:"include_archived" json:"include_archived,omitempty"`
	// CriticalRepos are patterns of repositories held to the stricter thresholds.
	CriticalRepos []string `yaml:"critical_repos" json:"critical_repos,omitempty"`
	Concurrency   int      `yaml:"concurrency" json:"concurrency,omitempty"`
	// ActivityDays is how far back the organisation audit log is read for member inactivity
	// (GH-20); 0 means 90. It should be at least the rule's inactive_days.
	ActivityDays int `yaml:"activity_days" json:"activity_days,omitempty"`
	// MaxActivityLookups bounds the one-request-per-login audit-log questions per organisation
	// when the first pages of the log have not seen everyone; 0 means 200. Logins beyond it
	// are reported as not looked up, and GH-20 does not judge them.
	MaxActivityLookups int `yaml:"max_activity_lookups" json:"max_activity_lookups,omitempty"`
	// Cache is the directory for conditional-request (ETag) caching across runs; empty
	// means the user's cache directory, "off" means none.
	Cache string `yaml:"cache" json:"cache,omitempty"`
	// MaxRateLimitWait caps the total time spent waiting out rate limits ("10m"); past it
	// the unread facts become errors rather than a silently partial scan.
	MaxRateLimitWait string `yaml:"max_rate_limit_wait" json:"max_rate_limit_wait,omitempty"`
}

// AWSSource is the AWS accounts whose configuration is evidence. Credentials come from the
// SDK's default chain (environment, AWS_PROFILE, SSO, instance roles), never from this file.
type AWSSource struct {
	Accounts []string `yaml:"accounts" json:"accounts,omitempty"`
	// Organizations lists the accounts with organizations:ListAccounts instead.
	Organizations   bool     `yaml:"organizations" json:"organizations,omitempty"`
	RoleName        string   `yaml:"role_name" json:"role_name,omitempty"`
	ExternalID      string   `yaml:"external_id" json:"external_id,omitempty"`
	SessionDuration string   `yaml:"session_duration" json:"session_duration,omitempty"`
	Regions         []string `yaml:"regions" json:"regions,omitempty"`
	Profile         string   `yaml:"profile" json:"profile,omitempty"`
	Concurrency     int      `yaml:"concurrency" json:"concurrency,omitempty"`
	// ClassificationTag is the tag that marks buckets and databases holding classified data.
	ClassificationTag string `yaml:"classification_tag" json:"classification_tag,omitempty"`
}

// RateLimitWait is MaxRateLimitWait as a duration (0 when unset: the collector's default).
func (g *GitHubSource) RateLimitWait() time.Duration {
	d, _ := time.ParseDuration(g.MaxRateLimitWait)
	return d
}

// Session is SessionDuration as a duration (0 when unset: the SDK's default).
func (a *AWSSource) Session() time.Duration {
	d, _ := time.ParseDuration(a.SessionDuration)
	return d
}

var (
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
	regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	repoName   = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
)

func (c *Config) validateSources() error {
	if g := c.Sources.GitHub; g != nil {
		at := func(key string) int { return c.line("sources.github." + key) }
		if len(g.Orgs) == 0 && len(g.Repos) == 0 {
			return fmt.Errorf("%s:%d: sources.github names no orgs and no repos", c.Path, c.line("sources.github"))
		}
		for _, r := range g.Repos {
			if !repoName.MatchString(r) {
				return fmt.Errorf("%s:%d: sources.github.repos: %q is not owner/name", c.Path, at("repos"), r)
			}
		}
		for key, patterns := range map[string][]string{"include": g.Include, "exclude": g.Exclude, "critical_repos": g.CriticalRepos} {
			for _, p := range patterns {
				if _, err := path.Match(p, ""); err != nil {
					return fmt.Errorf("%s:%d: sources.github.%s: bad pattern %q", c.Path, at(key), key, p)
				}
			}
		}
		if g.APIURL != "" && !strings.HasPrefix(g.APIURL, "https://") && !strings.HasPrefix(g.APIURL, "http://") {
			return fmt.Errorf("%s:%d: sources.github.api_url %q: want an http(s) URL", c.Path, at("api_url"), g.APIURL)
		}
		if g.Concurrency < 0 || g.Concurrency > 100 {
			// GitHub's secondary limit allows 100 concurrent requests in all.
			return fmt.Errorf("%s:%d: sources.github.concurrency must be between 1 and 100", c.Path, at("concurrency"))
		}
		if g.ActivityDays < 0 || g.ActivityDays > 180 {
			// GitHub keeps the organisation audit log's web events for 180 days.
			return fmt.Errorf("%s:%d: sources.github.activity_days must be between 1 and 180", c.Path, at("activity_days"))
		}
		if g.MaxActivityLookups < 0 {
			return fmt.Errorf("%s:%d: sources.github.max_activity_lookups must be at least 1", c.Path, at("max_activity_lookups"))
		}
		if g.MaxRateLimitWait != "" {
			if d, err := time.ParseDuration(g.MaxRateLimitWait); err != nil || d < 0 {
				return fmt.Errorf("%s:%d: sources.github.max_rate_limit_wait %q: want a duration such as 10m", c.Path, at("max_rate_limit_wait"), g.MaxRateLimitWait)
			}
		}
	}
	if a := c.Sources.AWS; a != nil {
		at := func(key string) int { return c.line("sources.aws." + key) }
		for _, id := range a.Accounts {
			if !accountID.MatchString(id) {
				return fmt.Errorf("%s:%d: sources.aws.accounts: %q is not a 12-digit account id", c.Path, at("accounts"), id)
			}
		}
		for _, r := range a.Regions {
			if !regionName.MatchString(r) {
				return fmt.Errorf("%s:%d: sources.aws.regions: %q is not a region name such as eu-west-1", c.Path, at("regions"), r)
			}
		}
		if (a.Organizations || len(a.Accounts) > 0) && a.RoleName == "" && (a.Organizations || len(a.Accounts) > 1) {
			return fmt.Errorf("%s:%d: sources.aws: reading several accounts needs role_name, the role to assume in each", c.Path, c.line("sources.aws"))
		}
		if a.SessionDuration != "" {
			if d, err := time.ParseDuration(a.SessionDuration); err != nil || d < 15*time.Minute || d > 12*time.Hour {
				return fmt.Errorf("%s:%d: sources.aws.session_duration %q: want a duration between 15m and 12h", c.Path, at("session_duration"), a.SessionDuration)
			}
		}
		if a.Concurrency < 0 {
			return fmt.Errorf("%s:%d: sources.aws.concurrency must be at least 1", c.Path, at("concurrency"))
		}
	}
	return nil
}
