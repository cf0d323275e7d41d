package aws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/rules"
)

// auditAWS evaluates the built-in AWS rules over collected evidence, as `ismscheck audit`
// does (rule defaults as parameters, the coverage's listed kinds), and returns the AWS
// findings by "rule resource key".
func auditAWS(t *testing.T, pack *engine.Pack, docs []evidence.Document, cov evidence.Coverage) map[string]results.Finding {
	t.Helper()
	findings := pack.Evaluate(context.Background(), docs, engine.Settings{
		AsOf:          time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC),
		Listed:        evidence.ListedKinds([]evidence.Coverage{cov}),
		NotConfigured: map[string]bool{"github": true, "isms": true, "git": true},
	})
	out := map[string]results.Finding{}
	for _, f := range findings {
		if strings.HasPrefix(f.RuleID, "AWS-") {
			out[f.RuleID+" "+f.Resource.ID+" "+f.Key] = f
		}
	}
	return out
}

// deniedCode is the code each wire protocol uses for a refusal.
func deniedCode(service string) string {
	switch service {
	case "ec2":
		return "UnauthorizedOperation"
	case "iam", "s3", "sts", "rds", "elasticloadbalancing":
		return "AccessDenied"
	}
	return "AccessDeniedException"
}

// An unread listing must never decide a rule: for every call that lists resources (or
// reads a fact whose absence a rule could judge), refused (403) or failing (500), the
// failure is recorded on a document (the account or region whose inventory it is, with
// that inventory null), no rule fails anything it did not fail with the listing read, no
// document carrying the failure passes a rule that declares the call, and every rule that
// declares the call says so (skipped for a refusal, error for a failure) instead of
// staying silent.
func TestUnreadListingDecidesNoRule(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)

	calls := []struct {
		key        string // fake route "service:Operation"
		kind       string // the kind the listing feeds an inventory of ("" for facts on the document)
		allRegions bool   // read the enabled regions (ec2:DescribeRegions) instead of configured ones
		management bool   // collect the organization's management account (SCPs are read there only)
	}{
		{"cloudtrail:DescribeTrails", KindTrail, false, false},
		{"s3:ListBuckets", KindBucket, false, false},
		{"iam:GetAccountAuthorizationDetails", KindIAMRole, false, false},
		{"iam:GenerateCredentialReport", "", false, false},
		{"ec2:DescribeSecurityGroups", KindSecurityGroup, false, false},
		{"ec2:DescribeVpcs", KindVPC, false, false},
		{"ec2:DescribeFlowLogs", "", false, false},
		{"kms:ListKeys", KindKMSKey, false, false},
		{"rds:DescribeDBInstances", KindRDSInstance, false, false},
		{"backup:ListBackupPlans", KindBackupPlan, false, false},
		{"backup:ListBackupSelections", "", false, false},
		{"backup:ListBackupVaults", KindBackupVault, false, false},
		{"logs:DescribeLogGroups", KindLogGroup, false, false},
		{"guardduty:ListDetectors", "", false, false},
		{"config:DescribeConfigurationRecorders", "", false, false},
		{"securityhub:GetEnabledStandards", "", false, false},
		{"access-analyzer:ListAnalyzers", "", false, false},
		{"ec2:DescribeRegions", KindTrail, true, false},
		{"elasticloadbalancing:DescribeLoadBalancers", KindLoadBalancer, false, false},
		{"elasticloadbalancing:DescribeListeners", "", false, false},
		{"elasticloadbalancing:DescribeTags", "", false, false},
		{"ec2:DescribeInstances", KindEC2Instance, false, false},
		{"ssm:DescribeInstanceInformation", "", false, false},
		{"ssm:ListResourceComplianceSummaries", "", false, false},
		{"acm:ListCertificates", KindCertificate, false, false},
		{"inspector2:BatchGetAccountStatus", "", false, false},
		{"ecr:GetRegistryScanningConfiguration", "", false, false},
		{"ecr:DescribeRepositories", "", false, false},
		{"organizations:ListPolicies", "", false, true},
		{"organizations:DescribePolicy", "", false, true},
		{"organizations:ListTargetsForPolicy", "", false, true},
	}
	type setup struct{ allRegions, management bool }
	baselines := map[setup]map[string]results.Finding{}
	for _, call := range calls {
		for _, status := range []int{403, 500} {
			t.Run(fmt.Sprintf("%s %d", call.key, status), func(t *testing.T) {
				s := startFake(t)
				o := testOptions(s, nil)
				if call.allRegions {
					o.Regions = nil
				}
				if call.management {
					asManagementAccount(s)
				}
				at := setup{call.allRegions, call.management}
				if baselines[at] == nil {
					docs, cov := collect(t, o)
					baselines[at] = auditAWS(t, pack, docs, cov)
				}
				baseline := baselines[at]
				service, op, _ := strings.Cut(call.key, ":")
				code := "InternalFailure"
				if status == 403 {
					code = deniedCode(service)
				}
				s.Fail(call.key, status, code, -1)
				docs, cov := collect(t, o)
				got := auditAWS(t, pack, docs, cov)
				action := needs(service, op)
				denied := status == 403

				// The failure is on the documents whose facts it spoils, not only in coverage.
				carriers := map[evidence.Ref]bool{}
				for _, d := range docs {
					for _, e := range d.Errors {
						if e.Needs == action {
							assert.Equal(t, denied, e.Denied, "%s %s", d.ID, e.Message)
							assert.Contains(t, e.Message, call.key)
							carriers[evidence.Ref{Kind: d.Kind, ID: d.ID}] = true
						}
					}
					if call.kind != "" && (d.Kind == KindAccount || d.Kind == KindRegion) {
						if inv, ok := d.Data["inventory"].(map[string]any); ok {
							if v, has := inv[call.kind]; has && v == nil {
								assert.True(t, carriers[evidence.Ref{Kind: d.Kind, ID: d.ID}], "%s: inventory of %s is null without the error", d.ID, call.kind)
							}
						}
					}
				}
				require.NotEmpty(t, carriers, "no document records the failed %s", action)
				if call.kind != "" {
					unknown := false
					for _, d := range docs {
						if inv, ok := d.Data["inventory"].(map[string]any); ok && (d.Kind == KindAccount || d.Kind == KindRegion) {
							if v, has := inv[call.kind]; has && v == nil {
								unknown = true
							}
						}
					}
					assert.True(t, unknown, "no account or region says its %s are unknown", call.kind)
				}

				declaring := map[string]bool{}
				for _, r := range pack.Rules {
					if slices.Contains(r.Permissions, action) && strings.HasPrefix(r.ID, "AWS-") {
						declaring[r.ID] = true
					}
				}
				said := map[string]bool{}
				for key, f := range got {
					if f.Status == results.StatusFail {
						before, ok := baseline[key]
						assert.True(t, ok && before.Status == results.StatusFail, "new failure from an unread listing: %s: %s", key, f.Message)
						if ok {
							assert.LessOrEqual(t, results.GradeRank(before.Grade), results.GradeRank(f.Grade), "%s: grade rose", key)
						}
					}
					if declaring[f.RuleID] && carriers[f.Resource] {
						assert.NotEqual(t, results.StatusPass, f.Status, "%s passes a document whose %s failed", key, action)
					}
					// Said: skipped (refused) or error (failed) naming the call, or a failure
					// from facts that were read, carrying the same note.
					want, note := results.StatusError, "evidence incomplete: "
					if denied {
						want, note = results.StatusSkipped, "not evaluated: "
					}
					if declaring[f.RuleID] && strings.Contains(f.Message, call.key) &&
						(f.Status == want || f.Status == results.StatusFail && strings.Contains(f.Message, note)) {
						said[f.RuleID] = true
					}
				}
				for id := range declaring {
					assert.True(t, said[id], "%s declares %s but no finding of it says the call failed", id, action)
				}
			})
		}
	}
}

// A region that fails entirely (every call in it refused, or failing) is still in the
// evidence: its document is incomplete with every fact and listing null and each failed
// call named, the account's trails are unknown, and no AWS rule passes or fails anything
// in that region.
func TestRegionFailingEntirely(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	for _, tt := range []struct {
		status int
		code   string
		want   string
	}{{403, "AuthFailure", results.StatusError}, {500, "InternalFailure", results.StatusError}, {403, "AccessDenied", results.StatusSkipped}} {
		t.Run(tt.code, func(t *testing.T) {
			s := startFake(t)
			s.FailRegion("eu-west-1", tt.status, tt.code)
			docs, cov := collect(t, testOptions(s, nil))
			region := find(t, docs, KindRegion, "aws:"+testAccount+":eu-west-1")
			assert.False(t, region.Complete)
			for _, fact := range []string{"ebs_default_encryption", "config_recorders", "guardduty", "securityhub", "access_analyzer"} {
				assert.Nil(t, region.Data[fact], fact)
			}
			for kind, n := range region.Data["inventory"].(map[string]any) {
				assert.Nil(t, n, "%s listed in a region where every call failed", kind)
			}
			assert.GreaterOrEqual(t, len(region.Errors), 10, "each failed call is named")
			acct := find(t, docs, KindAccount, "aws:"+testAccount)
			assert.Nil(t, acct.Data["inventory"].(map[string]any)[KindTrail], "a trail in the failed region could be the account's only one")
			assert.True(t, find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1").Complete, "the other region is untouched")

			for key, f := range auditAWS(t, pack, docs, cov) {
				if strings.Contains(f.Resource.ID, "eu-west-1") {
					assert.NotEqual(t, results.StatusPass, f.Status, "%s: %s", key, f.Message)
					assert.NotEqual(t, results.StatusFail, f.Status, "%s: %s", key, f.Message)
				}
				if f.Resource.ID == region.ID {
					assert.Equal(t, tt.want, f.Status, "%s: %s", key, f.Message)
				}
			}
		})
	}
}
