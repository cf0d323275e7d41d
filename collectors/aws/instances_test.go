package aws

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/rules"
)

// EC2 instances: state, metadata options, tags, whether SSM manages them and their patch
// compliance, with one SSM listing each per region (none per instance).
func TestInstances(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))

	assert.Len(t, ofKind(docs, KindEC2Instance), 8, "four instances in each of two regions")
	web := find(t, docs, KindEC2Instance, "aws:"+testAccount+":us-east-1:i-1234567890abcdef0")
	assert.JSONEq(t, `{"account_id":"123456789012","region":"us-east-1","instance_id":"i-1234567890abcdef0","state":"running",
		"http_tokens":"required","http_endpoint":"enabled","tags":{"Name":"web-1","environment":"production"},
		"ssm_managed":true,"patch_status":"COMPLIANT"}`, asJSON(t, web.Data))
	legacy := find(t, docs, KindEC2Instance, "aws:"+testAccount+":us-east-1:i-0598c7d356eba48d7")
	assert.Equal(t, "optional", legacy.Data["http_tokens"])
	assert.Equal(t, false, legacy.Data["ssm_managed"])
	assert.Equal(t, "UNKNOWN", legacy.Data["patch_status"], "no patch summary: never scanned")
	assert.Equal(t, "NON_COMPLIANT", find(t, docs, KindEC2Instance, "aws:"+testAccount+":eu-west-1:i-0fedcba9876543210").Data["patch_status"])

	region := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
	assert.Equal(t, "4", asJSON(t, region.Data["inventory"].(map[string]any)[KindEC2Instance]))
	assert.Equal(t, 2, s.Calls("ssm:DescribeInstanceInformation"), "one listing per region")
	assert.Equal(t, 2, s.Calls("ssm:ListResourceComplianceSummaries"), "one listing per region")
	assert.True(t, s.Seen("Patch"), "compliance is filtered to Patch on the server")
}

// A region without instances asks SSM nothing; a refused SSM call leaves only its fact null.
func TestInstancesSSMUnread(t *testing.T) {
	t.Run("no instances", func(t *testing.T) {
		s := startFake(t)
		s.SetStatic("ec2:DescribeInstances", []byte(`<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><reservationSet/></DescribeInstancesResponse>`))
		docs, _ := collect(t, testOptions(s, nil))
		assert.Empty(t, ofKind(docs, KindEC2Instance))
		assert.Equal(t, 0, s.Calls("ssm:DescribeInstanceInformation"))
	})
	for op, fact := range map[string]string{"DescribeInstanceInformation": "ssm_managed", "ListResourceComplianceSummaries": "patch_status"} {
		t.Run(op, func(t *testing.T) {
			s := startFake(t)
			s.Fail("ssm:"+op, 400, "AccessDeniedException", -1)
			docs, _ := collect(t, testOptions(s, nil))
			for _, d := range ofKind(docs, KindEC2Instance) {
				assert.Nil(t, d.Data[fact])
				assert.NotNil(t, d.Data["http_tokens"])
				if assert.Len(t, d.Errors, 1) {
					assert.Equal(t, "aws:ssm:"+op, d.Errors[0].Needs)
					assert.True(t, d.Errors[0].Denied)
				}
			}
		})
	}
}

// AWS-21 over collected evidence when the patch listing has no summary for an instance SSM
// manages: an observation that nothing was recorded, never a pass. The unmanaged instance is
// left to AWS-17. When whether SSM manages an instance is unread, AWS-21 cannot tell an
// unscanned managed instance from an unmanaged one: it is skipped, naming the action.
func TestPatchComplianceAudit(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	web := "aws:" + testAccount + ":us-east-1:i-1234567890abcdef0"
	legacy := "aws:" + testAccount + ":us-east-1:i-0598c7d356eba48d7"
	noSummaries := []byte(`{"ResourceComplianceSummaryItems":[]}`)

	s := startFake(t)
	s.SetStatic("ssm:ListResourceComplianceSummaries", noSummaries)
	docs, cov := collect(t, testOptions(s, nil))
	got := auditAWS(t, pack, docs, cov)
	f := got["AWS-21 "+web+" no-patch-scan"]
	assert.Equal(t, results.StatusFail, f.Status, f.Message)
	assert.Equal(t, "observation", f.Grade)
	assert.Contains(t, f.Message, "no patch compliance recorded")
	assert.Equal(t, results.StatusPass, got["AWS-21 "+legacy+" "].Status, "unmanaged: AWS-17 reports it")
	assert.Equal(t, results.StatusFail, got["AWS-17 "+legacy+" not-managed"].Status)

	s = startFake(t)
	s.SetStatic("ssm:ListResourceComplianceSummaries", noSummaries)
	s.Fail("ssm:DescribeInstanceInformation", 400, "AccessDeniedException", -1)
	docs, cov = collect(t, testOptions(s, nil))
	got = auditAWS(t, pack, docs, cov)
	judged := 0
	for key, f := range got {
		if f.RuleID == "AWS-21" && f.Resource.Kind == KindEC2Instance {
			judged++
			assert.Equal(t, results.StatusSkipped, f.Status, "%s: %s", key, f.Message)
			assert.Contains(t, f.Message, "ssm:DescribeInstanceInformation", key)
		}
	}
	assert.Equal(t, 8, judged, "every instance has its AWS-21 result")
}
