package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// authorizationDetails is every page of GetAccountAuthorizationDetails: all users, groups,
// roles and managed policies with their documents, about ten calls for a large account.
type authorizationDetails struct {
	users    []iamtypes.UserDetail
	groups   []iamtypes.GroupDetail
	roles    []iamtypes.RoleDetail
	policies []iamtypes.ManagedPolicyDetail
}

// authDetailsPageSize is the most IAM returns per page.
const authDetailsPageSize = 1000

func fetchAuthorizationDetails(ctx context.Context, client *iam.Client) (*authorizationDetails, error) {
	out := &authorizationDetails{}
	p := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(authDetailsPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out.users = append(out.users, page.UserDetailList...)
		out.groups = append(out.groups, page.GroupDetailList...)
		out.roles = append(out.roles, page.RoleDetailList...)
		out.policies = append(out.policies, page.Policies...)
	}
	return out, nil
}

// collectIAM writes the account's IAM facts into acct and one document per user, role
// and relevant policy. Every list comes from the two bulk sources; nothing is asked per user.
func (r *run) collectIAM(ctx context.Context, cfg aws.Config, account string, acct *record) {
	client := iam.NewFromConfig(cfg)
	var (
		wg      sync.WaitGroup
		report  *credentialReport
		repErr  error
		details *authorizationDetails
		authErr error
	)
	wg.Go(func() { report, repErr = fetchCredentialReport(ctx, client) })
	wg.Go(func() { details, authErr = fetchAuthorizationDetails(ctx, client) })
	wg.Go(func() { r.accountSummary(ctx, client, acct) })
	wg.Go(func() { r.passwordPolicy(ctx, client, acct) })
	wg.Go(func() { r.accountAlias(ctx, client, acct) })
	wg.Wait()

	var reportFault, authFault *errorFact
	if repErr != nil {
		op := "GetCredentialReport"
		var rf *reportFailure
		if errors.As(repErr, &rf) {
			op = rf.operation
		}
		reportFault = &errorFact{"iam", op, repErr}
	}
	if authErr != nil {
		authFault = &errorFact{"iam", "GetAccountAuthorizationDetails", authErr}
		r.failPart("account "+account, "iam", "GetAccountAuthorizationDetails", authErr)
	}
	var mfa *mfaInventory
	if report != nil {
		mfa = readMFA(ctx, client, account, report, r.o.Concurrency)
	}
	r.rootUser(account, acct, report, reportFault, mfa)
	users := r.iamUsers(account, report, reportFault, details, authFault, mfa)
	// The inventory: users are known from either source, roles and policies only from
	// the authorization details.
	if details != nil || report != nil {
		acct.listed(KindIAMUser, users)
	} else {
		acct.unlisted(KindIAMUser, fault(reportFault.service, reportFault.operation, reportFault.err))
		acct.unlisted(KindIAMUser, fault(authFault.service, authFault.operation, authFault.err))
	}
	if details != nil {
		roles, inline := r.iamRoles(account, details)
		acct.listed(KindIAMRole, roles)
		acct.listed(KindIAMPolicy, inline+r.iamPolicies(account, details))
	} else {
		acct.unlisted(KindIAMRole, fault(authFault.service, authFault.operation, authFault.err))
		acct.unlisted(KindIAMPolicy, fault(authFault.service, authFault.operation, authFault.err))
	}
}

// errorFact is a failed call remembered for every document whose facts it spoils.
type errorFact struct {
	service, operation string
	err                error
}

func (r *run) accountSummary(ctx context.Context, client *iam.Client, acct *record) {
	out, err := client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		acct.fail("summary", "iam", "GetAccountSummary", err)
		return
	}
	m := out.SummaryMap
	n := func(k iamtypes.SummaryKeyType) int { return int(m[string(k)]) }
	acct.set("summary", map[string]any{
		"account_mfa_enabled":         n(iamtypes.SummaryKeyTypeAccountMFAEnabled) > 0,
		"account_access_keys_present": n(iamtypes.SummaryKeyTypeAccountAccessKeysPresent) > 0,
		"users":                       n(iamtypes.SummaryKeyTypeUsers),
		"groups":                      n(iamtypes.SummaryKeyTypeGroups),
		"roles":                       n(iamtypes.SummaryKeyTypeRoles),
		"policies":                    n(iamtypes.SummaryKeyTypePolicies),
	})
}

// passwordPolicy: NoSuchEntity means no policy is set, which is a fact ({}), not an error.
func (r *run) passwordPolicy(ctx context.Context, client *iam.Client, acct *record) {
	out, err := client.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	switch {
	case isNotConfigured(err):
		acct.set("password_policy", map[string]any{})
		return
	case err != nil:
		acct.fail("password_policy", "iam", "GetAccountPasswordPolicy", err)
		return
	}
	p := out.PasswordPolicy
	acct.set("password_policy", map[string]any{
		"minimum_password_length":   int(aws.ToInt32(p.MinimumPasswordLength)),
		"require_symbols":           p.RequireSymbols,
		"require_numbers":           p.RequireNumbers,
		"require_uppercase":         p.RequireUppercaseCharacters,
		"require_lowercase":         p.RequireLowercaseCharacters,
		"max_password_age":          optInt32(p.MaxPasswordAge),
		"password_reuse_prevention": optInt32(p.PasswordReusePrevention),
		"allow_users_to_change":     p.AllowUsersToChangePassword,
	})
}

func (r *run) accountAlias(ctx context.Context, client *iam.Client, acct *record) {
	out, err := client.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
	if err != nil {
		acct.fail("alias", "iam", "ListAccountAliases", err)
		return
	}
	if len(out.AccountAliases) == 0 {
		acct.set("alias", nil)
		return
	}
	acct.set("alias", out.AccountAliases[0])
}

// rootUser reads the root user's row of the credential report. Hardware MFA is the root
// MFA being active with no virtual device assigned to root.
func (r *run) rootUser(account string, acct *record, report *credentialReport, failed *errorFact, mfa *mfaInventory) {
	if failed != nil {
		acct.fail("root", failed.service, failed.operation, failed.err)
		return
	}
	row, ok := report.rows[rootUser]
	if !ok {
		acct.failWith("root", fault("iam", "GetCredentialReport", errors.New("the credential report has no <root_account> row")))
		return
	}
	root := map[string]any{
		"mfa_active":             reportBool(row, "mfa_active"),
		"hardware_mfa":           false,
		"access_key_1_active":    reportBool(row, "access_key_1_active"),
		"access_key_2_active":    reportBool(row, "access_key_2_active"),
		"password_last_used":     reportTime(row, "password_last_used"),
		"access_key_1_last_used": reportTime(row, "access_key_1_last_used_date"),
		"access_key_2_last_used": reportTime(row, "access_key_2_last_used_date"),
	}
	if root["mfa_active"] == true {
		if mfa.listErr != nil {
			root["hardware_mfa"] = nil
			acct.failWith("", fault("iam", "ListVirtualMFADevices", mfa.listErr))
		} else {
			root["hardware_mfa"] = !mfa.rootVirtual
		}
	}
	acct.set("root", root)
}

// iamUsers joins the credential report (credentials) with the authorization details
// (groups, policies, tags). Either source alone still gives documents, with the other's
// facts null and its error named. It returns how many users it wrote.
func (r *run) iamUsers(account string, report *credentialReport, reportFault *errorFact, details *authorizationDetails, authFault *errorFact, mfa *mfaInventory) int {
	type user struct {
		detail *iamtypes.UserDetail
		row    map[string]string
	}
	users := map[string]*user{}
	if details != nil {
		for i := range details.users {
			u := &details.users[i]
			users[aws.ToString(u.UserName)] = &user{detail: u}
		}
	} else if report != nil {
		for name, row := range report.rows {
			if name != rootUser {
				users[name] = &user{row: row}
			}
		}
	}
	if report != nil {
		for name, u := range users {
			if u.row == nil {
				u.row = report.rows[name]
			}
		}
	}
	for name, u := range users {
		rec := r.newRecord(KindIAMUser, fmt.Sprintf("aws:%s:user/%s", account, name), "aws:"+account)
		rec.set("account_id", account)
		rec.set("name", name)
		if d := u.detail; d != nil {
			rec.set("arn", aws.ToString(d.Arn))
			rec.set("created_at", timeOrNil(d.CreateDate))
			rec.set("path", aws.ToString(d.Path))
			rec.set("tags", iamTags(d.Tags))
			rec.set("groups", sorted(d.GroupList))
			rec.set("attached_policies", attachedARNs(d.AttachedManagedPolicies))
			rec.set("inline_policies", inlineNames(d.UserPolicyList))
		} else {
			rec.set("arn", u.row["arn"])
			rec.set("created_at", reportTime(u.row, "user_creation_time"))
			for _, k := range []string{"path", "tags", "groups", "attached_policies", "inline_policies"} {
				rec.fail(k, authFault.service, authFault.operation, authFault.err)
			}
		}
		switch {
		case reportFault != nil:
			for _, k := range credentialFacts {
				rec.fail(k, reportFault.service, reportFault.operation, reportFault.err)
			}
		case u.row == nil:
			// Created after the report was generated (it can be up to four hours old).
			for _, k := range credentialFacts {
				rec.failWith(k, fault("iam", "GetCredentialReport", fmt.Errorf("user is not in the credential report generated at %s", report.generated.Format(time.RFC3339))))
			}
		default:
			row := u.row
			rec.set("password_enabled", reportBool(row, "password_enabled") == true)
			rec.set("password_last_used", reportTime(row, "password_last_used"))
			rec.set("password_last_changed", reportTime(row, "password_last_changed"))
			rec.set("mfa_active", reportBool(row, "mfa_active") == true)
			mfa.phishingResistant(rec, name, reportBool(row, "mfa_active") == true)
			rec.set("access_keys", accessKeys(row))
		}
		r.emit(rec)
	}
	return len(users)
}

var credentialFacts = []string{"password_enabled", "password_last_used", "password_last_changed", "mfa_active", "mfa_phishing_resistant", "access_keys"}

// accessKeys lists the user's (up to two) keys from the report, each with its slot (the
// report's access_key_1 or access_key_2), which names the key in findings at no cost. The
// report has no key ids, so id_suffix stays null: filling it would take one ListAccessKeys
// per user with keys (3,334 calls for the 5,000-user benchmark account, more than all
// other IAM calls together) for a label the slot already gives.
func accessKeys(row map[string]string) []any {
	keys := []any{}
	for _, n := range []string{"1", "2"} {
		p := "access_key_" + n + "_"
		active := reportBool(row, p+"active") == true
		rotated := reportTime(row, p+"last_rotated")
		if !active && rotated == nil {
			continue // no such key
		}
		keys = append(keys, map[string]any{
			"slot":              int(n[0] - '0'),
			"id_suffix":         nil,
			"active":            active,
			"last_rotated":      rotated,
			"last_used":         reportTime(row, p+"last_used_date"),
			"last_used_service": reportString(row, p+"last_used_service"),
		})
	}
	return keys
}

// iamRoles writes the roles and every inline policy (of roles, users and groups), and
// returns how many of each it wrote.
func (r *run) iamRoles(account string, details *authorizationDetails) (roles, inline int) {
	for i := range details.roles {
		d := &details.roles[i]
		name := aws.ToString(d.RoleName)
		rec := r.newRecord(KindIAMRole, fmt.Sprintf("aws:%s:role/%s", account, name), "aws:"+account)
		rec.set("account_id", account)
		rec.set("name", name)
		rec.set("arn", aws.ToString(d.Arn))
		rec.set("path", aws.ToString(d.Path))
		rec.set("created_at", timeOrNil(d.CreateDate))
		var lastUsed any
		if d.RoleLastUsed != nil {
			lastUsed = timeOrNil(d.RoleLastUsed.LastUsedDate)
		}
		rec.set("last_used", lastUsed)
		if doc, err := policyDocument(aws.ToString(d.AssumeRolePolicyDocument)); err != nil {
			rec.fail("trust_policy", "iam", "GetAccountAuthorizationDetails", err)
		} else {
			rec.set("trust_policy", doc)
		}
		rec.set("attached_policies", attachedARNs(d.AttachedManagedPolicies))
		rec.set("inline_policies", inlineNames(d.RolePolicyList))
		rec.set("tags", iamTags(d.Tags))
		rec.set("service_linked", strings.HasPrefix(aws.ToString(d.Path), "/aws-service-role/"))
		r.emit(rec)
		for _, p := range d.RolePolicyList {
			inline++
			r.inlinePolicy(account, aws.ToString(d.Arn), "roles", name, p)
		}
	}
	for i := range details.users {
		u := &details.users[i]
		for _, p := range u.UserPolicyList {
			inline++
			r.inlinePolicy(account, aws.ToString(u.Arn), "users", aws.ToString(u.UserName), p)
		}
	}
	for i := range details.groups {
		g := &details.groups[i]
		for _, p := range g.GroupPolicyList {
			inline++
			r.inlinePolicy(account, aws.ToString(g.Arn), "groups", aws.ToString(g.GroupName), p)
		}
	}
	return len(details.roles), inline
}

func (r *run) inlinePolicy(account, principalARN, principalKind, principal string, p iamtypes.PolicyDetail) {
	name := aws.ToString(p.PolicyName)
	rec := r.newRecord(KindIAMPolicy, fmt.Sprintf("aws:%s:%s#inline/%s", account, principalARN, name), "aws:"+account)
	rec.set("account_id", account)
	rec.set("arn", nil)
	rec.set("name", name)
	rec.set("type", "inline")
	attached := map[string]any{"users": []string{}, "groups": []string{}, "roles": []string{}}
	attached[principalKind] = []string{principal}
	rec.set("attached_to", attached)
	rec.set("default_version_id", nil)
	if doc, err := policyDocument(aws.ToString(p.PolicyDocument)); err != nil {
		rec.fail("document", "iam", "GetAccountAuthorizationDetails", err)
	} else {
		rec.set("document", doc)
	}
	r.emit(rec)
}

// iamPolicies writes customer-managed policies and the AWS-managed ones in use, and
// returns how many it wrote.
func (r *run) iamPolicies(account string, details *authorizationDetails) int {
	attached := map[string]map[string][]string{} // policy arn -> principal kind -> names
	note := func(kind, name string, list []iamtypes.AttachedPolicy) {
		for _, a := range list {
			arn := aws.ToString(a.PolicyArn)
			if attached[arn] == nil {
				attached[arn] = map[string][]string{"users": {}, "groups": {}, "roles": {}}
			}
			attached[arn][kind] = append(attached[arn][kind], name)
		}
	}
	for _, u := range details.users {
		note("users", aws.ToString(u.UserName), u.AttachedManagedPolicies)
	}
	for _, g := range details.groups {
		note("groups", aws.ToString(g.GroupName), g.AttachedManagedPolicies)
	}
	for _, ro := range details.roles {
		note("roles", aws.ToString(ro.RoleName), ro.AttachedManagedPolicies)
	}
	n := 0
	written := map[string]bool{}
	for i := range details.policies {
		p := &details.policies[i]
		arn := aws.ToString(p.Arn)
		written[arn] = true
		awsManaged := strings.Contains(arn, ":iam::aws:policy/")
		to := attached[arn]
		if awsManaged && to == nil && aws.ToInt32(p.AttachmentCount) == 0 {
			continue
		}
		if to == nil {
			to = map[string][]string{"users": {}, "groups": {}, "roles": {}}
		}
		rec := r.newRecord(KindIAMPolicy, fmt.Sprintf("aws:%s:%s", account, arn), "aws:"+account)
		rec.set("account_id", account)
		rec.set("arn", arn)
		rec.set("name", aws.ToString(p.PolicyName))
		rec.set("type", map[bool]string{true: "aws", false: "customer"}[awsManaged])
		rec.set("attached_to", map[string]any{"users": sorted(to["users"]), "groups": sorted(to["groups"]), "roles": sorted(to["roles"])})
		rec.set("default_version_id", aws.ToString(p.DefaultVersionId))
		rec.set("document", nil) // AWS-managed documents may be absent from the details
		for _, v := range p.PolicyVersionList {
			if !v.IsDefaultVersion {
				continue
			}
			if doc, err := policyDocument(aws.ToString(v.Document)); err != nil {
				rec.fail("document", "iam", "GetAccountAuthorizationDetails", err)
			} else {
				rec.set("document", doc)
			}
		}
		r.emit(rec)
		n++
	}
	// AWS-managed policies attached in the account but absent from the details: written
	// without their document (the contract allows document null here, with no error).
	names := map[string]string{}
	collect := func(list []iamtypes.AttachedPolicy) {
		for _, a := range list {
			names[aws.ToString(a.PolicyArn)] = aws.ToString(a.PolicyName)
		}
	}
	for _, u := range details.users {
		collect(u.AttachedManagedPolicies)
	}
	for _, g := range details.groups {
		collect(g.AttachedManagedPolicies)
	}
	for _, ro := range details.roles {
		collect(ro.AttachedManagedPolicies)
	}
	for arn, name := range names {
		if written[arn] {
			continue
		}
		to := attached[arn]
		rec := r.newRecord(KindIAMPolicy, fmt.Sprintf("aws:%s:%s", account, arn), "aws:"+account)
		rec.set("account_id", account)
		rec.set("arn", arn)
		rec.set("name", name)
		rec.set("type", map[bool]string{true: "aws", false: "customer"}[strings.Contains(arn, ":iam::aws:policy/")])
		rec.set("attached_to", map[string]any{"users": sorted(to["users"]), "groups": sorted(to["groups"]), "roles": sorted(to["roles"])})
		rec.set("default_version_id", nil)
		rec.set("document", nil)
		r.emit(rec)
		n++
	}
	return n
}

func attachedARNs(list []iamtypes.AttachedPolicy) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, aws.ToString(a.PolicyArn))
	}
	return sorted(out)
}

func inlineNames(list []iamtypes.PolicyDetail) []string {
	out := make([]string, 0, len(list))
	for _, p := range list {
		out = append(out, aws.ToString(p.PolicyName))
	}
	return sorted(out)
}

func iamTags(tags []iamtypes.Tag) map[string]any {
	return tagMap(tags, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value })
}
