package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCredentialReportByHeaderName(t *testing.T) {
	// Columns in another order than documented, and the special values.
	csv := "arn,user,mfa_active,password_enabled,password_last_used,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated,access_key_1_last_used_date\n" +
		"arn:aws:iam::1:root,<root_account>,true,not_supported,no_information,false,N/A,false,N/A,N/A\n" +
		"arn:aws:iam::1:user/a,a,false,true,2026-01-02T03:04:05+00:00,true,2025-01-01T00:00:00+00:00,false,N/A,2026-11-20T10:00:00+01:00\n"
	rep, err := parseCredentialReport([]byte(csv), nil)
	require.NoError(t, err)
	root := rep.rows[rootUser]
	assert.Nil(t, reportTime(root, "password_last_used"), "no_information")
	assert.Nil(t, reportBool(root, "password_enabled"), "not_supported")
	a := rep.rows["a"]
	assert.Equal(t, "2026-01-02T03:04:05Z", reportTime(a, "password_last_used"))
	assert.Equal(t, []any{map[string]any{"slot": 1, "id_suffix": nil, "active": true, "last_rotated": "2025-01-01T00:00:00Z",
		"last_used": "2026-11-20T09:00:00Z", "last_used_service": nil}}, accessKeys(a))

	_, err = parseCredentialReport([]byte("user,arn\n\"unterminated\n"), nil)
	assert.Error(t, err)
}

func TestPolicyDocumentNormalized(t *testing.T) {
	doc, err := policyDocument("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22NotResource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ax%22%7D%7D")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Action": []any{"s3:*"}, "NotResource": []any{"arn:aws:s3:::x"}}}}, doc)
	_, err = policyDocument("%7Bnot json")
	assert.Error(t, err)
}

func TestDeniesInsecureTransport(t *testing.T) {
	deny := map[string]any{"Statement": []any{map[string]any{"Effect": "Deny", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}}}
	assert.True(t, deniesInsecureTransport(deny))
	allow := map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}}}}}
	assert.False(t, deniesInsecureTransport(allow))
}

func TestRedact(t *testing.T) {
	in := `failed with AKIAIOSFODNN7EXAMPLE and ASIAFAKE123456789012; X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE&x=1 SessionToken: "abc" aws_secret_access_key=wJalrXUtnFEMI`
	out := redact(in)
	for _, s := range []string{"AKIAIOSFODNN7EXAMPLE", "ASIAFAKE123456789012", "FwoGZXIvYXdzEXAMPLE", `"abc"`, "wJalrXUtnFEMI"} {
		assert.NotContains(t, out, s)
	}
	assert.Contains(t, out, "…MPLE")
	assert.Equal(t, "WXYZ", keySuffix("AKIDTESTKEY0000WXYZ"))
}
