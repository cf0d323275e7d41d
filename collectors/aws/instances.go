package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// The largest pages DescribeInstanceInformation and ListResourceComplianceSummaries accept.
const (
	ssmInfoPageSize       = 50
	ssmCompliancePageSize = 100
)

// instances writes the region's EC2 instances: state, instance metadata options (IMDSv2)
// and tags from DescribeInstances, then whether Systems Manager manages each one and its
// patch compliance, from one paged listing per region each (not one call per instance).
// SSM is asked only when the region has instances.
func (r *run) instances(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	var list []ec2types.Instance
	p := ec2.NewDescribeInstancesPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeInstancesInput{MaxResults: aws.Int32(ec2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindEC2Instance, "ec2", "DescribeInstances", err)
			return
		}
		for _, res := range page.Reservations {
			list = append(list, res.Instances...)
		}
	}
	reg.listed(KindEC2Instance, len(list))
	if len(list) == 0 {
		return
	}
	client := ssm.NewFromConfig(cfg)
	managed, managedErr := ssmManagedInstances(ctx, client)
	patches, patchErr := patchCompliance(ctx, client)

	for _, in := range list {
		id := aws.ToString(in.InstanceId)
		rec := r.regionalRecord(KindEC2Instance, fmt.Sprintf("aws:%s:%s:%s", account, region, id), account, region)
		rec.set("instance_id", id)
		var state any
		if in.State != nil {
			state = string(in.State.Name)
		}
		rec.set("state", state)
		var tokens, endpoint any
		if m := in.MetadataOptions; m != nil {
			tokens, endpoint = nonEmpty(string(m.HttpTokens)), nonEmpty(string(m.HttpEndpoint))
		}
		rec.set("http_tokens", tokens)
		rec.set("http_endpoint", endpoint)
		rec.set("tags", tagMap(in.Tags, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value }))
		if managedErr != nil {
			rec.fail("ssm_managed", "ssm", "DescribeInstanceInformation", managedErr)
		} else {
			rec.set("ssm_managed", managed[id])
		}
		if patchErr != nil {
			rec.fail("patch_status", "ssm", "ListResourceComplianceSummaries", patchErr)
		} else if status, ok := patches[id]; ok {
			rec.set("patch_status", status)
		} else {
			rec.set("patch_status", "UNKNOWN") // never scanned for patches: no summary
		}
		r.emit(rec)
	}
}

// ssmManagedInstances is the set of EC2 instance ids Systems Manager knows in the region.
func ssmManagedInstances(ctx context.Context, client *ssm.Client) (map[string]bool, error) {
	managed := map[string]bool{}
	p := ssm.NewDescribeInstanceInformationPaginator(client, &ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(ssmInfoPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, i := range page.InstanceInformationList {
			managed[aws.ToString(i.InstanceId)] = true
		}
	}
	return managed, nil
}

// patchCompliance maps managed instance ids to their Patch compliance status.
func patchCompliance(ctx context.Context, client *ssm.Client) (map[string]string, error) {
	status := map[string]string{}
	p := ssm.NewListResourceComplianceSummariesPaginator(client, &ssm.ListResourceComplianceSummariesInput{
		MaxResults: aws.Int32(ssmCompliancePageSize),
		Filters:    []ssmtypes.ComplianceStringFilter{{Key: aws.String("ComplianceType"), Values: []string{"Patch"}, Type: ssmtypes.ComplianceQueryOperatorTypeEqual}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.ResourceComplianceSummaryItems {
			if aws.ToString(s.ComplianceType) == "Patch" || s.ComplianceType == nil {
				status[aws.ToString(s.ResourceId)] = string(s.Status)
			}
		}
	}
	return status, nil
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
