package evidence

import "sort"

// kinds maps every evidence kind a rule may read to the collector that produces it. Rules
// naming another kind are refused at load, so a typo cannot turn into a rule that never runs.
var kinds = map[string]string{
	"isms.repository": "isms",
	"isms.document":   "isms",
	"isms.register":   "isms",
	"git.repository":  "git",
	"git.file":        "git",

	"github.organization": "github",
	"github.members":      "github",
	"github.repository":   "github",
	"github.sso":          "github",

	"aws.account":            "aws",
	"aws.region":             "aws",
	"aws.iam.user":           "aws",
	"aws.iam.policy":         "aws",
	"aws.iam.role":           "aws",
	"aws.cloudtrail.trail":   "aws",
	"aws.s3.bucket":          "aws",
	"aws.kms.key":            "aws",
	"aws.ec2.security_group": "aws",
	"aws.ec2.vpc":            "aws",
	"aws.rds.instance":       "aws",
	"aws.backup.plan":        "aws",
	"aws.backup.vault":       "aws",
	"aws.logs.log_group":     "aws",
	"aws.elb.load_balancer":  "aws",
	"aws.ec2.instance":       "aws",
	"aws.acm.certificate":    "aws",
}

// KnownKind tells whether some collector produces this kind.
func KnownKind(kind string) bool { _, ok := kinds[kind]; return ok }

// CollectorOf names the collector that produces a kind.
func CollectorOf(kind string) string { return kinds[kind] }

// Kinds lists the known kinds, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ListedKinds is the set of kinds every coverage entry of their collector reports as read
// in full (Coverage.Listed). Bundles merged from several collections (one per shard) count
// a kind only when each shard of its collector listed it: one shard that could not read it
// leaves its accounts or repositories unknown.
func ListedKinds(cov []Coverage) map[string]bool {
	entries := map[string]int{}
	listed := map[string]int{}
	for _, c := range cov {
		entries[c.Collector]++
		seen := map[string]bool{}
		for _, k := range c.Listed {
			if CollectorOf(k) == c.Collector && !seen[k] {
				seen[k] = true
				listed[k]++
			}
		}
	}
	out := map[string]bool{}
	for k, n := range listed {
		if n == entries[CollectorOf(k)] {
			out[k] = true
		}
	}
	return out
}
