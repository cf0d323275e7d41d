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

// Inspector v2: one BatchGetAccountStatus per region for the collected account, kept as
// the status of each scan type; a refusal, or the account among failedAccounts, leaves the
// fact null with an error naming the action.
func TestInspectorStatus(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))
	region := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
	assert.JSONEq(t, `{"ec2":"ENABLED","ecr":"DISABLED","lambda":"DISABLED"}`, asJSON(t, region.Data["inspector2"]))
	assert.Equal(t, 2, s.Calls("inspector2:BatchGetAccountStatus"), "one call per region")
	assert.True(t, s.Seen(`"accountIds":["`+testAccount+`"]`), "asks for the collected account only")

	for _, tt := range []struct {
		name   string
		setup  func(*testing.T)
		denied bool
	}{
		{"refused", nil, true},
		{"failed account", func(t *testing.T) {
			s.SetStatic("inspector2:BatchGetAccountStatus", []byte(`{"accounts":[],"failedAccounts":[{"accountId":"{{account}}","errorCode":"ACCESS_DENIED","errorMessage":"not a member","status":"DISABLED"}]}`))
		}, true},
		{"account missing", func(t *testing.T) {
			s.SetStatic("inspector2:BatchGetAccountStatus", []byte(`{"accounts":[{"accountId":"999999999999","state":{"status":"ENABLED"}}],"failedAccounts":[]}`))
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s = startFake(t)
			if tt.setup == nil {
				s.Fail("inspector2:BatchGetAccountStatus", 403, "AccessDeniedException", -1)
			} else {
				tt.setup(t)
			}
			docs, _ := collect(t, testOptions(s, nil))
			region := find(t, docs, KindRegion, "aws:"+testAccount+":eu-west-1")
			v, has := region.Data["inspector2"]
			assert.True(t, has)
			assert.Nil(t, v)
			var found bool
			for _, e := range region.Errors {
				if e.Needs == "aws:inspector2:BatchGetAccountStatus" {
					found = true
					assert.Equal(t, tt.denied, e.Denied, e.Message)
				}
			}
			assert.True(t, found, "the error names the action")
		})
	}
}

// An answer naming the account without its EC2 or ECR status (no resourceState, or a scan
// type left out) is an unread fact, not a refusal: that status is null, the region carries
// an error naming the action, and AWS-24 is an error for the region, never a pass.
func TestInspectorStatusMissing(t *testing.T) {
	pack, err := engine.Load(context.Background(), engine.Source{Name: "rules", FS: rules.FS, Builtin: true})
	require.NoError(t, err)
	for _, tt := range []struct {
		name, answer, want string
	}{
		{"no resource state", `{"accounts":[{"accountId":"{{account}}","state":{"status":"ENABLED"}}],"failedAccounts":[]}`,
			`{"ec2":null,"ecr":null,"lambda":null}`},
		{"no ecr state", `{"accounts":[{"accountId":"{{account}}","state":{"status":"ENABLED"},"resourceState":{"ec2":{"status":"ENABLED"},"lambda":{"status":"ENABLED"}}}],"failedAccounts":[]}`,
			`{"ec2":"ENABLED","ecr":null,"lambda":"ENABLED"}`},
		{"no ec2 state", `{"accounts":[{"accountId":"{{account}}","state":{"status":"ENABLED"},"resourceState":{"ecr":{"status":"ENABLED"}}}],"failedAccounts":[]}`,
			`{"ec2":null,"ecr":"ENABLED","lambda":null}`},
		{"empty ec2 status", `{"accounts":[{"accountId":"{{account}}","state":{"status":"ENABLED"},"resourceState":{"ec2":{},"ecr":{"status":"ENABLED"}}}],"failedAccounts":[]}`,
			`{"ec2":null,"ecr":"ENABLED","lambda":null}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			s.SetStatic("inspector2:BatchGetAccountStatus", []byte(tt.answer))
			docs, cov := collect(t, testOptions(s, nil))
			id := "aws:" + testAccount + ":eu-west-1"
			region := find(t, docs, KindRegion, id)
			assert.JSONEq(t, tt.want, asJSON(t, region.Data["inspector2"]))
			assert.False(t, region.Complete)
			var found bool
			for _, e := range region.Errors {
				if e.Needs == "aws:inspector2:BatchGetAccountStatus" {
					found = true
					assert.False(t, e.Denied, "a missing status is not a refusal")
				}
			}
			assert.True(t, found, "the error names the action: %v", region.Errors)

			got := auditAWS(t, pack, docs, cov)
			f, ok := got["AWS-24 "+id+" "]
			require.True(t, ok, "AWS-24 judges the region")
			assert.Equal(t, results.StatusError, f.Status, f.Message)
			assert.Contains(t, f.Message, "inspector2:BatchGetAccountStatus")
		})
	}
}

// ECR: the registry scanning configuration, and the repositories listed only when no rule
// scans every repository on push.
func TestECRScanOnPush(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))
	region := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
	assert.JSONEq(t, `{"scan_type":"BASIC","registry_wide":false,"rules":[{"scan_frequency":"SCAN_ON_PUSH","filters":["prod-*"]}],
		"repositories":3,"not_scanned_on_push":["legacy-tools"]}`, asJSON(t, region.Data["ecr"]),
		"prod-api by the registry rule, project-a/nginx-web-app by its own setting")
	assert.Equal(t, 2, s.Calls("ecr:DescribeRepositories"))

	for _, tt := range []struct {
		name, config   string
		listed         bool
		notScanned     string
		wantRegistryOK bool
	}{
		{"basic registry-wide rule", `{"scanningConfiguration":{"scanType":"BASIC","rules":[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]}}`, false, "", true},
		{"enhanced continuous for all", `{"scanningConfiguration":{"scanType":"ENHANCED","rules":[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]}}`, false, "", true},
		{"basic manual rule for all", `{"scanningConfiguration":{"scanType":"BASIC","rules":[{"scanFrequency":"MANUAL","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]}}`, true, `["legacy-tools","prod-api"]`, false},
		// Enhanced scanning ignores each repository's own scanOnPush.
		{"enhanced partial", `{"scanningConfiguration":{"scanType":"ENHANCED","rules":[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"nginx","filterType":"WILDCARD"}]}]}}`, true, `["legacy-tools","prod-api"]`, false},
		{"no configuration", `{}`, true, `["legacy-tools","prod-api"]`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			s.SetStatic("ecr:GetRegistryScanningConfiguration", []byte(tt.config))
			docs, _ := collect(t, testOptions(s, nil))
			ecr := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1").Data["ecr"].(map[string]any)
			assert.Equal(t, tt.wantRegistryOK, ecr["registry_wide"])
			if tt.listed {
				assert.Equal(t, 2, s.Calls("ecr:DescribeRepositories"))
				assert.JSONEq(t, tt.notScanned, asJSON(t, ecr["not_scanned_on_push"]))
			} else {
				assert.Zero(t, s.Calls("ecr:DescribeRepositories"), "a registry-wide rule needs no repository listing")
				assert.NotContains(t, ecr, "repositories")
			}
		})
	}

	t.Run("repositories unread", func(t *testing.T) {
		s := startFake(t)
		s.Fail("ecr:DescribeRepositories", 400, "AccessDeniedException", -1)
		docs, _ := collect(t, testOptions(s, nil))
		region := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
		ecr := region.Data["ecr"].(map[string]any)
		assert.Equal(t, "BASIC", ecr["scan_type"])
		assert.Nil(t, ecr["repositories"])
		assert.Nil(t, ecr["not_scanned_on_push"])
		require.NotEmpty(t, region.Errors)
		assert.Equal(t, "aws:ecr:DescribeRepositories", region.Errors[0].Needs)
		assert.True(t, region.Errors[0].Denied)
	})
}

func TestRepositoryFilter(t *testing.T) {
	for _, tt := range []struct {
		filter, name string
		want         bool
	}{
		{"prod-*", "prod-api", true},
		{"prod-*", "team/prod-api", false},
		{"*/nginx*", "project-a/nginx-web-app", true},
		{"nginx", "project-a/nginx-web-app", true}, // no wildcard: contains
		{"nginx", "apache", false},
		{"a.b*", "axb", false}, // dots are literal
		{"*", "anything/at/all", true},
	} {
		assert.Equal(t, tt.want, repositoryFilter(tt.filter)(tt.name), "%s ~ %s", tt.filter, tt.name)
	}
}
