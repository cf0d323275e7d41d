package aws

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2PageSize is the largest page the Describe* calls below accept.
const ec2PageSize = 1000

func (r *run) securityGroups(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	p := ec2.NewDescribeSecurityGroupsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(ec2PageSize)})
	var groups []ec2types.SecurityGroup
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindSecurityGroup, "ec2", "DescribeSecurityGroups", err)
			return
		}
		groups = append(groups, page.SecurityGroups...)
	}
	reg.listed(KindSecurityGroup, len(groups))
	for _, g := range groups {
		id := aws.ToString(g.GroupId)
		rec := r.regionalRecord(KindSecurityGroup, fmt.Sprintf("aws:%s:%s:%s", account, region, id), account, region)
		rec.set("group_id", id)
		rec.set("name", aws.ToString(g.GroupName))
		rec.set("vpc_id", aws.ToString(g.VpcId))
		rec.set("is_default", aws.ToString(g.GroupName) == "default")
		rec.set("ingress", permissions(g.IpPermissions))
		rec.set("egress", permissions(g.IpPermissionsEgress))
		r.emit(rec)
	}
}

// protocolNames maps the protocol numbers EC2 may echo back to the names rules compare.
var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

func permissions(list []ec2types.IpPermission) []any {
	out := make([]any, 0, len(list))
	for _, p := range list {
		proto := aws.ToString(p.IpProtocol)
		if name, ok := protocolNames[proto]; ok {
			proto = name
		}
		var cidrs, sources []string
		for _, c := range p.IpRanges {
			cidrs = append(cidrs, aws.ToString(c.CidrIp))
		}
		for _, c := range p.Ipv6Ranges {
			cidrs = append(cidrs, aws.ToString(c.CidrIpv6))
		}
		for _, g := range p.UserIdGroupPairs {
			sources = append(sources, aws.ToString(g.GroupId))
		}
		var from, to any
		if proto != "-1" {
			from, to = optInt32(p.FromPort), optInt32(p.ToPort)
		}
		out = append(out, map[string]any{"protocol": proto, "from_port": from, "to_port": to, "cidrs": sorted(cidrs), "source_groups": sorted(sources)})
	}
	// Rules are a set; sort by their JSON-ish key so the order AWS returns does not matter.
	sort.SliceStable(out, func(i, j int) bool { return permissionKey(out[i]) < permissionKey(out[j]) })
	return out
}

func permissionKey(v any) string {
	m := v.(map[string]any)
	return fmt.Sprint(m["protocol"], "|", m["from_port"], "|", m["to_port"], "|", m["cidrs"], "|", m["source_groups"])
}

func (r *run) vpcs(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	client := ec2.NewFromConfig(cfg)
	scope := fmt.Sprintf("account %s region %s", account, region)
	var vpcs []ec2types.Vpc
	p := ec2.NewDescribeVpcsPaginator(client, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(ec2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(scope, reg, KindVPC, "ec2", "DescribeVpcs", err)
			return
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	reg.listed(KindVPC, len(vpcs))
	if len(vpcs) == 0 {
		return
	}
	// One flow-log listing for the region, grouped by the resource it watches.
	byResource := map[string][]any{}
	var flowErr error
	fp := ec2.NewDescribeFlowLogsPaginator(client, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(ec2PageSize)})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			flowErr = err
			break
		}
		for _, f := range page.FlowLogs {
			byResource[aws.ToString(f.ResourceId)] = append(byResource[aws.ToString(f.ResourceId)], map[string]any{
				"id": aws.ToString(f.FlowLogId), "status": aws.ToString(f.FlowLogStatus),
				"traffic_type": string(f.TrafficType), "destination_type": string(f.LogDestinationType),
			})
		}
	}
	for _, v := range vpcs {
		id := aws.ToString(v.VpcId)
		rec := r.regionalRecord(KindVPC, fmt.Sprintf("aws:%s:%s:%s", account, region, id), account, region)
		rec.set("vpc_id", id)
		rec.set("is_default", aws.ToBool(v.IsDefault))
		if flowErr != nil {
			rec.fail("flow_logs", "ec2", "DescribeFlowLogs", flowErr)
		} else {
			logs := byResource[id]
			if logs == nil {
				logs = []any{}
			}
			sort.Slice(logs, func(i, j int) bool {
				return logs[i].(map[string]any)["id"].(string) < logs[j].(map[string]any)["id"].(string)
			})
			rec.set("flow_logs", logs)
		}
		r.emit(rec)
	}
}
