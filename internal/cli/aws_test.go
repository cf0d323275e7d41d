package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
	"github.com/ismscheck/ismscheck/internal/results"
)

const (
	fakeAWSAccount = "123456789012"
	fakeAWSKey     = "AKIDCLITESTKEY00WXYZ"
	fakeAWSSecret  = "cliSecretKeyThatMustNeverLeak"
)

// awsISMS is the example ISMS with an AWS source read from a local fake AWS endpoint,
// reached as a user's shell would: AWS_ENDPOINT_URL and static keys in the environment.
func awsISMS(t *testing.T) (string, *fakeaws.Server) {
	t.Helper()
	testdata := "../../collectors/aws/testdata"
	require.NoError(t, fakeaws.LoadHeader(filepath.Join(testdata, "model/GetCredentialReport.header.csv")))
	srv, err := fakeaws.New(filepath.Join(testdata, "wire"))
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	acct, err := fakeaws.FixtureAccount(fakeAWSAccount, filepath.Join(testdata, "model/GetAccountAuthorizationDetails.cli.json"))
	require.NoError(t, err)
	srv.AddAccount(acct)

	dir := copyExample(t)
	cfg, err := os.ReadFile(filepath.Join(dir, "ismscheck.yaml"))
	require.NoError(t, err)
	write(t, filepath.Join(dir, "ismscheck.yaml"), strings.Replace(string(cfg), "sources:\n", "sources:\n  aws:\n    regions: [us-east-1, eu-west-1]\n", 1))
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.URL, "AWS_ACCESS_KEY_ID": fakeAWSKey, "AWS_SECRET_ACCESS_KEY": fakeAWSSecret,
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_RETRY_MODE": "", "AWS_MAX_ATTEMPTS": "",
	} {
		t.Setenv(k, v)
	}
	// Every connection goes to the fake, whatever host S3 and S3 Control build from the
	// endpoint (bucket.127.0.0.1, 123456789012.127.0.0.1).
	awsHTTPClient = srv.HTTPClient()
	t.Cleanup(func() { awsHTTPClient = nil })
	return dir, srv
}

// awsFindings maps "rule resource key" to status for the AWS rules.
func awsFindings(r *results.Results) map[string]results.Finding {
	out := map[string]results.Finding{}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.RuleID, "AWS-") {
			out[f.RuleID+" "+f.Resource.ID+" "+f.Key] = f
		}
	}
	return out
}

func TestAuditWithAWS(t *testing.T) {
	dir, srv := awsISMS(t)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none", "--log-level", "debug")
	require.Equal(t, exitOK, code, stderr)
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	for _, secret := range []string{fakeAWSSecret, fakeAWSKey} {
		assert.NotContains(t, stderr, secret, "credentials never reach the logs")
		assert.NotContains(t, string(raw), secret, "nor the results")
	}
	assert.NotContains(t, string(raw), "security-team@example.com", "nor the security contact's address")
	r := readResults(t, out)
	var aws *struct{ status string }
	for _, c := range r.Coverage.Collectors {
		if c.Collector == "aws" {
			aws = &struct{ status string }{c.Status}
			assert.NotEmpty(t, c.Stats["requests"])
			assert.Contains(t, c.Listed, "aws.rds.instance")
		}
	}
	require.NotNil(t, aws)
	assert.Equal(t, "ok", aws.status)
	assert.Positive(t, srv.TotalCalls())

	got := awsFindings(r)
	account := "aws:" + fakeAWSAccount
	for key, want := range map[string]string{
		"AWS-IAM-03 " + account + ":user/Bob ":                                                                          "fail", // in Admins, console password, no MFA
		"AWS-IAM-03 " + account + ":user/Alice ":                                                                        "pass", // FIDO keys only
		"AWS-06 " + account + ":user/Bob ":                                                                              "fail",
		"AWS-06 " + account + ":user/Alice ":                                                                            "pass",
		"AWS-07 " + account + ":user/Bob key-age:2":                                                                     "fail", // named by its report slot
		"AWS-18 " + account + " ":                                                                                       "pass", // in an organization
		"AWS-19 " + account + " ":                                                                                       "pass", // security contact set
		"AWS-12 " + account + ":us-east-1:elb/legacy-web listener-80":                                                   "fail", // plain HTTP, no redirect
		"AWS-12 " + account + ":us-east-1:elb/legacy-web listener-443":                                                  "fail", // ELBSecurityPolicy-2016-08
		"AWS-15 " + account + ":us-east-1:elb/legacy-web ":                                                              "fail", // one zone, internet-facing
		"AWS-15 " + account + ":us-east-1:elb/my-load-balancer ":                                                        "pass",
		"AWS-17 " + account + ":us-east-1:i-0598c7d356eba48d7 not-managed":                                              "fail",
		"AWS-21 " + account + ":eu-west-1:i-0fedcba9876543210 patches":                                                  "fail",
		"AWS-20 " + account + ":us-east-1:i-0598c7d356eba48d7 ":                                                         "fail", // IMDSv1
		"AWS-20 " + account + ":us-east-1:i-1234567890abcdef0 ":                                                         "pass",
		"AWS-22 " + account + ":us-east-1:acm/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee expiring":                            "fail", // 14 days left
		"AWS-22 " + account + ":eu-west-1:acm/87654321-4321-4321-4321-210987654321 expired":                             "fail",
		"AWS-22 " + account + ":us-east-1:acm/12345678-1234-1234-1234-123456789012 ":                                    "pass",
		"AWS-03 " + account + ":us-east-1 high-findings":                                                                "fail",
		"AWS-24 " + account + ":us-east-1 ecr-not-enabled":                                                              "fail", // Inspector scans EC2 only
		"AWS-25 " + account + ":eu-west-1 not-scanned-on-push":                                                          "fail", // legacy-tools
		"AWS-14 arn:aws:rds:us-east-1:" + fakeAWSAccount + ":db:mydbinstancecf ":                                        "pass",
		"AWS-13 arn:aws:kms:us-east-1:" + fakeAWSAccount + ":key/0987dcba-09fe-87dc-65ba-ab0987654321 pending-deletion": "fail",
	} {
		f, ok := got[key]
		if assert.True(t, ok, "no finding %q", key) {
			assert.Equal(t, want, f.Status, "%s: %s", key, f.Message)
		}
	}
	_, notCentral := got["AWS-03 "+account+":us-east-1 not-central"]
	assert.False(t, notCentral, "a member managed by its GuardDuty administrator is central")
	for _, f := range got {
		assert.NotEqual(t, results.StatusError, f.Status, "%s %s: %s", f.RuleID, f.Resource.ID, f.Message)
		assert.NotEqual(t, results.StatusSkipped, f.Status, "%s %s: %s", f.RuleID, f.Resource.ID, f.Message)
	}
}

// One refused API (ListMFADevices) skips, naming the action, only the rule that declares it,
// on the user it concerns; the other rules still judge that user.
func TestAWSAccessDeniedSkipsOnlyTheRulesThatNeedIt(t *testing.T) {
	dir, srv := awsISMS(t)
	srv.Fail("iam:ListMFADevices", 403, "AccessDenied", -1)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := awsFindings(readResults(t, out))
	alice := "aws:" + fakeAWSAccount + ":user/Alice"
	f := got["AWS-IAM-03 "+alice+" "]
	assert.Equal(t, results.StatusSkipped, f.Status, f.Message)
	assert.Contains(t, f.Message, "iam:ListMFADevices")
	assert.Contains(t, f.Message, "AccessDenied")
	assert.Equal(t, results.StatusPass, got["AWS-06 "+alice+" "].Status, "the MFA rule does not need the device list")
	assert.Equal(t, results.StatusPass, got["AWS-IAM-05 "+alice+" "].Status)
	for _, f := range got {
		if f.RuleID == "AWS-IAM-03" {
			assert.NotEqual(t, results.StatusPass, f.Status, "no clean pass while a user's devices were unreadable: %s", f.Resource.ID)
		}
		if f.Status == results.StatusSkipped || f.Status == results.StatusError {
			assert.Equal(t, "AWS-IAM-03", f.RuleID, "only the rule declaring iam:ListMFADevices is spoiled: %s %s", f.Resource.ID, f.Message)
		}
	}
}

// A refused patch-compliance listing skips only AWS-21, naming the action: whether SSM manages
// each instance (AWS-17) is still judged, as it reads nothing from that listing.
func TestAWSPatchComplianceDeniedKeepsSSMManagedCheck(t *testing.T) {
	dir, srv := awsISMS(t)
	srv.Fail("ssm:ListResourceComplianceSummaries", 400, "AccessDeniedException", -1)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := awsFindings(readResults(t, out))
	account := "aws:" + fakeAWSAccount
	assert.Equal(t, results.StatusFail, got["AWS-17 "+account+":us-east-1:i-0598c7d356eba48d7 not-managed"].Status)
	assert.Equal(t, results.StatusPass, got["AWS-17 "+account+":us-east-1:i-1234567890abcdef0 "].Status)
	patched := got["AWS-21 "+account+":eu-west-1:i-0fedcba9876543210 "]
	assert.Equal(t, results.StatusSkipped, patched.Status, patched.Message)
	assert.Contains(t, patched.Message, "ssm:ListResourceComplianceSummaries")
	for key, f := range got {
		if f.Status == results.StatusSkipped || f.Status == results.StatusError {
			assert.Equal(t, "AWS-21", f.RuleID, "only the rule declaring the patch listing is spoiled: %s %s", key, f.Message)
		}
	}
}

// Without credentials nothing AWS is judged: every AWS rule is an error and the audit exits
// 3 (evidence incomplete), never 0 with passes.
func TestAWSWithoutCredentialsIsIncompleteNotPass(t *testing.T) {
	dir, srv := awsISMS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	mend(t, dir)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out)
	assert.Equal(t, exitIncomplete, code, "no gated failure, but the AWS evidence is missing: %s", stderr)
	r := readResults(t, out)
	n := 0
	for _, f := range r.Findings {
		if strings.HasPrefix(f.RuleID, "AWS-") {
			n++
			assert.Equal(t, results.StatusError, f.Status, f.RuleID)
			assert.Contains(t, f.Message, "the aws collector failed")
			assert.Contains(t, strings.ToLower(f.Message), "credentials", "the reason names what is missing")
		}
	}
	assert.Positive(t, n)
	assert.Zero(t, srv.TotalCalls()-srv.Calls("sts:GetCallerIdentity"), "nothing but the identity check reaches AWS")
}

// A refused DescribeTrails leaves the account's trails unknown: AWS-01 is skipped for the
// account, naming the action, and never reports the major "no trail" it cannot know.
func TestAWSDescribeTrailsDeniedSkipsAWS01(t *testing.T) {
	dir, srv := awsISMS(t)
	srv.Fail("cloudtrail:DescribeTrails", 400, "AccessDeniedException", -1)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := awsFindings(readResults(t, out))
	account := "aws:" + fakeAWSAccount
	f, ok := got["AWS-01 "+account+" "]
	require.True(t, ok, "AWS-01 gives the account a finding: %v", got)
	assert.Equal(t, results.StatusSkipped, f.Status, f.Message)
	assert.Contains(t, f.Message, "cloudtrail:DescribeTrails")
	assert.Contains(t, f.Message, "AccessDenied")
	for key, f := range got {
		if f.RuleID == "AWS-01" {
			assert.NotEqual(t, results.StatusFail, f.Status, "%s: %s", key, f.Message)
			assert.NotEqual(t, results.StatusPass, f.Status, "%s: %s", key, f.Message)
			assert.NotEqual(t, "major", f.Grade, "%s: %s", key, f.Message)
		}
	}
}

// An expected account whose role cannot be assumed is not left out of the results: it is
// in the evidence, incomplete, its account and region rules are errors naming the
// AssumeRole refusal, and the gate says the evidence is incomplete (exit 3) instead of
// passing on the accounts it could read.
func TestAWSAccountNotAssumedIsIncomplete(t *testing.T) {
	dir, _ := awsISMS(t)
	mend(t, dir)
	cfg, err := os.ReadFile(filepath.Join(dir, "ismscheck.yaml"))
	require.NoError(t, err)
	withAccounts := func(accounts string) {
		write(t, filepath.Join(dir, "ismscheck.yaml"), strings.Replace(string(cfg), "  aws:\n", "  aws:\n    accounts: ["+accounts+"]\n    role_name: audit\n", 1))
	}
	withAccounts(`"` + fakeAWSAccount + `", "999999999999"`)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := awsFindings(readResults(t, out))
	unread := "aws:999999999999"
	for _, rule := range []string{"AWS-05", "AWS-18", "AWS-19", "AWS-IAM-01", "AWS-01"} {
		f, ok := got[rule+" "+unread+" "]
		if assert.True(t, ok, "%s has no finding for the unread account", rule) {
			assert.Equal(t, results.StatusError, f.Status, "%s: %s", rule, f.Message)
			assert.Contains(t, f.Message, "sts:AssumeRole")
		}
	}
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		f := got["AWS-03 "+unread+":"+region+" "]
		assert.Equal(t, results.StatusError, f.Status, "AWS-03 in %s: %s", region, f.Message)
	}
	for key, f := range got {
		if strings.Contains(key, "999999999999") {
			assert.Contains(t, []string{results.StatusError, results.StatusSkipped}, f.Status, "%s: %s", key, f.Message)
		}
	}
	assert.Equal(t, results.StatusPass, got["AWS-18 aws:"+fakeAWSAccount+" "].Status, "the account that was read is still judged")

	// The gate: with nothing failing, an expected account that could not be read is
	// incomplete evidence for the gated rules (AWS-05 is major), exit 3, not 0.
	withAccounts(`"999999999999"`)
	_, stderr, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out)
	assert.Equal(t, exitIncomplete, code, stderr)
	assert.Equal(t, results.StatusError, awsFindings(readResults(t, out))["AWS-05 "+unread+" "].Status)
}

// AWS-18 reads the organization and AWS-19 the security contact: a refused
// GetAlternateContact skips AWS-19 alone, and the organization is still judged.
func TestAWSContactRefusedSkipsOnlyAWS19(t *testing.T) {
	dir, srv := awsISMS(t)
	srv.Fail("account:GetAlternateContact", 403, "AccessDeniedException", -1)
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "-o", out, "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	got := awsFindings(readResults(t, out))
	account := "aws:" + fakeAWSAccount + " "
	assert.Equal(t, results.StatusPass, got["AWS-18 "+account].Status, got["AWS-18 "+account].Message)
	f := got["AWS-19 "+account]
	assert.Equal(t, results.StatusSkipped, f.Status, f.Message)
	assert.Contains(t, f.Message, "account:GetAlternateContact")
}

// --progress reports accounts done for the AWS source too, without credentials in it.
func TestAWSProgressWhenAsked(t *testing.T) {
	dir, _ := awsISMS(t)
	_, stderr, code := run(t, "--progress", "collect", dir, "--only", "aws", "--out", filepath.Join(t.TempDir(), "bundle"))
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `aws aws:\S+: 0/1 accounts · \d+ requests\n`, stderr)
	assert.Regexp(t, `aws aws:\S+: 1/1 accounts · \d+ requests`, stderr, "the last report always shows")
	assert.NotContains(t, stderr, fakeAWSSecret)
	assert.NotContains(t, stderr, fakeAWSKey)
}
