package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssumeRoleInEveryOtherAccount(t *testing.T) {
	s := startFake(t)
	s.ExternalID = "ext-123"
	s.AddAccount(fakeaws.SyntheticAccount("222222222222", 4, 3))
	var log bytes.Buffer
	o := testOptions(s, &log)
	o.Accounts = []string{testAccount, "222222222222", "999999999999"} // the last has no such role
	o.RoleName, o.ExternalID = "audit", "ext-123"
	docs, cov := collect(t, o)

	assert.True(t, s.Seen("ExternalId=ext-123"), "the external id is sent")
	assert.Len(t, ofKind(docs, KindAccount), 3)
	// The account whose role could not be assumed is in the evidence, incomplete, with the
	// reason and no single permission named: every rule judging it reports an error.
	unread := find(t, docs, KindAccount, "aws:999999999999")
	assert.False(t, unread.Complete)
	require.Len(t, unread.Errors, 1)
	assert.Empty(t, unread.Errors[0].Needs)
	assert.True(t, unread.Errors[0].Denied)
	assert.Contains(t, unread.Errors[0].Message, "sts:AssumeRole")
	assert.JSONEq(t, `{"account_id":"999999999999","regions":null,"inventory":null}`, asJSON(t, unread.Data))
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		r := find(t, docs, KindRegion, "aws:999999999999:"+region)
		assert.False(t, r.Complete)
		assert.Equal(t, unread.Errors, r.Errors)
	}
	assert.Len(t, ofKind(docs, KindIAMUser), 3+4)
	find(t, docs, KindIAMUser, "aws:222222222222:user/user-00003")
	find(t, docs, KindBucket, "aws:222222222222:s3:bench-bucket-0002")
	assert.Equal(t, evidence.CoveragePartial, cov.Status)
	require.Len(t, cov.Errors, 1)
	assert.Equal(t, "aws:sts:AssumeRole", cov.Errors[0].Needs)
	assert.True(t, cov.Errors[0].Denied)
	assert.Contains(t, cov.Errors[0].Message, "999999999999")

	// Trails seen from both accounts are written once, under the account that owns them.
	assert.Len(t, ofKind(docs, KindTrail), 2)

	// No secret of the caller or of the assumed roles leaves the collector.
	out, err := json.Marshal(struct {
		D []evidence.Document
		C evidence.Coverage
	}{docs, cov})
	require.NoError(t, err)
	for _, secret := range []string{testSecret, testAccessKey, "fakeSecretFor", "fakeSessionTokenFor", "ASIAFAKE"} {
		assert.NotContains(t, string(out), secret)
		assert.NotContains(t, log.String(), secret)
	}
}

func TestOrganizationAccounts(t *testing.T) {
	s := startFake(t)
	for _, id := range []string{"111111111111", "222222222222", "333333333333", "444444444444"} {
		s.AddAccount(fakeaws.SyntheticAccount(id, 1, 0))
	}
	o := testOptions(s, nil)
	o.UseOrganizations, o.RoleName = true, "audit"
	o.Regions = []string{"us-east-1"}
	docs, cov := collect(t, o)
	assert.Len(t, ofKind(docs, KindAccount), 4, "the four ACTIVE accounts of the ListAccounts sample")
	assert.Equal(t, 4, cov.Stats["accounts"])
	assert.Equal(t, 4, s.Calls("sts:AssumeRole"), "the caller's own account is not in the sample's list; each member is assumed")
}

func TestEnabledRegionsWhenNoneGiven(t *testing.T) {
	s := startFake(t)
	o := testOptions(s, nil)
	o.Regions = nil
	docs, _ := collect(t, o)
	assert.Equal(t, []any{"eu-west-1", "us-east-1"}, find(t, docs, KindAccount, "aws:"+testAccount).Data["regions"])
	assert.Len(t, ofKind(docs, KindRegion), 2)
}

func TestNoWorkingCredentialsIsAnError(t *testing.T) {
	s := startFake(t)
	s.FailWith("sts:GetCallerIdentity", 403, "InvalidClientTokenId", "The security token included in the request is invalid.", -1)
	docs, cov, err := Collect(context.Background(), testOptions(s, nil))
	require.Error(t, err)
	assert.Empty(t, docs)
	assert.Equal(t, evidence.CoverageError, cov.Status)
	require.NotEmpty(t, cov.Errors)
	assert.Contains(t, cov.Errors[0].Message, "AWS credentials do not work")
	assert.Contains(t, cov.Errors[0].Message, "InvalidClientTokenId")
	assert.NotContains(t, cov.Errors[0].Message, testAccessKey)
}

// Without a dialer that knows S3 Control's account-prefixed host, the account-wide block
// cannot be read: it must be null with an error, never "not configured".
func TestS3ControlUnreachableIsNotOff(t *testing.T) {
	s := startFake(t)
	o := testOptions(s, nil)
	o.HTTPClient = nil
	o.Regions = []string{"us-east-1"}
	docs, _ := collect(t, o)
	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	assert.Nil(t, acct.Data["s3_public_access_block"])
	var needs []string
	for _, e := range acct.Errors {
		needs = append(needs, e.Needs)
		if e.Needs == "aws:s3:GetAccountPublicAccessBlock" {
			assert.False(t, e.Denied)
		}
	}
	assert.Contains(t, needs, "aws:s3:GetAccountPublicAccessBlock")
	assert.NotNil(t, find(t, docs, KindBucket, "aws:"+testAccount+":s3:amzn-s3-demo-bucket").Data["encryption"], "S3 itself works path-style on 127.0.0.1")
}

func TestActionsCoverEveryCall(t *testing.T) {
	actions := Actions()
	ids := map[string]bool{}
	for _, a := range actions {
		assert.True(t, strings.HasPrefix(a.ID, "aws:"), a.ID)
		assert.NotEmpty(t, a.Kinds, a.ID)
		assert.False(t, ids[a.ID], "duplicate %s", a.ID)
		ids[a.ID] = true
		for _, k := range a.Kinds {
			assert.True(t, evidence.KnownKind(k), k)
			assert.Equal(t, CollectorName, evidence.CollectorOf(k))
		}
	}
	assert.True(t, ids["aws:iam:GetCredentialReport"])
	assert.True(t, ids["aws:s3:GetEncryptionConfiguration"], "S3 operations are named by their IAM action")
	assert.False(t, ids["aws:s3:GetBucketEncryption"])
}
