package aws

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// ecrPageSize is the largest page DescribeRepositories accepts.
const ecrPageSize = 1000

// ecrScanning fills the region's `ecr` fact: the private registry's scanning configuration
// (GetRegistryScanningConfiguration) and, only when no rule scans every repository on push,
// the repositories (DescribeRepositories, paged) that no rule and no repository setting
// scans on push. Repositories are region facts, not documents of their own: the rule needs
// only their number and the names left unscanned.
func ecrScanning(ctx context.Context, cfg aws.Config, rec *record) {
	client := ecr.NewFromConfig(cfg)
	out, err := client.GetRegistryScanningConfiguration(ctx, &ecr.GetRegistryScanningConfigurationInput{})
	if err != nil {
		rec.fail("ecr", "ecr", "GetRegistryScanningConfiguration", err)
		return
	}
	var conf ecrtypes.RegistryScanningConfiguration
	if out.ScanningConfiguration != nil {
		conf = *out.ScanningConfiguration
	}
	scanType := string(conf.ScanType)
	if scanType == "" {
		scanType = string(ecrtypes.ScanTypeBasic) // the registry's default
	}
	rules := []any{}
	var onPush []string // filters of the rules that scan on push
	for _, r := range conf.Rules {
		filters := []string{}
		for _, f := range r.RepositoryFilters {
			filters = append(filters, aws.ToString(f.Filter))
		}
		sort.Strings(filters)
		rules = append(rules, map[string]any{"scan_frequency": string(r.ScanFrequency), "filters": filters})
		if scansOnPush(r.ScanFrequency) {
			onPush = append(onPush, filters...)
		}
	}
	sort.Slice(rules, func(i, j int) bool {
		a, b := rules[i].(map[string]any), rules[j].(map[string]any)
		return a["scan_frequency"].(string)+strings.Join(a["filters"].([]string), ",") < b["scan_frequency"].(string)+strings.Join(b["filters"].([]string), ",")
	})
	fact := map[string]any{"scan_type": scanType, "rules": rules, "registry_wide": registryWide(onPush)}
	if registryWide(onPush) {
		rec.set("ecr", fact)
		return
	}
	count, unscanned, err := reposNotScannedOnPush(ctx, client, scanType, onPush)
	if err != nil {
		fact["repositories"], fact["not_scanned_on_push"] = nil, nil
		rec.set("ecr", fact)
		rec.failWith("", fault("ecr", "DescribeRepositories", err))
		return
	}
	fact["repositories"], fact["not_scanned_on_push"] = count, unscanned
	rec.set("ecr", fact)
}

// scansOnPush: SCAN_ON_PUSH, and CONTINUOUS_SCAN (enhanced scanning), which scans each
// pushed image too; MANUAL does not.
func scansOnPush(f ecrtypes.ScanFrequency) bool {
	return f == ecrtypes.ScanFrequencyScanOnPush || f == ecrtypes.ScanFrequencyContinuousScan
}

// registryWide: a filter made only of wildcards matches every repository.
func registryWide(filters []string) bool {
	for _, f := range filters {
		if f != "" && strings.Trim(f, "*") == "" {
			return true
		}
	}
	return false
}

// reposNotScannedOnPush lists the region's repositories and names those no scan-on-push
// rule matches. With BASIC scanning a repository's own scanOnPush setting also counts;
// with ENHANCED scanning ECR ignores it, so only the registry's rules do.
func reposNotScannedOnPush(ctx context.Context, client *ecr.Client, scanType string, filters []string) (int, []string, error) {
	matchers := make([]func(string) bool, 0, len(filters))
	for _, f := range filters {
		matchers = append(matchers, repositoryFilter(f))
	}
	count, unscanned := 0, []string{}
	p := ecr.NewDescribeRepositoriesPaginator(client, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(ecrPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, nil, err
		}
		for _, repo := range page.Repositories {
			count++
			name := aws.ToString(repo.RepositoryName)
			scanned := scanType == string(ecrtypes.ScanTypeBasic) && repo.ImageScanningConfiguration != nil && repo.ImageScanningConfiguration.ScanOnPush
			for _, match := range matchers {
				scanned = scanned || match(name)
			}
			if !scanned {
				unscanned = append(unscanned, name)
			}
		}
	}
	sort.Strings(unscanned)
	return count, unscanned, nil
}

// repositoryFilter follows ECR's WILDCARD filters: `*` stands for any characters and the
// filter must match the whole name; a filter without a wildcard matches every name that
// contains it.
func repositoryFilter(filter string) func(string) bool {
	if !strings.Contains(filter, "*") {
		return func(name string) bool { return strings.Contains(name, filter) }
	}
	parts := strings.Split(filter, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	re := regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
	return re.MatchString
}
