package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/stretchr/testify/require"
)

const (
	testAccount   = "123456789012" // the account of AWS's GetCallerIdentity sample
	testAccessKey = "AKIDTESTKEY0000WXYZ"
	testSecret    = "testSecretKeyThatMustNeverLeak"
)

// startFake runs the fake AWS endpoint with the fixture account and points the SDK's
// default chain at it through the environment, as a user's shell would.
func startFake(t testing.TB) *fakeaws.Server {
	t.Helper()
	require.NoError(t, fakeaws.LoadHeader("testdata/model/GetCredentialReport.header.csv"))
	s, err := fakeaws.New("testdata/wire")
	require.NoError(t, err)
	t.Cleanup(s.Close)
	acct, err := fakeaws.FixtureAccount(testAccount, "testdata/model/GetAccountAuthorizationDetails.cli.json")
	require.NoError(t, err)
	s.AddAccount(acct)

	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            s.URL,
		"AWS_ACCESS_KEY_ID":           testAccessKey,
		"AWS_SECRET_ACCESS_KEY":       testSecret,
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "us-east-1",
		"AWS_DEFAULT_REGION":          "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             t.TempDir() + "/none",
		"AWS_SHARED_CREDENTIALS_FILE": t.TempDir() + "/none",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_RETRY_MODE":              "",
		"AWS_MAX_ATTEMPTS":            "",
	} {
		t.Setenv(k, v)
	}
	// AWS_CA_BUNDLE may be set on the machine; the fake's client is a BuildableClient, so
	// the SDK can apply it and the plain-HTTP loopback calls ignore it.
	oldBackoff, oldPoll := maxBackoff, reportFirstPoll
	maxBackoff, reportFirstPoll = 20*time.Millisecond, 5*time.Millisecond
	t.Cleanup(func() { maxBackoff, reportFirstPoll = oldBackoff, oldPoll })
	return s
}

func testOptions(s *fakeaws.Server, log *bytes.Buffer) Options {
	o := Options{
		Regions:    []string{"us-east-1", "eu-west-1"},
		Version:    "test",
		Now:        func() time.Time { return time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC) },
		HTTPClient: s.HTTPClient(),
	}
	if log != nil {
		o.Log = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return o
}

func collect(t *testing.T, o Options) ([]evidence.Document, evidence.Coverage) {
	t.Helper()
	docs, cov, err := Collect(context.Background(), o)
	require.NoError(t, err)
	return docs, cov
}

// find returns the document of that kind and id.
func find(t *testing.T, docs []evidence.Document, kind, id string) evidence.Document {
	t.Helper()
	for _, d := range docs {
		if d.Kind == kind && d.ID == id {
			return d
		}
	}
	t.Fatalf("no %s %s among %d documents", kind, id, len(docs))
	return evidence.Document{}
}

func ofKind(docs []evidence.Document, kind string) []evidence.Document {
	var out []evidence.Document
	for _, d := range docs {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// asJSON renders a value as the bundle would, to compare with expectations written as JSON.
func asJSON(t testing.TB, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	return string(raw)
}

func digests(docs []evidence.Document) map[string]string {
	out := map[string]string{}
	for _, d := range docs {
		out[d.Kind+" "+d.ID] = d.Digest
	}
	return out
}
