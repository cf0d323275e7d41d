package aws

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/rules"
)

// asManagementAccount makes the fake's organization name the collected account as its
// management account, the only one that can read SCPs.
func asManagementAccount(s *fakeaws.Server) {
	s.SetStatic("organizations:DescribeOrganization", []byte(`{"Organization":{"Id":"o-exampleorgid","MasterAccountId":"{{account}}",
		"Arn":"arn:aws:organizations::{{account}}:organization/o-exampleorgid","FeatureSet":"ALL"}}`))
}

// The management account's SCPs: names, what each denies, and the guardrails of those
// attached somewhere (a draft attached nowhere guards nothing).
func TestServiceControlPolicies(t *testing.T) {
	s := startFake(t)
	asManagementAccount(s)
	docs, _ := collect(t, testOptions(s, nil))
	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	assert.True(t, acct.Complete, "%v", acct.Errors)
	assert.JSONEq(t, `{
		"denies_leave_organization": true, "denies_cloudtrail_stop_logging": true, "denies_cloudtrail_delete_trail": true,
		"denies_config_stop_recorder": false, "region_allow_list": true,
		"policies": [
			{"id":"p-examplepolicyid111","name":"DenyLeaveAndAuditTampering","aws_managed":false,"targets":1,"attached_to_root":true,"readable":true,
			 "denies":["cloudtrail:DeleteTrail","cloudtrail:StopLogging","organizations:LeaveOrganization"],"region_allow_list":false},
			{"id":"p-FullAWSAccess","name":"FullAWSAccess","aws_managed":true,"targets":1,"attached_to_root":true,"readable":true,"denies":[],"region_allow_list":false},
			{"id":"p-examplepolicyid333","name":"ProtectConfig","aws_managed":false,"targets":0,"attached_to_root":false,"readable":true,
			 "denies":["config:StopConfigurationRecorder"],"region_allow_list":false},
			{"id":"p-examplepolicyid222","name":"RegionAllowList","aws_managed":false,"targets":1,"attached_to_root":true,"readable":true,"denies":[],"region_allow_list":true}
		]}`, asJSON(t, acct.Data["service_control_policies"]))
	assert.Equal(t, 4, s.Calls("organizations:DescribePolicy"))
	assert.True(t, s.Seen("SERVICE_CONTROL_POLICY"), "only SCPs are listed")
}

// A policy attached only to OUs or accounts guards only them: it is recorded with its
// targets but credits no guardrail to the organization; the root's attachment does.
func TestServiceControlPoliciesCreditOnlyTheRoot(t *testing.T) {
	ouOnly := []byte(`{"Targets":[{"TargetId":"ou-exam-ple11111","Arn":"arn:aws:organizations::{{account}}:ou/o-exampleorgid/ou-exam-ple11111","Name":"Sandbox","Type":"ORGANIZATIONAL_UNIT"},
		{"TargetId":"111111111111","Arn":"arn:aws:organizations::{{account}}:account/o-exampleorgid/111111111111","Name":"dev","Type":"ACCOUNT"}]}`)
	for _, tt := range []struct {
		name    string
		targets []byte
		credits bool
	}{
		{"organizational unit and account only", ouOnly, false},
		{"root among other targets", []byte(`{"Targets":[{"TargetId":"ou-exam-ple11111","Name":"Sandbox","Type":"ORGANIZATIONAL_UNIT"},
			{"TargetId":"r-examplerootid111","Name":"Root","Type":"ROOT"}]}`), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			asManagementAccount(s)
			s.SetStatic("organizations:ListTargetsForPolicy.p-examplepolicyid111", tt.targets)
			docs, _ := collect(t, testOptions(s, nil))
			acct := find(t, docs, KindAccount, "aws:"+testAccount)
			scps := acct.Data["service_control_policies"].(map[string]any)
			assert.Equal(t, tt.credits, scps["denies_leave_organization"])
			assert.Equal(t, tt.credits, scps["denies_cloudtrail_stop_logging"])
			assert.Equal(t, tt.credits, scps["denies_cloudtrail_delete_trail"])
			assert.Equal(t, true, scps["region_allow_list"], "the other policies are still attached to the root")
			for _, p := range scps["policies"].([]any) {
				if p := p.(map[string]any); p["id"] == "p-examplepolicyid111" {
					assert.Equal(t, "2", asJSON(t, p["targets"]))
					assert.Equal(t, tt.credits, p["attached_to_root"])
					assert.Len(t, p["denies"], 3, "what the policy itself denies is still recorded")
				}
			}
		})
	}
}

// A member account cannot read SCPs: nothing is asked, and no fact claims anything.
func TestServiceControlPoliciesNotReadInMemberAccounts(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))
	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	_, has := acct.Data["service_control_policies"]
	assert.False(t, has)
	assert.Zero(t, s.Calls("organizations:ListPolicies"))
}

// Any refused SCP call leaves the whole fact null with its error: a partial read would
// miss a guardrail and report it absent.
func TestServiceControlPoliciesUnread(t *testing.T) {
	for _, op := range []string{"ListPolicies", "DescribePolicy", "ListTargetsForPolicy"} {
		t.Run(op, func(t *testing.T) {
			s := startFake(t)
			asManagementAccount(s)
			s.Fail("organizations:"+op, 400, "AccessDeniedException", -1)
			docs, _ := collect(t, testOptions(s, nil))
			acct := find(t, docs, KindAccount, "aws:"+testAccount)
			v, has := acct.Data["service_control_policies"]
			assert.True(t, has)
			assert.Nil(t, v)
			require.Len(t, acct.Errors, 1)
			assert.Equal(t, "aws:organizations:"+op, acct.Errors[0].Needs)
			assert.True(t, acct.Errors[0].Denied)
		})
	}
}

func TestSCPGuards(t *testing.T) {
	for _, tt := range []struct {
		name    string
		content string
		denies  []string
		regions bool
	}{
		{"allow only", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, nil, false},
		{"service wildcard", `{"Statement":[{"Effect":"Deny","Action":["organizations:*"],"Resource":"*"}]}`, []string{"organizations:LeaveOrganization"}, false},
		{"action glob, any case", `{"Statement":[{"Effect":"Deny","Action":"CloudTrail:Stop*","Resource":"*"}]}`, []string{"cloudtrail:StopLogging"}, false},
		{"NotAction denies the rest", `{"Statement":[{"Effect":"Deny","NotAction":["cloudtrail:*","config:*"],"Resource":"*"}]}`, []string{"organizations:LeaveOrganization"}, false},
		{"principal exemption still guards", `{"Statement":[{"Effect":"Deny","Action":"config:StopConfigurationRecorder","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"}}}]}`, []string{"config:StopConfigurationRecorder"}, false},
		{"region deny guards no action", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"AWS:RequestedRegion":["eu-west-1"]}}}]}`, nil, true},
		{"region equals is no allow-list", `{"Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["ap-east-1"]}}}]}`, nil, false},
		{"for-any-value prefix", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringNotLike":{"aws:RequestedRegion":["eu-*"]}}}]}`, nil, true},
		// A Deny counts only on every resource, applying to every principal but exempted ones.
		{"resource absent", `{"Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization"}]}`, []string{"organizations:LeaveOrganization"}, false},
		{"star among resources", `{"Statement":[{"Effect":"Deny","Action":"cloudtrail:DeleteTrail","Resource":["arn:aws:cloudtrail:*:*:trail/org","*"]}]}`, []string{"cloudtrail:DeleteTrail"}, false},
		{"one trail's ARN guards almost nothing", `{"Statement":[{"Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],"Resource":"arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"}]}`, nil, false},
		{"NotResource", `{"Statement":[{"Effect":"Deny","Action":"cloudtrail:*","NotResource":"arn:aws:cloudtrail:*:*:trail/sandbox"}]}`, nil, false},
		{"condition selecting principals", `{"Statement":[{"Effect":"Deny","Action":"config:StopConfigurationRecorder","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"sandbox"}}}]}`, nil, false},
		{"tag exemption is not a principal exemption", `{"Statement":[{"Effect":"Deny","Action":"config:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/role":"admin"}}}]}`, nil, false},
		{"exemption beside a selecting condition", `{"Statement":[{"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"},"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`, nil, false},
		{"exemption IfExists variants", `{"Statement":[{"Effect":"Deny","Action":["cloudtrail:StopLogging","organizations:LeaveOrganization"],"Resource":"*","Condition":{"ArnNotEqualsIfExists":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/Admin"},"StringNotLikeIfExists":{"AWS:PrincipalARN":["arn:aws:iam::*:role/BreakGlass*"]}}}]}`, []string{"organizations:LeaveOrganization", "cloudtrail:StopLogging"}, false},
		{"region allow-list with an exemption", `{"Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"],"aws:PrincipalArn":"arn:aws:iam::*:role/Net"}}}]}`, nil, true},
		{"region deny for some principals only", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]},"StringEquals":{"aws:PrincipalTag/team":"a"}}}]}`, nil, false},
		{"region deny on one resource", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::logs","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}`, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := scpGuards(tt.content)
			assert.True(t, g.readable)
			assert.Equal(t, tt.denies, g.denies)
			assert.Equal(t, tt.regions, g.regionAllowList)
		})
	}
	assert.False(t, scpGuards("not json").readable)
}

// AWS-23 over collected evidence: the management account misses only the Config guardrail
// (its SCP is attached nowhere); a member account gets no AWS-23 finding at all.
func TestSCPGuardrailsAudit(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	account := "aws:" + testAccount

	s := startFake(t)
	asManagementAccount(s)
	docs, cov := collect(t, testOptions(s, nil))
	var keys []string
	for key, f := range auditAWS(t, pack, docs, cov) {
		if f.RuleID == "AWS-23" {
			assert.Equal(t, results.StatusFail, f.Status, key)
			assert.Equal(t, "observation", f.Grade, key)
			keys = append(keys, key)
		}
	}
	assert.Equal(t, []string{"AWS-23 " + account + " config-stop"}, keys)

	member := startFake(t)
	docs, cov = collect(t, testOptions(member, nil))
	for key, f := range auditAWS(t, pack, docs, cov) {
		assert.NotEqual(t, "AWS-23", f.RuleID, "a member account cannot be judged: %s %s", key, f.Status)
	}
}
