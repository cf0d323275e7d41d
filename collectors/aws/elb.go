package aws

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbPageSize is the largest page DescribeLoadBalancers and DescribeListeners accept;
// elbTagBatch the most ARNs one DescribeTags takes.
const (
	elbPageSize = 400
	elbTagBatch = 20
)

// loadBalancers writes the region's Application, Network and Gateway load balancers with
// their listeners (one DescribeListeners listing per balancer) and tags (DescribeTags, 20
// balancers a call). A failed listener or tag read leaves that fact null with its error.
func (r *run) loadBalancers(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	client := elb.NewFromConfig(cfg)
	var lbs []elbtypes.LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(elbPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindLoadBalancer, "elasticloadbalancing", "DescribeLoadBalancers", err)
			return
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	reg.listed(KindLoadBalancer, len(lbs))
	if len(lbs) == 0 {
		return
	}
	recs := make([]*record, len(lbs))
	for i, lb := range lbs {
		name := aws.ToString(lb.LoadBalancerName)
		rec := r.regionalRecord(KindLoadBalancer, fmt.Sprintf("aws:%s:%s:elb/%s", account, region, name), account, region)
		rec.set("name", name)
		rec.set("arn", aws.ToString(lb.LoadBalancerArn))
		rec.set("scheme", string(lb.Scheme))
		rec.set("type", string(lb.Type))
		var state any
		if lb.State != nil {
			state = string(lb.State.Code)
		}
		rec.set("state", state)
		zones := map[string]bool{}
		for _, z := range lb.AvailabilityZones {
			zones[aws.ToString(z.ZoneName)] = true
		}
		rec.set("availability_zones", len(zones))
		recs[i] = rec
	}

	var wg sync.WaitGroup
	wg.Go(func() { elbTags(ctx, client, lbs, recs) })
	for i, lb := range lbs {
		wg.Go(func() { elbListeners(ctx, client, aws.ToString(lb.LoadBalancerArn), recs[i]) })
	}
	wg.Wait()
	for _, rec := range recs {
		r.emit(rec)
	}
}

// elbListeners reads one balancer's listeners: port, protocol, TLS policy, and whether
// the default action redirects to HTTPS (what makes a plain-HTTP listener acceptable).
func elbListeners(ctx context.Context, client *elb.Client, arn string, rec *record) {
	list := []any{}
	p := elb.NewDescribeListenersPaginator(client, &elb.DescribeListenersInput{LoadBalancerArn: &arn, PageSize: aws.Int32(elbPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			rec.fail("listeners", "elasticloadbalancing", "DescribeListeners", err)
			return
		}
		for _, l := range page.Listeners {
			redirects := false
			for _, a := range l.DefaultActions {
				if a.Type == elbtypes.ActionTypeEnumRedirect && a.RedirectConfig != nil && strings.EqualFold(aws.ToString(a.RedirectConfig.Protocol), "HTTPS") {
					redirects = true
				}
			}
			list = append(list, map[string]any{"port": optInt32(l.Port), "protocol": string(l.Protocol),
				"ssl_policy": optString(l.SslPolicy), "redirects_to_https": redirects})
		}
	}
	// By port: the order AWS lists them in must not change the document's digest.
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i].(map[string]any)["port"], list[j].(map[string]any)["port"]
		ai, _ := a.(int)
		bi, _ := b.(int)
		return ai < bi
	})
	rec.set("listeners", list)
}

// elbTags reads the balancers' tags in batches; a failed batch leaves its balancers' tags null.
func elbTags(ctx context.Context, client *elb.Client, lbs []elbtypes.LoadBalancer, recs []*record) {
	byArn := map[string]*record{}
	for i, lb := range lbs {
		byArn[aws.ToString(lb.LoadBalancerArn)] = recs[i]
		recs[i].set("tags", map[string]any{})
	}
	for start := 0; start < len(lbs); start += elbTagBatch {
		var arns []string
		for _, lb := range lbs[start:min(start+elbTagBatch, len(lbs))] {
			arns = append(arns, aws.ToString(lb.LoadBalancerArn))
		}
		out, err := client.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: arns})
		if err != nil {
			for _, arn := range arns {
				byArn[arn].fail("tags", "elasticloadbalancing", "DescribeTags", err)
			}
			continue
		}
		for _, d := range out.TagDescriptions {
			rec := byArn[aws.ToString(d.ResourceArn)]
			if rec == nil {
				continue
			}
			rec.set("tags", tagMap(d.Tags, func(t elbtypes.Tag) (*string, *string) { return t.Key, t.Value }))
		}
	}
}
