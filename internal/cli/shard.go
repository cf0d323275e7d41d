package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/config"
)

// Source names as `collect --only` takes them.
const (
	sourceISMS   = "isms"
	sourceGitHub = "github"
	sourceAWS    = "aws"
)

// shardFlags restrict one collection to part of the configured sources, so a CI matrix
// collects GitHub organisations and AWS accounts in parallel and `evaluate` merges the
// bundles. The bundle still records the whole configuration: a merged evaluation must know
// every source the organisation configured, not only the ones this shard read.
type shardFlags struct {
	only        []string
	githubOrgs  []string
	awsAccounts []string
	list        bool
}

func (s *shardFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringSliceVar(&s.only, "only", nil, "collect only these sources: isms (with its Git history), github, aws (comma list or repeated)")
	cmd.Flags().StringSliceVar(&s.githubOrgs, "github-org", nil, "collect only this GitHub organisation (or owner of configured repos); implies --only github")
	cmd.Flags().StringSliceVar(&s.awsAccounts, "aws-account", nil, "collect only this AWS account id; implies --only aws")
	cmd.Flags().BoolVar(&s.list, "shards", false, "print the shards of the configuration as a JSON list for a CI matrix, and collect nothing")
}

func (s *shardFlags) restricted() bool {
	return len(s.only) > 0 || len(s.githubOrgs) > 0 || len(s.awsAccounts) > 0
}

var awsAccountID = regexp.MustCompile(`^[0-9]{12}$`)

// apply returns the configuration to collect with: a copy of cfg holding only the selected
// sources, organisations and accounts. cfg itself is left whole for the manifest.
func (s *shardFlags) apply(cfg *config.Config) (*config.Config, error) {
	if !s.restricted() {
		return cfg, nil
	}
	only := map[string]bool{}
	for _, name := range s.only {
		name = strings.TrimSpace(name)
		switch name {
		case sourceISMS, sourceGitHub, sourceAWS:
			only[name] = true
		default:
			return nil, usageError{fmt.Errorf("--only %q: want isms, github or aws", name)}
		}
	}
	if len(s.only) == 0 {
		only[sourceGitHub] = len(s.githubOrgs) > 0
		only[sourceAWS] = len(s.awsAccounts) > 0
	}
	if len(s.githubOrgs) > 0 && !only[sourceGitHub] {
		return nil, usageError{errors.New("--github-org needs the github source, which --only leaves out")}
	}
	if len(s.awsAccounts) > 0 && !only[sourceAWS] {
		return nil, usageError{errors.New("--aws-account needs the aws source, which --only leaves out")}
	}
	shard := *cfg
	shard.Sources = config.Sources{}
	if only[sourceISMS] {
		if cfg.Sources.ISMS == nil {
			return nil, usageError{fmt.Errorf("--only isms: %s configures no sources.isms", configName(cfg))}
		}
		shard.Sources.ISMS = cfg.Sources.ISMS
	}
	if only[sourceGitHub] {
		gh, err := s.github(cfg)
		if err != nil {
			return nil, err
		}
		shard.Sources.GitHub = gh
	}
	if only[sourceAWS] {
		a, err := s.aws(cfg)
		if err != nil {
			return nil, err
		}
		shard.Sources.AWS = a
	}
	return &shard, nil
}

func (s *shardFlags) github(cfg *config.Config) (*config.GitHubSource, error) {
	src := cfg.Sources.GitHub
	if src == nil {
		return nil, usageError{fmt.Errorf("--only github: %s configures no sources.github", configName(cfg))}
	}
	if len(s.githubOrgs) == 0 {
		return src, nil
	}
	gh := *src
	gh.Orgs, gh.Repos = nil, nil
	for _, org := range s.githubOrgs {
		matched := false
		if slices.ContainsFunc(src.Orgs, func(o string) bool { return strings.EqualFold(o, org) }) {
			gh.Orgs = append(gh.Orgs, org)
			matched = true
		}
		for _, repo := range src.Repos {
			if owner, _, _ := strings.Cut(repo, "/"); strings.EqualFold(owner, org) {
				gh.Repos = append(gh.Repos, repo)
				matched = true
			}
		}
		if !matched {
			return nil, usageError{fmt.Errorf("--github-org %q: not in sources.github.orgs of %s, and owns none of its repos", org, configName(cfg))}
		}
	}
	return &gh, nil
}

func (s *shardFlags) aws(cfg *config.Config) (*config.AWSSource, error) {
	src := cfg.Sources.AWS
	if src == nil {
		return nil, usageError{fmt.Errorf("--only aws: %s configures no sources.aws", configName(cfg))}
	}
	if len(s.awsAccounts) == 0 {
		return src, nil
	}
	a := *src
	// Each shard reads exactly its accounts; listing the organization again in every
	// shard would read every account in every shard.
	a.Accounts, a.Organizations = nil, false
	for _, id := range s.awsAccounts {
		if !awsAccountID.MatchString(id) {
			return nil, usageError{fmt.Errorf("--aws-account %q: not a 12-digit account id", id)}
		}
		if !src.Organizations && !slices.Contains(src.Accounts, id) {
			return nil, usageError{fmt.Errorf("--aws-account %s: not in sources.aws.accounts of %s (and sources.aws.organizations is off)", id, configName(cfg))}
		}
		a.Accounts = append(a.Accounts, id)
	}
	return &a, nil
}

// shard is one entry of a CI matrix: the collect flags that read one part of the sources.
// Empty fields are left out, so a workflow passes each as a flag only when it is set.
type shard struct {
	Name       string `json:"name"`
	Only       string `json:"only"`
	GitHubOrg  string `json:"github_org,omitempty"`
	AWSAccount string `json:"aws_account,omitempty"`
}

// Args are the collect flags of the shard.
func (s shard) Args() []string {
	args := []string{"--only", s.Only}
	if s.GitHubOrg != "" {
		args = append(args, "--github-org", s.GitHubOrg)
	}
	if s.AWSAccount != "" {
		args = append(args, "--aws-account", s.AWSAccount)
	}
	return args
}

// shardsOf splits a configuration into shards that together collect every configured
// source exactly once: the ISMS, one per GitHub organisation or repository owner, one per
// listed AWS account (or one for an AWS organization, whose accounts are only known online).
func shardsOf(cfg *config.Config) []shard {
	var out []shard
	if cfg.Sources.ISMS != nil {
		out = append(out, shard{Name: "isms", Only: sourceISMS})
	}
	if gh := cfg.Sources.GitHub; gh != nil {
		var owners []string
		seen := map[string]bool{}
		addOwner := func(o string) {
			if !seen[strings.ToLower(o)] {
				seen[strings.ToLower(o)] = true
				owners = append(owners, o)
			}
		}
		for _, o := range gh.Orgs {
			addOwner(o)
		}
		for _, r := range gh.Repos {
			owner, _, _ := strings.Cut(r, "/")
			addOwner(owner)
		}
		for _, o := range owners {
			out = append(out, shard{Name: "github-" + o, Only: sourceGitHub, GitHubOrg: o})
		}
	}
	if a := cfg.Sources.AWS; a != nil {
		if a.Organizations || len(a.Accounts) == 0 {
			out = append(out, shard{Name: "aws", Only: sourceAWS})
		} else {
			for _, id := range a.Accounts {
				out = append(out, shard{Name: "aws-" + id, Only: sourceAWS, AWSAccount: id})
			}
		}
	}
	return out
}

// shardNames names the shards a (restricted) configuration collects.
func shardNames(cfg *config.Config) []string {
	var out []string
	for _, s := range shardsOf(cfg) {
		out = append(out, s.Name)
	}
	return out
}

// shardCollectors are the collectors whose evidence a shard of each source holds.
var shardCollectors = map[string][]string{sourceISMS: {"isms", "git"}, sourceGitHub: {"github"}, sourceAWS: {"aws"}}

// missingShards compares the shards the configuration has with those the merged bundles
// collected. A shard with no bundle (its matrix job failed, or its artifact was not
// downloaded) becomes a "missing" coverage entry per collector, so its rules are errors for
// it rather than its resources silently dropping out of the evaluation. When any bundle is
// a whole collection (no shards recorded), nothing is missing.
func missingShards(cfg *config.Config, collected [][]string) []evidence.Coverage {
	have := map[string]bool{}
	for _, names := range collected {
		if len(names) == 0 {
			return nil
		}
		for _, n := range names {
			have[strings.ToLower(n)] = true
		}
	}
	var out []evidence.Coverage
	for _, s := range shardsOf(cfg) {
		if have[strings.ToLower(s.Name)] {
			continue
		}
		for _, c := range shardCollectors[s.Only] {
			out = append(out, evidence.Coverage{Collector: c, Source: s.Name, Status: evidence.CoverageMissing,
				Errors: []evidence.Error{{Message: fmt.Sprintf("shard %s was not collected: none of the bundles given to evaluate holds it (collect %s)", s.Name, strings.Join(s.Args(), " "))}}})
		}
	}
	return out
}

func printShards(w io.Writer, cfg *config.Config) error {
	shards := shardsOf(cfg)
	if shards == nil {
		shards = []shard{}
	}
	// One line, so a workflow can write it to GITHUB_OUTPUT as it is.
	raw, err := json.Marshal(shards)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", raw)
	return err
}

func configName(cfg *config.Config) string {
	if cfg.Path == "" {
		return "the configuration"
	}
	return cfg.Path
}
