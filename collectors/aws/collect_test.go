package aws

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCollectFixtureAccount(t *testing.T) {
	s := startFake(t)
	docs, cov := collect(t, testOptions(s, nil))

	counts := map[string]int{}
	for _, d := range docs {
		counts[d.Kind]++
		assert.True(t, strings.HasPrefix(d.ID, "aws:"+testAccount) || strings.HasPrefix(d.ID, "arn:aws:"), d.ID)
		assert.Equal(t, CollectorName, d.Provenance.Collector)
		assert.True(t, d.Complete, "%s %s: %v", d.Kind, d.ID, d.Errors)
	}
	assert.Equal(t, map[string]int{
		KindAccount: 1, KindRegion: 2, KindIAMUser: 3, KindIAMRole: 1, KindIAMPolicy: 9,
		KindTrail:  2, // seen in both regions, written once each
		KindBucket: 2, KindKMSKey: 4, KindSecurityGroup: 2, KindVPC: 6, KindRDSInstance: 2,
		KindBackupPlan: 2, KindBackupVault: 2, KindLogGroup: 4, KindLoadBalancer: 6, KindEC2Instance: 8, KindCertificate: 10,
	}, counts)
	assert.Equal(t, evidence.CoverageOK, cov.Status)
	assert.Equal(t, len(docs), cov.Collected)

	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	assert.JSONEq(t, `{
		"account_id":"123456789012","alias":"example-corporation",
		"inventory":{"aws.cloudtrail.trail":2,"aws.iam.policy":9,"aws.iam.role":1,"aws.iam.user":3,"aws.s3.bucket":2},
		"organization":{"id":"o-exampleorgid","master_account_id":"111111111111"},
		"password_policy":{"allow_users_to_change":true,"max_password_age":90,"minimum_password_length":12,"password_reuse_prevention":12,
			"require_lowercase":true,"require_numbers":true,"require_symbols":true,"require_uppercase":true},
		"regions":["eu-west-1","us-east-1"],
		"root":{"access_key_1_active":false,"access_key_1_last_used":null,"access_key_2_active":false,"access_key_2_last_used":null,
			"hardware_mfa":true,"mfa_active":true,"password_last_used":"2026-11-01T09:00:00Z"},
		"s3_public_access_block":{"block_public_acls":true,"block_public_policy":true,"configured":true,"ignore_public_acls":true,"restrict_public_buckets":true},
		"security_contact":{"configured":true,"email":true,"phone":true},
		"summary":{"account_access_keys_present":false,"account_mfa_enabled":true,"groups":7,"policies":22,"roles":0,"users":32}}`, asJSON(t, acct.Data))
	assert.False(t, s.Seen("security-team@example.com"), "the contact's address is never asked for by value")

	bob := find(t, docs, KindIAMUser, "aws:"+testAccount+":user/Bob")
	assert.JSONEq(t, `{"access_keys":[
			{"active":true,"id_suffix":null,"last_rotated":"2025-01-15T12:00:00Z","last_used":"2026-11-19T12:00:00Z","last_used_service":"s3","slot":1},
			{"active":true,"id_suffix":null,"last_rotated":"2025-01-15T12:00:00Z","last_used":"2026-11-19T12:00:00Z","last_used_service":"s3","slot":2}],
		"account_id":"123456789012","arn":"arn:aws:iam::123456789012:user/Bob","attached_policies":[],"created_at":"2013-10-14T18:32:25Z",
		"groups":["Admins"],"inline_policies":["DenyBillingAndIAMPolicy"],"mfa_active":false,"mfa_phishing_resistant":false,"name":"Bob",
		"password_enabled":true,"password_last_changed":"2019-01-01T10:00:00Z","password_last_used":null,"path":"/","tags":{}}`, asJSON(t, bob.Data))
	charlie := find(t, docs, KindIAMUser, "aws:"+testAccount+":user/Charlie")
	assert.Equal(t, false, charlie.Data["password_enabled"])
	assert.Nil(t, charlie.Data["password_last_changed"], "N/A is null")
	assert.Equal(t, []any{}, charlie.Data["access_keys"])

	inline := find(t, docs, KindIAMPolicy, "aws:"+testAccount+":arn:aws:iam::123456789012:user/Bob#inline/DenyBillingAndIAMPolicy")
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["aws-portal:*","iam:*"],"Resource":["*"]}]}`,
		asJSON(t, inline.Data["document"]), "URL-decoded, Statement and Action made lists")
	admin := find(t, docs, KindIAMPolicy, "aws:"+testAccount+":arn:aws:iam::aws:policy/AdministratorAccess")
	assert.Equal(t, "aws", admin.Data["type"])
	assert.Nil(t, admin.Data["document"])
	assert.JSONEq(t, `{"groups":["Admins"],"roles":[],"users":[]}`, asJSON(t, admin.Data["attached_to"]))
	role := find(t, docs, KindIAMRole, "aws:"+testAccount+":role/EC2role")
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole"]}]}`,
		asJSON(t, role.Data["trust_policy"]))

	trail := find(t, docs, KindTrail, "arn:aws:cloudtrail:us-east-1:123456789012:trail/Trail1")
	assert.Equal(t, true, trail.Data["is_logging"])
	assert.Equal(t, true, trail.Data["management_events"])
	assert.Equal(t, "2016-01-28T23:02:24Z", trail.Data["latest_delivery_time"])
	assert.Equal(t, 2, s.Calls("cloudtrail:GetTrailStatus"), "status read once per trail, not per region")

	bucket := find(t, docs, KindBucket, "aws:"+testAccount+":s3:amzn-s3-demo-bucket")
	assert.JSONEq(t, `{"account_id":"123456789012","classification":"internal","created_at":"2019-06-01T00:00:00Z","denies_insecure_transport":true,
		"encryption":{"algorithm":"AES256","configured":true,"kms_key_id":null},"logging":{"enabled":true,"target_bucket":"amzn-s3-demo-bucket-logs"},
		"name":"amzn-s3-demo-bucket","policy_is_public":false,
		"public_access_block":{"block_public_acls":true,"block_public_policy":true,"configured":true,"ignore_public_acls":true,"restrict_public_buckets":true},
		"region":"us-east-1","tags":{"classification":"internal"},"versioning":{"mfa_delete":null,"status":"Enabled"}}`, asJSON(t, bucket.Data))
	logs := find(t, docs, KindBucket, "aws:"+testAccount+":s3:amzn-s3-demo-bucket-logs")
	assert.Equal(t, "eu-west-1", logs.Data["region"], "region from GetBucketLocation when ListBuckets omits it")
	assert.JSONEq(t, `{"configured":false,"block_public_acls":false,"ignore_public_acls":false,"block_public_policy":false,"restrict_public_buckets":false}`,
		asJSON(t, logs.Data["public_access_block"]), "NoSuchPublicAccessBlockConfiguration is a fact")
	assert.JSONEq(t, `{"configured":false,"algorithm":null,"kms_key_id":null}`, asJSON(t, logs.Data["encryption"]))
	assert.Equal(t, map[string]any{}, logs.Data["tags"], "NoSuchTagSet is {}")
	assert.Equal(t, 0, s.Calls("s3:GetBucketPolicyStatus")-1, "no policy status asked for a bucket without a policy")

	region := find(t, docs, KindRegion, "aws:"+testAccount+":eu-west-1")
	assert.Equal(t, true, region.Data["ebs_default_encryption"])
	assert.JSONEq(t, `{"aws.acm.certificate":5,"aws.backup.plan":1,"aws.backup.vault":1,"aws.ec2.instance":4,"aws.ec2.security_group":1,"aws.ec2.vpc":3,"aws.elb.load_balancer":3,"aws.kms.key":2,"aws.logs.log_group":2,"aws.rds.instance":1}`,
		asJSON(t, region.Data["inventory"]), "what each regional listing found")
	assert.JSONEq(t, `{"administrator_account":"111111111111","administrator_relationship":"Enabled","member_accounts":0,"detector_id":"12abc34d567e8fa901bc2d34eexample","high_findings_open":2,
		"oldest_high_finding_at":"2024-03-01T10:00:00Z","status":"ENABLED"}`, asJSON(t, region.Data["guardduty"]))
	vpc := find(t, docs, KindVPC, "aws:"+testAccount+":eu-west-1:vpc-00112233445566778")
	assert.JSONEq(t, `[{"destination_type":"s3","id":"fl-01234567890123456","status":"ACTIVE","traffic_type":"ACCEPT"}]`, asJSON(t, vpc.Data["flow_logs"]))
	sg := find(t, docs, KindSecurityGroup, "aws:"+testAccount+":us-east-1:sg-903004f8")
	assert.JSONEq(t, `[{"cidrs":[],"from_port":null,"protocol":"-1","source_groups":["sg-903004f8"],"to_port":null},
		{"cidrs":["203.0.113.0/24"],"from_port":22,"protocol":"tcp","source_groups":[],"to_port":22}]`, asJSON(t, sg.Data["ingress"]))
	for _, k := range ofKind(docs, KindKMSKey) {
		assert.Equal(t, "CUSTOMER", k.Data["key_manager"], "AWS-managed keys are not written")
	}

	// Request accounting: every operation named, as plain JSON values.
	req := cov.Stats["requests"].(map[string]any)
	assert.Equal(t, 1, req["iam:GetCredentialReport"].(map[string]any)["calls"])
	assert.Equal(t, 2, req["iam:GenerateCredentialReport"].(map[string]any)["calls"], "STARTED, then COMPLETE")
	for key := range req {
		service, op, _ := strings.Cut(key, ":")
		_, known := callsByOperation[service+":"+op]
		assert.True(t, known, "%s is missing from Actions()", key)
	}
	_, err := json.Marshal(cov)
	require.NoError(t, err)
}

func TestPaginationIsFollowed(t *testing.T) {
	s := startFake(t)
	s.PageLimit = 1 // 3 users + 3 groups + 1 role + 3 policies = 10 entities: 10 pages; 2 buckets: 2 pages
	docs, _ := collect(t, testOptions(s, nil))
	assert.Equal(t, 10, s.Calls("iam:GetAccountAuthorizationDetails"))
	assert.Equal(t, 2, s.Calls("s3:ListBuckets"))
	assert.Len(t, ofKind(docs, KindIAMUser), 3)
	assert.Len(t, ofKind(docs, KindBucket), 2)
	assert.Len(t, ofKind(docs, KindIAMPolicy), 9)
}

func TestThrottlingIsRetriedAndChangesNothing(t *testing.T) {
	s := startFake(t)
	clean, _ := collect(t, testOptions(s, nil))

	s.Fail("iam:GetAccountAuthorizationDetails", 400, "Throttling", 2)
	s.Fail("s3:ListBuckets", 503, "SlowDown", 1)
	s.Fail("ec2:DescribeSecurityGroups", 503, "RequestLimitExceeded", 1)
	s.Fail("kms:DescribeKey", 400, "ThrottlingException", 2)
	throttled, cov := collect(t, testOptions(s, nil))
	assert.Equal(t, digests(clean), digests(throttled), "same facts, same digests")
	assert.Equal(t, 6, cov.Stats["throttles"])
	assert.Equal(t, 6, cov.Stats["retries"])
	assert.Equal(t, 0, cov.Stats["errors"])
	for _, d := range throttled {
		assert.True(t, d.Complete, d.ID)
	}
}

func TestAccessDeniedSpoilsOnlyThatFact(t *testing.T) {
	s := startFake(t)
	s.Fail("s3:GetBucketEncryption", 403, "AccessDenied", -1)
	s.Fail("ec2:GetEbsEncryptionByDefault", 403, "UnauthorizedOperation", -1)
	s.Fail("iam:GetAccountPasswordPolicy", 403, "AccessDenied", -1)
	s.Fail("cloudtrail:GetTrailStatus", 500, "InternalFailure", -1)
	docs, cov := collect(t, testOptions(s, nil))

	for _, b := range ofKind(docs, KindBucket) {
		assert.False(t, b.Complete)
		assert.Nil(t, b.Data["encryption"])
		assert.NotNil(t, b.Data["versioning"], "the other facts are still there")
		require.Len(t, b.Errors, 1)
		assert.Equal(t, "aws:s3:GetEncryptionConfiguration", b.Errors[0].Needs)
		assert.True(t, b.Errors[0].Denied)
	}
	for _, r := range ofKind(docs, KindRegion) {
		assert.Nil(t, r.Data["ebs_default_encryption"])
		assert.NotNil(t, r.Data["guardduty"])
		assert.Equal(t, []evidence.Error{{Message: "ec2:GetEbsEncryptionByDefault: UnauthorizedOperation: injected UnauthorizedOperation",
			Needs: "aws:ec2:GetEbsEncryptionByDefault", Denied: true}}, r.Errors)
	}
	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	assert.Nil(t, acct.Data["password_policy"])
	assert.Contains(t, acct.Errors, evidence.Error{Message: "iam:GetAccountPasswordPolicy: AccessDenied: injected AccessDenied", Needs: "aws:iam:GetAccountPasswordPolicy", Denied: true})
	for _, tr := range ofKind(docs, KindTrail) {
		assert.Nil(t, tr.Data["is_logging"], "never false when unknown")
		assert.Equal(t, true, tr.Data["management_events"])
		require.Len(t, tr.Errors, 1)
		assert.False(t, tr.Errors[0].Denied, "a 500 is not a refusal")
		assert.Equal(t, "aws:cloudtrail:GetTrailStatus", tr.Errors[0].Needs)
	}
	for _, d := range docs {
		switch d.Kind {
		case KindBucket, KindRegion, KindAccount, KindTrail:
		default:
			assert.True(t, d.Complete, "%s %s", d.Kind, d.ID)
		}
	}
	assert.Equal(t, evidence.CoveragePartial, cov.Status)
}

func TestNotConfiguredIsAFact(t *testing.T) {
	s := startFake(t)
	s.Fail("iam:GetAccountPasswordPolicy", 404, "NoSuchEntity", -1)
	s.Fail("s3control:GetPublicAccessBlock", 404, "NoSuchPublicAccessBlockConfiguration", -1)
	s.Fail("organizations:DescribeOrganization", 400, "AWSOrganizationsNotInUseException", -1)
	s.FailWith("securityhub:GetEnabledStandards", 401, "InvalidAccessException", "Account 123456789012 is not subscribed to AWS Security Hub", -1)
	docs, cov := collect(t, testOptions(s, nil))
	acct := find(t, docs, KindAccount, "aws:"+testAccount)
	assert.Equal(t, map[string]any{}, acct.Data["password_policy"])
	assert.Equal(t, false, acct.Data["s3_public_access_block"].(map[string]any)["configured"])
	assert.Nil(t, acct.Data["organization"])
	assert.Empty(t, acct.Errors)
	r := find(t, docs, KindRegion, "aws:"+testAccount+":us-east-1")
	assert.JSONEq(t, `{"enabled":false,"standards":[]}`, asJSON(t, r.Data["securityhub"]))
	assert.True(t, r.Complete)
	assert.Equal(t, 2, cov.Stats["errors"], "only Security Hub's refusals count as failed calls")
}

// An account without RDS instances is a fact the coverage states (the kind is listed in
// full); one whose RDS listing failed anywhere is not, so rules cannot mistake "unread" for "none".
func TestCoverageListsKindsReadInFull(t *testing.T) {
	noInstances := []byte(`<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`)
	tests := []struct {
		name       string
		setup      func(s *fakeaws.Server)
		rdsListed  bool
		allListed  bool
		wantRDSDoc bool
	}{
		{"fixture account", func(*fakeaws.Server) {}, true, true, true},
		{"no instances anywhere", func(s *fakeaws.Server) { s.SetStatic("rds:DescribeDBInstances", noInstances) }, true, true, false},
		{"listing refused in one region", func(s *fakeaws.Server) {
			s.SetStatic("rds:DescribeDBInstances", noInstances)
			s.Fail("rds:DescribeDBInstances", 403, "AccessDenied", 1)
		}, false, false, false},
		{"account unreadable", func(s *fakeaws.Server) { s.Fail("ec2:DescribeRegions", 403, "UnauthorizedOperation", -1) }, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			tt.setup(s)
			o := testOptions(s, nil)
			if tt.name == "account unreadable" {
				o.Regions = nil // read the enabled regions, which is refused
			}
			docs, cov, _ := Collect(context.Background(), o)
			assert.Equal(t, tt.wantRDSDoc, len(ofKind(docs, KindRDSInstance)) > 0)
			assert.Equal(t, tt.rdsListed, slices.Contains(cov.Listed, KindRDSInstance), "listed: %v", cov.Listed)
			assert.Equal(t, tt.allListed, len(cov.Listed) == len(all), "listed: %v", cov.Listed)
			if !tt.rdsListed && tt.name != "account unreadable" {
				assert.Contains(t, cov.Listed, KindBucket, "a refused RDS listing leaves the other kinds listed")
			}
		})
	}
}

// The security contact: set, not set (ResourceNotFoundException is a fact), refused (the
// fact is null with a denied error naming account:GetAlternateContact), and never the
// contact's personal data in evidence.
func TestSecurityContact(t *testing.T) {
	tests := []struct {
		name   string
		status int
		code   string
		want   string
		denied bool
	}{
		{"set", 0, "", `{"configured":true,"email":true,"phone":true}`, false},
		{"not set", 404, "ResourceNotFoundException", `{"configured":false,"email":false,"phone":false}`, false},
		{"refused", 403, "AccessDeniedException", `null`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			if tt.status != 0 {
				s.Fail("account:GetAlternateContact", tt.status, tt.code, -1)
			}
			docs, _ := collect(t, testOptions(s, nil))
			acct := find(t, docs, KindAccount, "aws:"+testAccount)
			assert.JSONEq(t, tt.want, asJSON(t, acct.Data["security_contact"]))
			raw := asJSON(t, acct)
			assert.NotContains(t, raw, "example.com")
			assert.NotContains(t, raw, "555")
			if tt.denied {
				assert.Equal(t, []evidence.Error{{Message: "account:GetAlternateContact: AccessDeniedException: injected AccessDeniedException",
					Needs: "aws:account:GetAlternateContact", Denied: true}}, acct.Errors)
			} else {
				assert.Empty(t, acct.Errors)
			}
			assert.Equal(t, 1, s.Calls("account:GetAlternateContact"))
		})
	}
}

// MFA device types: one bulk list of virtual devices, then ListMFADevices only for users
// with MFA active and no virtual device. Phishing-resistant means FIDO keys only.
func TestMFADeviceTypes(t *testing.T) {
	arn := func(user string) string { return "arn:aws:iam::" + testAccount + ":user/" + user }
	tests := []struct {
		name        string
		virtual     map[string]string
		other       map[string][]string
		fail        string
		want        any
		perUser     int
		errorNeeds  string
		errorDenied bool
	}{
		{"FIDO keys only", nil, map[string][]string{"Alice": {"arn:aws:iam::123456789012:u2f/user/Alice/fidosecuritykey1-X"}}, "", true, 1, "", false},
		{"an authenticator app: settled by the bulk list", map[string]string{"arn:aws:iam::123456789012:mfa/Alice": arn("Alice")},
			map[string][]string{"Alice": {"arn:aws:iam::123456789012:u2f/user/Alice/fidosecuritykey1-X"}}, "", false, 0, "", false},
		{"a hardware TOTP token beside a FIDO key", nil, map[string][]string{"Alice": {"GAKT12345678", "arn:aws:iam::123456789012:u2f/user/Alice/k"}}, "", false, 1, "", false},
		{"per-user list refused", nil, map[string][]string{"Alice": {"arn:aws:iam::123456789012:u2f/user/Alice/k"}}, "iam:ListMFADevices", nil, 1, "aws:iam:ListMFADevices", true},
		{"bulk list refused", nil, map[string][]string{"Alice": {"arn:aws:iam::123456789012:u2f/user/Alice/k"}}, "iam:ListVirtualMFADevices", nil, 0, "aws:iam:ListVirtualMFADevices", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			acct, err := fakeaws.FixtureAccount(testAccount, "testdata/model/GetAccountAuthorizationDetails.cli.json")
			require.NoError(t, err)
			acct.VirtualMFA, acct.OtherMFA = map[string]string{}, tt.other
			for k, v := range tt.virtual {
				acct.VirtualMFA[k] = v
			}
			s.AddAccount(acct)
			if tt.fail != "" {
				s.Fail(tt.fail, 403, "AccessDenied", -1)
			}
			docs, _ := collect(t, testOptions(s, nil))
			alice := find(t, docs, KindIAMUser, "aws:"+testAccount+":user/Alice")
			assert.Equal(t, tt.want, alice.Data["mfa_phishing_resistant"])
			assert.Equal(t, tt.perUser, s.Calls("iam:ListMFADevices"), "only Alice (MFA on, no virtual device) is asked about")
			assert.Equal(t, 1, s.Calls("iam:ListVirtualMFADevices"), "one bulk list for root and users")
			bob := find(t, docs, KindIAMUser, "aws:"+testAccount+":user/Bob")
			assert.Equal(t, false, bob.Data["mfa_phishing_resistant"], "no MFA is not phishing-resistant, and costs no call")
			if tt.errorNeeds != "" {
				require.Len(t, alice.Errors, 1)
				assert.Equal(t, tt.errorNeeds, alice.Errors[0].Needs)
				assert.Equal(t, tt.errorDenied, alice.Errors[0].Denied)
			} else {
				assert.Empty(t, alice.Errors)
			}
		})
	}
}

// GuardDuty central management: a member names its administrator; the delegated
// administrator has none but has members (ListMembers, asked only then); a standalone
// detector has neither.
func TestGuardDutyCentralManagement(t *testing.T) {
	tests := []struct {
		name        string
		adminBody   string
		membersFail bool
		want        string
		listCalls   int
	}{
		{"member of an administrator", "", false, `{"administrator_account":"111111111111","administrator_relationship":"Enabled","member_accounts":0}`, 0},
		{"the delegated administrator itself", `{}`, false, `{"administrator_account":null,"administrator_relationship":null,"member_accounts":1}`, 2},
		{"members unreadable", `{}`, true, `{"administrator_account":null,"administrator_relationship":null,"member_accounts":null}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startFake(t)
			if tt.adminBody != "" {
				s.SetStatic("guardduty:GetAdministratorAccount", []byte(tt.adminBody))
			}
			if tt.membersFail {
				s.Fail("guardduty:ListMembers", 403, "AccessDeniedException", -1)
			}
			docs, _ := collect(t, testOptions(s, nil))
			r := find(t, docs, KindRegion, "aws:"+testAccount+":eu-west-1")
			gd := r.Data["guardduty"].(map[string]any)
			got := map[string]any{"administrator_account": gd["administrator_account"], "administrator_relationship": gd["administrator_relationship"], "member_accounts": gd["member_accounts"]}
			assert.JSONEq(t, tt.want, asJSON(t, got))
			assert.Equal(t, tt.listCalls, s.Calls("guardduty:ListMembers"), "one call per region, and only without an administrator")
			if tt.membersFail {
				require.Len(t, r.Errors, 1)
				assert.Equal(t, "aws:guardduty:ListMembers", r.Errors[0].Needs)
				assert.True(t, r.Errors[0].Denied)
			}
		})
	}
}
