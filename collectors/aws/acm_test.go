package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ACM certificates of every key type, read from the two pages of ListCertificates in each
// region, with no call per certificate while the summaries carry NotAfter.
func TestCertificates(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))

	assert.Len(t, ofKind(docs, KindCertificate), 10, "five certificates on two pages, in each of two regions")
	api := find(t, docs, KindCertificate, "aws:"+testAccount+":us-east-1:acm/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
	assert.JSONEq(t, `{"account_id":"123456789012","region":"us-east-1","certificate_id":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		"arn":"arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","domain":"api.example.com",
		"type":"AMAZON_ISSUED","status":"ISSUED","renewal_eligibility":"INELIGIBLE","in_use":true,
		"not_after":"2026-12-05T12:00:00Z"}`, asJSON(t, api.Data))
	pending := find(t, docs, KindCertificate, "aws:"+testAccount+":eu-west-1:acm/99999999-8888-7777-6666-555555555555")
	assert.Nil(t, pending.Data["not_after"], "a certificate not yet issued has no validity")
	assert.True(t, pending.Complete)

	region := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
	assert.Equal(t, "5", asJSON(t, region.Data["inventory"].(map[string]any)[KindCertificate]))
	assert.Equal(t, 4, s.Calls("acm:ListCertificates"), "two pages per region")
	assert.Zero(t, s.Calls("acm:DescribeCertificate"), "the summaries carry NotAfter")
	assert.True(t, s.Seen("EC_secp384r1"), "every key type is asked for, not only RSA_2048")
}

// An issued certificate whose summary lacks NotAfter is described; a refused description
// leaves its expiry null with the error, never a certificate that seems not to expire.
func TestCertificateWithoutNotAfterIsDescribed(t *testing.T) {
	summary := []byte(`{"CertificateSummaryList":[{"CertificateArn":"arn:aws:acm:{{region}}:{{account}}:certificate/c0ffee00-0000-0000-0000-000000000001",
		"DomainName":"intranet.example.com","Status":"ISSUED","Type":"AMAZON_ISSUED"}]}`)
	id := "aws:" + testAccount + ":us-east-1:acm/c0ffee00-0000-0000-0000-000000000001"
	t.Run("described", func(t *testing.T) {
		s := startFake(t)
		s.SetStatic("acm:ListCertificates", summary)
		docs, _ := collect(t, testOptions(s, nil))
		d := find(t, docs, KindCertificate, id)
		assert.Equal(t, "2026-12-01T12:00:00Z", d.Data["not_after"])
		assert.Equal(t, true, d.Data["in_use"])
		assert.Equal(t, 2, s.Calls("acm:DescribeCertificate"))
	})
	t.Run("refused", func(t *testing.T) {
		s := startFake(t)
		s.SetStatic("acm:ListCertificates", summary)
		s.Fail("acm:DescribeCertificate", 400, "AccessDeniedException", -1)
		docs, _ := collect(t, testOptions(s, nil))
		d := find(t, docs, KindCertificate, id)
		assert.Nil(t, d.Data["not_after"])
		require.Len(t, d.Errors, 1)
		assert.Equal(t, "aws:acm:DescribeCertificate", d.Errors[0].Needs)
		assert.True(t, d.Errors[0].Denied)
	})
}
