package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// Two rules over one repository: one reads secret-scanning alerts, one reads branch
// protection. A 403 on the alerts endpoint must spoil only the first.
const secretsRule = `# METADATA
# title: No open secret alerts
# scope: package
# custom:
#   id: P-01
#   severity: minor
#   controls: ["A.5.17"]
#   kinds: [github.repository]
#   permissions: ["github:secret_scanning_alerts:read"]
#   remediation: Close the alerts.
package test.p01

deny contains "open secret alerts" if count(input.document.data.alerts) > 0
`

const protectionRule = `# METADATA
# title: Default branch protected
# scope: package
# custom:
#   id: P-02
#   severity: minor
#   controls: ["A.8.4"]
#   kinds: [github.repository]
#   permissions: ["github:administration:read"]
#   remediation: Protect it.
package test.p02

deny contains "unprotected" if not input.document.data.protected
`

// An inventory rule that declares no GitHub permission must treat any gap as its own.
const undeclaredRule = `# METADATA
# title: Some repository exists
# scope: package
# custom:
#   id: P-03
#   severity: minor
#   controls: ["A.5.9"]
#   kinds: [github.repository]
#   input: inventory
#   remediation: Add one.
package test.p03

deny contains "none" if count(input.documents["github.repository"]) == 0
`

func repo(id string, protected bool, errs ...evidence.Error) evidence.Document {
	d := evidence.Document{Kind: "github.repository", ID: id, Complete: len(errs) == 0, Errors: errs,
		Data: map[string]any{"protected": protected, "alerts": []any{}}}
	if len(errs) > 0 {
		d.Data["alerts"] = nil
	}
	_ = d.Seal()
	return d
}

func TestPermissionGapsSpoilOnlyTheRulesThatNeedThem(t *testing.T) {
	p, err := pack(t, map[string]string{"p1.rego": secretsRule, "p2.rego": protectionRule, "p3.rego": undeclaredRule})
	require.NoError(t, err)
	denied := evidence.Error{Message: "GET /repos/acme/api/secret-scanning/alerts: 403 (needs secret_scanning_alerts:read)", Needs: "github:secret_scanning_alerts:read", Denied: true}
	failed := evidence.Error{Message: "GET /repos/acme/web/secret-scanning/alerts: 502 after 3 retries", Needs: "github:secret_scanning_alerts:read"}
	docs := []evidence.Document{repo("github.com/acme/api", false, denied), repo("github.com/acme/web", true, failed), repo("github.com/acme/ok", true)}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	status := map[string]string{}
	for _, f := range got {
		status[f.RuleID+" "+f.Resource.ID] = f.Status
		if f.RuleID == "P-01" && f.Resource.ID == "github.com/acme/api" {
			assert.Contains(t, f.Message, "needs secret_scanning_alerts:read", "a skip names the missing permission")
		}
	}
	assert.Equal(t, map[string]string{
		"P-01 github.com/acme/api": "skipped", // refused: not evaluated, never pass
		"P-01 github.com/acme/web": "error",   // a 5xx is not a refusal
		"P-01 github.com/acme/ok":  "pass",
		"P-02 github.com/acme/api": "fail", // the protection facts were read: still judged
		"P-02 github.com/acme/web": "pass",
		"P-02 github.com/acme/ok":  "pass",
		// P-03 declares no GitHub permission, so any gap counts as its own: the refused
		// repository is skipped, the failed one an error, and the clean pass of the one read
		// in full proves nothing while another could not be read.
		"P-03 github.com/acme/api": "skipped",
		"P-03 github.com/acme/web": "error",
		"P-03 github.com/acme/ok":  "error",
	}, status)
}

func TestGapWithoutNeedsSpoilsEveryRule(t *testing.T) {
	r := &Rule{Permissions: []string{"github:administration:read"}}
	d := repo("x", true, evidence.Error{Message: "repository listing cut short"})
	assert.Equal(t, "error", gapFor(r, &d).status)
	d = repo("x", true, evidence.Error{Message: "403", Needs: "github:contents:read", Denied: true})
	assert.Equal(t, "", gapFor(r, &d).status, "a gap in a permission the rule does not declare is not its gap")
	r.Permissions = nil
	assert.Equal(t, "skipped", gapFor(r, &d).status, "a rule declaring nothing of the source is skipped when refused")
}

func TestRulesOfSourcesNotConfiguredGiveNoFinding(t *testing.T) {
	p, err := pack(t, map[string]string{"p1.rego": secretsRule, "policy.rego": policyRule})
	require.NoError(t, err)
	got := p.Evaluate(context.Background(), nil, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), NotConfigured: map[string]bool{"github": true, "aws": true}})
	require.Len(t, got, 1, "only the ISMS rule speaks: a skipped line per GitHub rule would be noise")
	assert.Equal(t, "T-01", got[0].RuleID)
	assert.Equal(t, "skipped", got[0].Status)

	got = p.Evaluate(context.Background(), nil, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), NotConfigured: map[string]bool{"github": false}})
	require.Len(t, got, 2, "a configured source that gave nothing is skipped, and says so")
	byRule := map[string]string{}
	for _, f := range got {
		byRule[f.RuleID] = f.Message
	}
	assert.Contains(t, byRule["P-01"], "no github.repository evidence was collected")
	r, _ := p.Rule("P-01")
	assert.Equal(t, []string{"github"}, r.Sources())
	assert.Empty(t, p.RulesByControl(map[string]bool{"github": true})["A.5.17"])
	assert.Equal(t, []string{"P-01"}, p.RulesByControl(nil)["A.5.17"])
}

// A rule over a kind its collector read in full and found none of has nothing to judge:
// no finding at all (results count it as not applicable), never a pass, and not the skip
// that an unread kind gets. An inventory rule still runs, so what it says about the other
// kinds it reads (tagged buckets without a backup plan) is not lost.
const rdsEncryptedRule = `# METADATA
# title: Databases are encrypted
# scope: package
# custom:
#   id: V-01
#   severity: minor
#   controls: ["A.8.24"]
#   kinds: [aws.rds.instance]
#   remediation: Encrypt.
package test.v01

deny contains "not encrypted" if input.document.data.storage_encrypted == false
`

const backupInventoryRule = `# METADATA
# title: In-scope stores are backed up
# scope: package
# custom:
#   id: V-02
#   severity: minor
#   controls: ["A.8.13"]
#   kinds: [aws.rds.instance, aws.s3.bucket]
#   input: inventory
#   subject: aws.rds.instance
#   remediation: Back up.
package test.v02

deny contains {"msg": "bucket not backed up", "resource": {"kind": b.kind, "id": b.id}} if {
	some b in input.documents["aws.s3.bucket"]
	b.data.tags.backup == "yes"
}
`

func TestKindListedInFullButEmptyIsNotApplicable(t *testing.T) {
	p, err := pack(t, map[string]string{"v1.rego": rdsEncryptedRule, "v2.rego": backupInventoryRule})
	require.NoError(t, err)
	bucket := evidence.Document{Kind: "aws.s3.bucket", ID: "aws:1:s3:data", Complete: true, Data: map[string]any{"tags": map[string]any{"backup": "yes"}}}
	require.NoError(t, bucket.Seal())
	asOf := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		listed map[string]bool
		want   map[string]string // rule resource -> status
	}{
		{"kind not listed: not collected, skipped", nil, map[string]string{
			"V-01 *": "skipped", "V-02 *": "skipped"}},
		{"kind listed in full and empty", map[string]bool{"aws.rds.instance": true, "aws.s3.bucket": true}, map[string]string{
			"V-02 aws:1:s3:data": "fail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Evaluate(context.Background(), []evidence.Document{bucket}, Settings{AsOf: asOf, Listed: tt.listed})
			status := map[string]string{}
			for _, f := range got {
				status[f.RuleID+" "+f.Resource.ID] = f.Status
				assert.NotEqual(t, "pass", f.Status, "nothing exists to pass")
			}
			assert.Equal(t, tt.want, status)
		})
	}
}

// A rule whose subject kind is missing because a listing it declares failed (the failure
// recorded on a document of another kind it reads, as the AWS collector records a refused
// ListBuckets on the account) says so: skipped naming the call when refused, an error when
// it failed; without such a document it is the plain "not collected" skip.
const bucketTLSRule = `# METADATA
# title: Buckets refuse plain HTTP
# scope: package
# custom:
#   id: V-03
#   severity: minor
#   controls: ["A.8.24"]
#   kinds: [aws.s3.bucket, aws.account]
#   permissions: [aws:s3:ListAllMyBuckets, aws:s3:GetBucketPolicy]
#   remediation: Deny insecure transport.
package test.v03

applies if input.document.kind != "aws.account"

deny contains "plain HTTP" if input.document.data.denies_insecure_transport == false
`

func TestMissingSubjectNamesTheFailedListing(t *testing.T) {
	p, err := pack(t, map[string]string{"v3.rego": bucketTLSRule})
	require.NoError(t, err)
	account := func(errs ...evidence.Error) evidence.Document {
		d := evidence.Document{Kind: "aws.account", ID: "aws:1", Complete: len(errs) == 0, Errors: errs, Data: map[string]any{"inventory": map[string]any{"aws.s3.bucket": nil}}}
		require.NoError(t, d.Seal())
		return d
	}
	tests := []struct {
		name   string
		doc    evidence.Document
		status string
		msg    string
	}{
		{"refused", account(evidence.Error{Message: "s3:ListBuckets: AccessDenied", Needs: "aws:s3:ListAllMyBuckets", Denied: true}), "skipped",
			"no aws.s3.bucket evidence was collected: not evaluated: s3:ListBuckets: AccessDenied"},
		{"failed", account(evidence.Error{Message: "s3:ListBuckets: InternalError", Needs: "aws:s3:ListAllMyBuckets"}), "error",
			"no aws.s3.bucket evidence was collected: evidence incomplete: s3:ListBuckets: InternalError"},
		{"another permission's failure is not the reason", account(evidence.Error{Message: "iam:GetAccountSummary: AccessDenied", Needs: "aws:iam:GetAccountSummary", Denied: true}), "skipped",
			"no aws.s3.bucket evidence was collected (is the aws source configured?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Evaluate(context.Background(), []evidence.Document{tt.doc}, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
			require.Len(t, got, 1)
			assert.Equal(t, tt.status, got[0].Status)
			assert.Equal(t, tt.msg, got[0].Message)
		})
	}
}

// A rule joining another source's subjects with ISMS registers says nothing when its
// subject's source is not configured, though the ISMS it also reads is.
const repoInventoryRule = `# METADATA
# title: Repositories are in the asset register
# scope: package
# custom:
#   id: J-01
#   severity: observation
#   controls: ["A.5.9"]
#   kinds: [github.repository, isms.register]
#   input: inventory
#   subject: github.repository
#   remediation: Register them.
package test.j01

deny contains {"msg": "not registered", "resource": {"kind": d.kind, "id": d.id}} if {
	some d in input.documents["github.repository"]
	count(input.documents["isms.register"]) == 0
}
`

func TestJoinRuleFollowsItsSubjectsSource(t *testing.T) {
	p, err := pack(t, map[string]string{"j1.rego": repoInventoryRule, "policy.rego": policyRule})
	require.NoError(t, err)
	r, _ := p.Rule("J-01")
	assert.Equal(t, []string{"github", "isms"}, r.Sources())
	tests := []struct {
		name          string
		notConfigured map[string]bool
		want          bool
	}{
		{"subject's source not configured", map[string]bool{"github": true, "aws": true}, true},
		{"subject's source configured", map[string]bool{"github": false, "aws": true}, false},
		{"nothing unconfigured", nil, false},
		{"only the other source unconfigured", map[string]bool{"isms": true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, r.ReadsOnly(tt.notConfigured))
		})
	}
	got := p.Evaluate(context.Background(), nil, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), NotConfigured: map[string]bool{"github": true, "aws": true}})
	for _, f := range got {
		assert.NotEqual(t, "J-01", f.RuleID, "no skipped line for a rule without GitHub: %s", f.Message)
	}
	got = p.Evaluate(context.Background(), nil, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), NotConfigured: map[string]bool{"github": false}})
	found := false
	for _, f := range got {
		if f.RuleID == "J-01" {
			found = true
			assert.Equal(t, "skipped", f.Status, "GitHub configured but nothing collected: skipped, never a pass")
		}
	}
	assert.True(t, found)
}

// A part missing from two collectors one rule reads (an ISMS shard lacks both isms and git
// evidence) is one error finding naming both reasons: two would share a fingerprint.
func TestMissingPartIsOneFindingPerRule(t *testing.T) {
	const bothSources = `# METADATA
# title: Documents have history
# scope: package
# custom:
#   id: M-01
#   severity: minor
#   controls: ["7.5.3"]
#   kinds: [isms.document, git.file]
#   remediation: Keep history.
package test.m01

deny contains "no history" if false
`
	p, err := pack(t, map[string]string{"m1.rego": bothSources})
	require.NoError(t, err)
	got := p.Evaluate(context.Background(), nil, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), Missing: []MissingPart{
		{Collector: "isms", Part: "isms", Reason: "shard isms was not collected"},
		{Collector: "git", Part: "isms", Reason: "no git bundle"},
		{Collector: "aws", Part: "aws-123456789012", Reason: "not read by this rule"},
	}})
	var parts []results.Finding
	for _, f := range got {
		if f.Resource.ID == "isms" {
			parts = append(parts, f)
		}
		assert.NotEqual(t, "aws-123456789012", f.Resource.ID, "a part of a source the rule does not read is not its concern")
	}
	require.Len(t, parts, 1)
	assert.Equal(t, results.StatusError, parts[0].Status)
	assert.Equal(t, "not evaluated for isms: shard isms was not collected; no git bundle", parts[0].Message)
}
