package fakeaws

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// LoadHeader reads the credential report's documented header line.
func LoadHeader(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	CredentialReportHeader = strings.Split(strings.TrimSpace(string(raw)), ",")
	return nil
}

// FixtureAccount is the account of AWS's own samples: the GetAccountAuthorizationDetails
// example (users Alice, Bob, Charlie; groups; one role; three managed policies) with
// credential-report rows made up for those users (the user guide publishes no rows), and
// buckets whose settings are the S3 examples' values.
func FixtureAccount(id, authDetailsPath string) (*Account, error) {
	raw, err := os.ReadFile(authDetailsPath)
	if err != nil {
		return nil, err
	}
	var auth map[string]any
	if err := json.Unmarshal(raw, &auth); err != nil {
		return nil, err
	}
	delete(auth, "Marker") // the fake pages itself
	delete(auth, "IsTruncated")
	// The published sample gives two groups' AttachedManagedPolicies as an object, not a
	// list (an artefact of the example); IAM returns a list.
	for _, g := range auth["GroupDetailList"].([]any) {
		gm := g.(map[string]any)
		if one, ok := gm["AttachedManagedPolicies"].(map[string]any); ok {
			gm["AttachedManagedPolicies"] = []any{one}
		}
	}
	// Alice signs in with two FIDO security keys (serials shaped as in the IAM
	// list-mfa-devices CLI example, which shows them for Bob).
	a := &Account{ID: id, Authorization: auth, VirtualMFA: map[string]string{}, OtherMFA: map[string][]string{
		"Alice": {
			fmt.Sprintf("arn:aws:iam::%s:u2f/user/Alice/fidosecuritykey1-7XNL7NFNLZ123456789EXAMPLE", id),
			fmt.Sprintf("arn:aws:iam::%s:u2f/user/Alice/fidosecuritykey2-VDRQTDBBN5123456789EXAMPLE", id),
		},
	}}
	a.Credentials = map[string]map[string]string{
		"<root_account>": credentialRow("<root_account>", fmt.Sprintf("arn:aws:iam::%s:root", id), "2013-10-14T18:00:00+00:00",
			"not_supported", "2026-11-01T09:00:00+00:00", "not_supported", "TRUE", false, false),
		"Alice": credentialRow("Alice", fmt.Sprintf("arn:aws:iam::%s:user/Alice", id), "2013-10-14T18:32:24+00:00",
			"TRUE", "2026-11-20T08:00:00+00:00", "2026-06-01T10:00:00+00:00", "TRUE", true, false),
		"Bob": credentialRow("Bob", fmt.Sprintf("arn:aws:iam::%s:user/Bob", id), "2013-10-14T18:32:25+00:00",
			"TRUE", "no_information", "2019-01-01T10:00:00+00:00", "FALSE", true, true),
		"Charlie": credentialRow("Charlie", fmt.Sprintf("arn:aws:iam::%s:user/Charlie", id), "2013-10-14T18:33:56+00:00",
			"FALSE", "N/A", "N/A", "FALSE", false, false),
	}
	a.Buckets = []Bucket{
		{Name: "amzn-s3-demo-bucket", Region: "us-east-1", Created: time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC),
			PublicAccessBlock: PublicAccessBlockXML(true), PolicyStatus: PolicyStatusXML(false), Encryption: EncryptionXML("AES256", ""),
			Versioning: VersioningXML("Enabled"), Logging: LoggingXML("amzn-s3-demo-bucket-logs"), Tagging: TaggingXML(map[string]string{"classification": "internal"}),
			Policy: SecureTransportPolicy("amzn-s3-demo-bucket")},
		{Name: "amzn-s3-demo-bucket-logs", Region: "eu-west-1", Created: time.Date(2019, 6, 2, 0, 0, 0, 0, time.UTC), NoRegionInList: true},
	}
	return a, nil
}

// credentialRow makes one report row; keys give access_key_1/2 an active key.
func credentialRow(user, arn, created, pwEnabled, pwUsed, pwChanged, mfa string, key1, key2 bool) map[string]string {
	row := map[string]string{
		"user": user, "arn": arn, "user_creation_time": created, "password_enabled": pwEnabled,
		"password_last_used": pwUsed, "password_last_changed": pwChanged, "password_next_rotation": "N/A", "mfa_active": mfa,
		"cert_1_active": "false", "cert_1_last_rotated": "N/A", "cert_2_active": "false", "cert_2_last_rotated": "N/A",
	}
	if pwEnabled == "not_supported" {
		row["password_next_rotation"] = "not_supported"
	}
	for i, on := range []bool{key1, key2} {
		p := fmt.Sprintf("access_key_%d_", i+1)
		if on {
			row[p+"active"], row[p+"last_rotated"] = "true", "2025-01-15T12:00:00+00:00"
			row[p+"last_used_date"], row[p+"last_used_region"], row[p+"last_used_service"] = "2026-11-19T12:00:00+00:00", "us-east-1", "s3"
		} else {
			row[p+"active"], row[p+"last_rotated"] = "false", "N/A"
			row[p+"last_used_date"], row[p+"last_used_region"], row[p+"last_used_service"] = "N/A", "N/A", "N/A"
		}
	}
	return row
}

const s3ns = `<?xml version="1.0" encoding="UTF-8"?>`

// PublicAccessBlockXML is GetPublicAccessBlock with all four settings on or off.
func PublicAccessBlockXML(on bool) string {
	return fmt.Sprintf(s3ns+`<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>%[1]t</BlockPublicAcls><IgnorePublicAcls>%[1]t</IgnorePublicAcls><BlockPublicPolicy>%[1]t</BlockPublicPolicy><RestrictPublicBuckets>%[1]t</RestrictPublicBuckets></PublicAccessBlockConfiguration>`, on)
}

// PolicyStatusXML is GetBucketPolicyStatus.
func PolicyStatusXML(public bool) string {
	return fmt.Sprintf(s3ns+`<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>%t</IsPublic></PolicyStatus>`, public)
}

// EncryptionXML is GetBucketEncryption with one default-encryption rule.
func EncryptionXML(algorithm, key string) string {
	k := ""
	if key != "" {
		k = "<KMSMasterKeyID>" + key + "</KMSMasterKeyID>"
	}
	return s3ns + `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>` + algorithm + `</SSEAlgorithm>` + k + `</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`
}

// VersioningXML is GetBucketVersioning ("" for never enabled).
func VersioningXML(status string) string {
	if status == "" {
		return ""
	}
	return s3ns + `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>` + status + `</Status></VersioningConfiguration>`
}

// LoggingXML is GetBucketLogging ("" target for logging off).
func LoggingXML(target string) string {
	if target == "" {
		return ""
	}
	return s3ns + `<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LoggingEnabled><TargetBucket>` + target + `</TargetBucket><TargetPrefix></TargetPrefix></LoggingEnabled></BucketLoggingStatus>`
}

// TaggingXML is GetBucketTagging.
func TaggingXML(tags map[string]string) string {
	var b strings.Builder
	b.WriteString(s3ns + `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>`)
	for k, v := range tags {
		b.WriteString("<Tag><Key>" + k + "</Key><Value>" + v + "</Value></Tag>")
	}
	b.WriteString("</TagSet></Tagging>")
	return b.String()
}

// SecureTransportPolicy is the documented bucket policy that denies plain HTTP.
func SecureTransportPolicy(bucket string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowSSLRequestsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, bucket)
}

// SyntheticAccount is the benchmark's W2 account shape: users (60% console, 85% MFA: 75%
// of users on an authenticator app, 5% on a FIDO key, 5% on a hardware token; 0–2 keys),
// 200 groups, 300 roles, 1,000 customer-managed policies, and buckets spread over five
// regions.
func SyntheticAccount(id string, users, buckets int) *Account {
	a := &Account{ID: id, VirtualMFA: map[string]string{}, OtherMFA: map[string][]string{}, Credentials: map[string]map[string]string{}}
	doc := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}
	var userList, groupList, roleList, policyList []any
	for i := range 1000 {
		policyList = append(policyList, map[string]any{
			"PolicyName": fmt.Sprintf("policy-%04d", i), "PolicyId": fmt.Sprintf("ANPAFAKE%08d", i), "Arn": fmt.Sprintf("arn:aws:iam::%s:policy/policy-%04d", id, i),
			"Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "IsAttachable": true, "CreateDate": "2020-01-01T00:00:00Z", "UpdateDate": "2020-01-01T00:00:00Z",
			"PolicyVersionList": []any{map[string]any{"Document": doc, "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2020-01-01T00:00:00Z"}},
		})
	}
	for i := range 200 {
		groupList = append(groupList, map[string]any{
			"GroupName": fmt.Sprintf("group-%03d", i), "GroupId": fmt.Sprintf("AGPAFAKE%08d", i), "Arn": fmt.Sprintf("arn:aws:iam::%s:group/group-%03d", id, i),
			"Path": "/", "CreateDate": "2020-01-01T00:00:00Z", "GroupPolicyList": []any{},
			"AttachedManagedPolicies": []any{map[string]any{"PolicyName": fmt.Sprintf("policy-%04d", i), "PolicyArn": fmt.Sprintf("arn:aws:iam::%s:policy/policy-%04d", id, i)}},
		})
	}
	trust := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}}
	for i := range 300 {
		roleList = append(roleList, map[string]any{
			"RoleName": fmt.Sprintf("role-%03d", i), "RoleId": fmt.Sprintf("AROAFAKE%08d", i), "Arn": fmt.Sprintf("arn:aws:iam::%s:role/role-%03d", id, i),
			"Path": "/", "CreateDate": "2020-01-01T00:00:00Z", "AssumeRolePolicyDocument": trust, "RolePolicyList": []any{}, "Tags": []any{},
			"AttachedManagedPolicies": []any{map[string]any{"PolicyName": fmt.Sprintf("policy-%04d", 200+i), "PolicyArn": fmt.Sprintf("arn:aws:iam::%s:policy/policy-%04d", id, 200+i)}},
			"RoleLastUsed":            map[string]any{"LastUsedDate": "2026-11-01T00:00:00Z", "Region": "us-east-1"},
		})
	}
	a.Credentials["<root_account>"] = credentialRow("<root_account>", fmt.Sprintf("arn:aws:iam::%s:root", id), "2015-01-01T00:00:00+00:00",
		"not_supported", "2026-10-01T00:00:00+00:00", "not_supported", "TRUE", false, false)
	for i := range users {
		name := fmt.Sprintf("user-%05d", i)
		arn := fmt.Sprintf("arn:aws:iam::%s:user/%s", id, name)
		userList = append(userList, map[string]any{
			"UserName": name, "UserId": fmt.Sprintf("AIDAFAKE%08d", i), "Arn": arn, "Path": "/", "CreateDate": "2020-01-01T00:00:00Z",
			"GroupList": []any{fmt.Sprintf("group-%03d", i%200)}, "UserPolicyList": []any{}, "AttachedManagedPolicies": []any{},
			"Tags": []any{map[string]any{"Key": "team", "Value": fmt.Sprintf("t%d", i%10)}},
		})
		console := i%10 < 6
		pw, used, changed, mfa := "FALSE", "N/A", "N/A", "FALSE"
		if console {
			pw, used, changed = "TRUE", "2026-11-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00"
		}
		if i%20 < 17 {
			mfa = "TRUE"
			switch i % 20 {
			case 0:
				a.OtherMFA[name] = []string{fmt.Sprintf("arn:aws:iam::%s:u2f/user/%s/fidosecuritykey1-FAKE%08d", id, name, i)}
			case 1:
				a.OtherMFA[name] = []string{fmt.Sprintf("GAKT%08d", i)}
			default:
				a.VirtualMFA[fmt.Sprintf("arn:aws:iam::%s:mfa/%s", id, name)] = arn
			}
		}
		a.Credentials[name] = credentialRow(name, arn, "2020-01-01T00:00:00+00:00", pw, used, changed, mfa, i%3 >= 1, i%3 == 2)
	}
	a.Authorization = map[string]any{"UserDetailList": userList, "GroupDetailList": groupList, "RoleDetailList": roleList, "Policies": policyList}
	regions := []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"}
	for i := range buckets {
		b := Bucket{Name: fmt.Sprintf("bench-bucket-%04d", i), Region: regions[i%len(regions)], Created: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
			PublicAccessBlock: PublicAccessBlockXML(i%4 != 0), Encryption: EncryptionXML("aws:kms", "arn:aws:kms:us-east-1:"+id+":key/bench"),
			Versioning: VersioningXML([]string{"Enabled", "Suspended", ""}[i%3]), Tagging: TaggingXML(map[string]string{"classification": "internal"})}
		if i%2 == 0 {
			b.Policy, b.PolicyStatus = SecureTransportPolicy(b.Name), PolicyStatusXML(false)
		}
		if i%5 == 0 {
			b.Logging = LoggingXML("bench-logs")
		}
		a.Buckets = append(a.Buckets, b)
	}
	return a
}
