package aws

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// accountsToRead resolves which accounts to collect: the listed ones, the organization's
// active accounts, or the caller's own.
func accountsToRead(ctx context.Context, cfg aws.Config, o Options, me caller) ([]string, error) {
	set := map[string]bool{}
	for _, a := range o.Accounts {
		set[a] = true
	}
	if o.UseOrganizations {
		p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list the organization's accounts (%s): %s", needs("organizations", "ListAccounts"), describe(err))
			}
			for _, a := range page.Accounts {
				if a.State == orgtypes.AccountStateActive || (a.State == "" && a.Status == orgtypes.AccountStatusActive) {
					set[aws.ToString(a.Id)] = true
				}
			}
		}
	}
	if len(set) == 0 {
		set[me.account] = true
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// regionsToRead is the configured list, or every region enabled for the account.
func regionsToRead(ctx context.Context, cfg aws.Config, o Options) ([]string, error) {
	if len(o.Regions) > 0 {
		out := append([]string(nil), o.Regions...)
		sort.Strings(out)
		return compact(out), nil
	}
	res, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res.Regions))
	for _, r := range res.Regions {
		out = append(out, aws.ToString(r.RegionName))
	}
	sort.Strings(out)
	return compact(out), nil
}

func compact(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if s != "" && (i == 0 || s != sorted[i-1]) {
			out = append(out, s)
		}
	}
	return out
}

// organization records the account's organization; an account outside any organization
// is a fact (null), not an error. The organization's management account also gets its
// service control policies (only it can read them).
func (r *run) organization(ctx context.Context, cfg aws.Config, account string, acct *record) {
	out, err := organizations.NewFromConfig(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	switch {
	case isNotConfigured(err):
		acct.set("organization", nil)
	case err != nil:
		acct.fail("organization", "organizations", "DescribeOrganization", err)
	default:
		acct.set("organization", map[string]any{"id": aws.ToString(out.Organization.Id), "master_account_id": aws.ToString(out.Organization.MasterAccountId)})
		if aws.ToString(out.Organization.MasterAccountId) == account {
			serviceControlPolicies(ctx, organizations.NewFromConfig(cfg), acct)
		}
	}
}
