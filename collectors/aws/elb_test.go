package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Load balancers: scheme, type, distinct zones, listeners sorted by port with their TLS
// policy and whether plain HTTP redirects to HTTPS, tags from the batched DescribeTags.
func TestLoadBalancers(t *testing.T) {
	s := startFake(t)
	docs, _ := collect(t, testOptions(s, nil))

	app := find(t, docs, KindLoadBalancer, "aws:"+testAccount+":us-east-1:elb/my-load-balancer")
	assert.JSONEq(t, `{"account_id":"123456789012","region":"us-east-1","name":"my-load-balancer",
		"arn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188",
		"scheme":"internet-facing","type":"application","state":"active","availability_zones":2,
		"listeners":[{"port":80,"protocol":"HTTP","ssl_policy":null,"redirects_to_https":true},
			{"port":443,"protocol":"HTTPS","ssl_policy":"ELBSecurityPolicy-TLS13-1-2-2021-06","redirects_to_https":false}],
		"tags":{"environment":"production","project":"lima"}}`, asJSON(t, app.Data))
	legacy := find(t, docs, KindLoadBalancer, "aws:"+testAccount+":eu-west-1:elb/legacy-web")
	assert.Equal(t, "1", asJSON(t, legacy.Data["availability_zones"]))
	assert.JSONEq(t, `[{"port":80,"protocol":"HTTP","ssl_policy":null,"redirects_to_https":false},
		{"port":443,"protocol":"HTTPS","ssl_policy":"ELBSecurityPolicy-2016-08","redirects_to_https":false}]`, asJSON(t, legacy.Data["listeners"]))
	nlb := find(t, docs, KindLoadBalancer, "aws:"+testAccount+":us-east-1:elb/my-network-load-balancer")
	assert.Equal(t, "internal", nlb.Data["scheme"])
	assert.Equal(t, "network", nlb.Data["type"])

	assert.Equal(t, 6, s.Calls("elasticloadbalancing:DescribeListeners"), "one listener listing per balancer")
	assert.Equal(t, 2, s.Calls("elasticloadbalancing:DescribeTags"), "tags in one batch per region")
}

// A refused listener or tag read leaves only that fact null, with the denied call named.
func TestLoadBalancerFactsUnread(t *testing.T) {
	for _, op := range []string{"DescribeListeners", "DescribeTags"} {
		t.Run(op, func(t *testing.T) {
			s := startFake(t)
			s.Fail("elasticloadbalancing:"+op, 403, "AccessDenied", -1)
			docs, _ := collect(t, testOptions(s, nil))
			lbs := ofKind(docs, KindLoadBalancer)
			assert.Len(t, lbs, 6)
			fact := map[string]string{"DescribeListeners": "listeners", "DescribeTags": "tags"}[op]
			for _, lb := range lbs {
				assert.False(t, lb.Complete)
				assert.Nil(t, lb.Data[fact])
				assert.NotNil(t, lb.Data["availability_zones"])
				if assert.Len(t, lb.Errors, 1) {
					assert.Equal(t, "aws:elasticloadbalancing:"+op, lb.Errors[0].Needs)
					assert.True(t, lb.Errors[0].Denied)
				}
			}
		})
	}
}
