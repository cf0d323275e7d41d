package aws

import "sort"

// Action is one AWS API permission the collector uses, in the form rules declare it
// ("aws:iam:GetCredentialReport"), for `ismscheck permissions --aws`.
type Action struct {
	ID              string   // "aws:<iam prefix>:<IAM action>"
	InSecurityAudit bool     // granted by the AWS managed policy SecurityAudit
	Kinds           []string // evidence kinds whose facts come through it
}

// apiCall maps one SDK operation to the IAM action that authorizes it. They differ for S3
// (GetBucketEncryption is authorized by s3:GetEncryptionConfiguration) and S3 Control.
type apiCall struct {
	service   string // accounting prefix, as in Coverage.Stats: "s3", "s3control", "logs"
	operation string // SDK operation name
	action    string // IAM action: "s3:GetEncryptionConfiguration"
	audit     bool
	kinds     []string
}

var all = []string{KindAccount, KindRegion, KindIAMUser, KindIAMPolicy, KindIAMRole, KindTrail, KindBucket,
	KindKMSKey, KindSecurityGroup, KindVPC, KindRDSInstance, KindBackupPlan, KindBackupVault, KindLogGroup, KindLoadBalancer, KindEC2Instance, KindCertificate}

// apiCalls is every operation Collect may call. SecurityAudit membership follows the
// managed policy's published statements (iam Get*/List*/GenerateCredentialReport,
// s3 GetBucket*/GetEncryptionConfiguration/GetAccountPublicAccessBlock/ListAllMyBuckets,
// Describe*/Get*/List* on the other services); sts:AssumeRole is the caller's own grant.
var apiCalls = []apiCall{
	{"sts", "GetCallerIdentity", "sts:GetCallerIdentity", true, all},
	{"sts", "AssumeRole", "sts:AssumeRole", false, all},
	{"organizations", "ListAccounts", "organizations:ListAccounts", true, all},
	{"organizations", "DescribeOrganization", "organizations:DescribeOrganization", true, []string{KindAccount}},
	{"organizations", "ListPolicies", "organizations:ListPolicies", true, []string{KindAccount}},
	{"organizations", "DescribePolicy", "organizations:DescribePolicy", true, []string{KindAccount}},
	{"organizations", "ListTargetsForPolicy", "organizations:ListTargetsForPolicy", true, []string{KindAccount}},
	{"ec2", "DescribeRegions", "ec2:DescribeRegions", true, []string{KindAccount, KindRegion}},

	{"iam", "GenerateCredentialReport", "iam:GenerateCredentialReport", true, []string{KindAccount, KindIAMUser}},
	{"iam", "GetCredentialReport", "iam:GetCredentialReport", true, []string{KindAccount, KindIAMUser}},
	{"iam", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", true, []string{KindIAMUser, KindIAMPolicy, KindIAMRole}},
	{"iam", "GetAccountSummary", "iam:GetAccountSummary", true, []string{KindAccount}},
	{"iam", "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy", true, []string{KindAccount}},
	{"iam", "ListAccountAliases", "iam:ListAccountAliases", true, []string{KindAccount}},
	{"iam", "ListVirtualMFADevices", "iam:ListVirtualMFADevices", true, []string{KindAccount, KindIAMUser}},
	{"iam", "ListMFADevices", "iam:ListMFADevices", true, []string{KindIAMUser}},
	{"account", "GetAlternateContact", "account:GetAlternateContact", true, []string{KindAccount}},

	{"s3", "ListBuckets", "s3:ListAllMyBuckets", true, []string{KindBucket}},
	{"s3", "GetBucketLocation", "s3:GetBucketLocation", true, []string{KindBucket}},
	{"s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", true, []string{KindBucket}},
	{"s3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", true, []string{KindBucket}},
	{"s3", "GetBucketPolicy", "s3:GetBucketPolicy", true, []string{KindBucket}},
	{"s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration", true, []string{KindBucket}},
	{"s3", "GetBucketVersioning", "s3:GetBucketVersioning", true, []string{KindBucket}},
	{"s3", "GetBucketLogging", "s3:GetBucketLogging", true, []string{KindBucket}},
	{"s3", "GetBucketTagging", "s3:GetBucketTagging", true, []string{KindBucket}},
	{"s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock", true, []string{KindAccount}},

	{"cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails", true, []string{KindTrail}},
	{"cloudtrail", "GetTrailStatus", "cloudtrail:GetTrailStatus", true, []string{KindTrail}},
	{"cloudtrail", "GetEventSelectors", "cloudtrail:GetEventSelectors", true, []string{KindTrail}},

	{"ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault", true, []string{KindRegion}},
	{"config", "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders", true, []string{KindRegion}},
	{"config", "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus", true, []string{KindRegion}},
	{"guardduty", "ListDetectors", "guardduty:ListDetectors", true, []string{KindRegion}},
	{"guardduty", "GetDetector", "guardduty:GetDetector", true, []string{KindRegion}},
	{"guardduty", "GetAdministratorAccount", "guardduty:GetAdministratorAccount", true, []string{KindRegion}},
	{"guardduty", "ListMembers", "guardduty:ListMembers", true, []string{KindRegion}},
	{"guardduty", "ListFindings", "guardduty:ListFindings", true, []string{KindRegion}},
	{"guardduty", "GetFindings", "guardduty:GetFindings", true, []string{KindRegion}},
	{"securityhub", "GetEnabledStandards", "securityhub:GetEnabledStandards", true, []string{KindRegion}},
	{"access-analyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers", true, []string{KindRegion}},
	{"access-analyzer", "ListFindingsV2", "access-analyzer:ListFindingsV2", true, []string{KindRegion}},

	{"ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups", true, []string{KindSecurityGroup}},
	{"ec2", "DescribeVpcs", "ec2:DescribeVpcs", true, []string{KindVPC}},
	{"ec2", "DescribeFlowLogs", "ec2:DescribeFlowLogs", true, []string{KindVPC}},
	{"kms", "ListKeys", "kms:ListKeys", true, []string{KindKMSKey}},
	{"kms", "DescribeKey", "kms:DescribeKey", true, []string{KindKMSKey}},
	{"kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus", true, []string{KindKMSKey}},
	{"kms", "ListResourceTags", "kms:ListResourceTags", true, []string{KindKMSKey}},
	{"rds", "DescribeDBInstances", "rds:DescribeDBInstances", true, []string{KindRDSInstance}},
	{"backup", "ListBackupPlans", "backup:ListBackupPlans", true, []string{KindBackupPlan}},
	{"backup", "GetBackupPlan", "backup:GetBackupPlan", true, []string{KindBackupPlan}},
	{"backup", "ListBackupSelections", "backup:ListBackupSelections", true, []string{KindBackupPlan}},
	{"backup", "GetBackupSelection", "backup:GetBackupSelection", true, []string{KindBackupPlan}},
	{"backup", "ListBackupVaults", "backup:ListBackupVaults", true, []string{KindBackupVault}},
	{"logs", "DescribeLogGroups", "logs:DescribeLogGroups", true, []string{KindLogGroup}},
	{"elasticloadbalancing", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers", true, []string{KindLoadBalancer}},
	{"elasticloadbalancing", "DescribeListeners", "elasticloadbalancing:DescribeListeners", true, []string{KindLoadBalancer}},
	{"elasticloadbalancing", "DescribeTags", "elasticloadbalancing:DescribeTags", true, []string{KindLoadBalancer}},
	{"ec2", "DescribeInstances", "ec2:DescribeInstances", true, []string{KindEC2Instance}},
	{"ssm", "DescribeInstanceInformation", "ssm:DescribeInstanceInformation", true, []string{KindEC2Instance}},
	{"ssm", "ListResourceComplianceSummaries", "ssm:ListResourceComplianceSummaries", false, []string{KindEC2Instance}},
	{"acm", "ListCertificates", "acm:ListCertificates", true, []string{KindCertificate}},
	{"acm", "DescribeCertificate", "acm:DescribeCertificate", true, []string{KindCertificate}},
	// Not confirmed in SecurityAudit's statement (Prowler's add-on policy grants them
	// separately): listed as extra grants, which is harmless when they are in it.
	{"inspector2", "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus", false, []string{KindRegion}},
	{"ecr", "GetRegistryScanningConfiguration", "ecr:GetRegistryScanningConfiguration", false, []string{KindRegion}},
	{"ecr", "DescribeRepositories", "ecr:DescribeRepositories", true, []string{KindRegion}},
}

var callsByOperation = func() map[string]apiCall {
	m := make(map[string]apiCall, len(apiCalls))
	for _, c := range apiCalls {
		m[c.service+":"+c.operation] = c
	}
	return m
}()

// needs names the permission an operation takes, as evidence.Error.Needs ("aws:s3:GetEncryptionConfiguration").
// An operation missing from the table still gets a usable name: the operation itself.
func needs(service, operation string) string {
	if c, ok := callsByOperation[service+":"+operation]; ok {
		return "aws:" + c.action
	}
	return "aws:" + service + ":" + operation
}

// Actions lists every action the collector may call, sorted by id, each with the kinds it feeds.
func Actions() []Action {
	byID := map[string]*Action{}
	for _, c := range apiCalls {
		id := "aws:" + c.action
		a, ok := byID[id]
		if !ok {
			a = &Action{ID: id, InSecurityAudit: c.audit}
			byID[id] = a
		}
		a.Kinds = appendUnique(a.Kinds, c.kinds...)
	}
	out := make([]Action, 0, len(byID))
	for _, a := range byID {
		sort.Strings(a.Kinds)
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func appendUnique(list []string, more ...string) []string {
	for _, m := range more {
		found := false
		for _, l := range list {
			if l == m {
				found = true
				break
			}
		}
		if !found {
			list = append(list, m)
		}
	}
	return list
}
