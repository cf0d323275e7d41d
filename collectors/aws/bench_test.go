package aws

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/ismscheck/ismscheck/collectors/aws/fakeaws"
)

// BenchmarkCollectAccount is workload W2 of the engineering notes: one account with
// 5,000 IAM users, 200 groups, 300 roles, 1,000 customer-managed policies and 500 buckets
// in five regions, served by the loopback fake with 2 ms latency per call. It reports
// the IAM and S3 calls made against the floor (credential report + ⌈entities/1000⌉
// authorization-details pages + ListBuckets pages + the per-bucket reads + the MFA device
// pages and per-user device lists), the load balancer, instance and SSM calls against
// theirs, the ACM calls against theirs, the Inspector and ECR calls against theirs, all calls, and the peak live heap.
//
//	go test ./collectors/aws/ -run '^$' -bench CollectAccount -benchtime 3x
func BenchmarkCollectAccount(b *testing.B) {
	const users, buckets = 5000, 500
	s := startFake(b)
	acct := fakeaws.SyntheticAccount(testAccount, users, buckets)
	s.AddAccount(acct)
	maxBackoff, reportFirstPoll = 20*time.Second, 500*time.Millisecond // production pacing
	o := testOptions(s, nil)
	o.Regions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"}

	entities := users + 200 + 300 + 1000
	withPolicy := 0
	for _, bk := range acct.Buckets {
		if bk.Policy != "" {
			withPolicy++
		}
	}
	// Generate (STARTED), Generate (COMPLETE), Get; auth pages; ListBuckets pages;
	// PAB, policy, encryption, versioning, logging, tagging per bucket; policy status
	// where a policy exists (BucketRegion comes with ListBuckets).
	// MFA device types: ⌈virtual devices/1000⌉ ListVirtualMFADevices pages, plus one
	// ListMFADevices per user with MFA and no virtual device (hardware tokens, FIDO keys).
	mfaFloor := ceilDiv(len(acct.VirtualMFA), 1000) + len(acct.OtherMFA)
	floor := 3 + ceilDiv(entities, authDetailsPageSize) + ceilDiv(buckets, listBucketsPageSize) + buckets*6 + withPolicy + mfaFloor

	// Load balancers and instances (the fixture's 3 balancers and 4 instances in every
	// region): one DescribeLoadBalancers page, one DescribeListeners per balancer, one
	// DescribeTags per 20 balancers, one DescribeInstances page, one page of each SSM listing.
	const balancers, instances = 3, 4
	computeFloor := len(o.Regions) * (ceilDiv(balancers, elbPageSize) + balancers + ceilDiv(balancers, elbTagBatch) +
		ceilDiv(instances, ec2PageSize) + ceilDiv(instances, ssmInfoPageSize) + ceilDiv(instances, ssmCompliancePageSize))

	// ACM: the fixture's two ListCertificates pages in every region, no call per certificate.
	acmFloor := len(o.Regions) * 2

	// Vulnerability scanning: one BatchGetAccountStatus and one GetRegistryScanningConfiguration
	// per region, and one DescribeRepositories page where no rule covers every repository (the
	// fixture's registry: in every region).
	scanFloor := len(o.Regions) * 3

	var peak uint64
	var calls, iamS3, mfa, docs, compute, acmCalls, scanCalls int
	b.ResetTimer()
	for range b.N {
		s.ResetCalls()
		stop := sampleHeap(&peak)
		d, cov, err := Collect(context.Background(), o)
		stop()
		if err != nil {
			b.Fatal(err)
		}
		docs = len(d)
		calls = cov.Stats["calls"].(int)
		iamS3, mfa, compute, acmCalls, scanCalls = 0, 0, 0, 0, 0
		for key, v := range cov.Stats["requests"].(map[string]any) {
			if service := key[:indexColon(key)]; service == "elasticloadbalancing" || service == "ssm" || key == "ec2:DescribeInstances" {
				compute += v.(map[string]any)["calls"].(int)
			}
			if key[:indexColon(key)] == "acm" {
				acmCalls += v.(map[string]any)["calls"].(int)
			}
			if service := key[:indexColon(key)]; service == "inspector2" || service == "ecr" {
				scanCalls += v.(map[string]any)["calls"].(int)
			}
			if key == "iam:ListVirtualMFADevices" || key == "iam:ListMFADevices" {
				mfa += v.(map[string]any)["calls"].(int)
			}
			if service := key[:len(key)-len(key[indexColon(key):])]; service == "iam" || service == "s3" {
				iamS3 += v.(map[string]any)["calls"].(int)
			}
		}
	}
	b.ReportMetric(float64(iamS3), "iam+s3-calls/op")
	b.ReportMetric(float64(floor), "floor-calls/op")
	b.ReportMetric(float64(mfa), "mfa-calls/op")
	b.ReportMetric(float64(iamS3)/float64(floor), "calls/floor")
	b.ReportMetric(float64(compute), "elb+instance-calls/op")
	b.ReportMetric(float64(computeFloor), "elb+instance-floor/op")
	b.ReportMetric(float64(acmCalls), "acm-calls/op")
	b.ReportMetric(float64(acmFloor), "acm-floor/op")
	b.ReportMetric(float64(scanCalls), "inspector+ecr-calls/op")
	b.ReportMetric(float64(scanFloor), "inspector+ecr-floor/op")
	b.ReportMetric(float64(calls), "all-calls/op")
	b.ReportMetric(float64(docs), "docs/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func indexColon(s string) int {
	for i := range len(s) {
		if s[i] == ':' {
			return i
		}
	}
	return len(s)
}

// sampleHeap records the largest live heap seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
