package aws

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

// listBucketsPageSize makes ListBuckets paginate (without it S3 answers with every bucket
// at once, which for 10,000 buckets is one very large response).
const listBucketsPageSize = 1000

// collectBuckets writes one document per bucket. Buckets are listed once for the account;
// each bucket's settings are read in its own region by a bounded pool of workers.
func (r *run) collectBuckets(ctx context.Context, cfg aws.Config, account string, acct *record) {
	global := s3.NewFromConfig(cfg)
	var buckets []s3types.Bucket
	p := s3.NewListBucketsPaginator(global, &s3.ListBucketsInput{MaxBuckets: aws.Int32(listBucketsPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed("account "+account, acct, KindBucket, "s3", "ListBuckets", err)
			return
		}
		buckets = append(buckets, page.Buckets...)
	}
	acct.listed(KindBucket, len(buckets))
	clients := &regionalS3{cfg: cfg, byRegion: map[string]*s3.Client{cfg.Region: global}}
	work := make(chan s3types.Bucket)
	var wg sync.WaitGroup
	for range min(r.o.Concurrency, max(len(buckets), 1)) {
		wg.Go(func() {
			for b := range work {
				r.bucket(ctx, clients, account, b)
			}
		})
	}
	for _, b := range buckets {
		work <- b
	}
	close(work)
	wg.Wait()
}

// regionalS3 keeps one S3 client per region: bucket settings must be asked where the
// bucket lives.
type regionalS3 struct {
	cfg      aws.Config
	mu       sync.Mutex
	byRegion map[string]*s3.Client
}

func (c *regionalS3) client(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.byRegion[region]; ok {
		return cl
	}
	cl := s3.NewFromConfig(regional(c.cfg, region))
	c.byRegion[region] = cl
	return cl
}

func (r *run) bucket(ctx context.Context, clients *regionalS3, account string, b s3types.Bucket) {
	name := aws.ToString(b.Name)
	rec := r.newRecord(KindBucket, fmt.Sprintf("aws:%s:s3:%s", account, name), "aws:"+account)
	rec.set("account_id", account)
	rec.set("name", name)
	rec.set("created_at", timeOrNil(b.CreationDate))

	region := aws.ToString(b.BucketRegion) // ListBuckets names it; older endpoints do not
	if region == "" {
		out, err := clients.client(clients.cfg.Region).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: &name})
		if err != nil {
			rec.fail("region", "s3", "GetBucketLocation", err)
		} else {
			region = locationRegion(out.LocationConstraint)
		}
	}
	if region != "" {
		rec.set("region", region)
	} else {
		region = clients.cfg.Region
	}
	c := clients.client(region)

	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &name})
	switch {
	case isNotConfigured(err):
		rec.set("public_access_block", publicAccessBlock(false, nil, nil, nil, nil))
	case err != nil:
		rec.fail("public_access_block", "s3", "GetPublicAccessBlock", err)
	default:
		p := pab.PublicAccessBlockConfiguration
		rec.set("public_access_block", publicAccessBlock(true, p.BlockPublicAcls, p.IgnorePublicAcls, p.BlockPublicPolicy, p.RestrictPublicBuckets))
	}

	r.bucketPolicy(ctx, c, name, rec)

	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: &name})
	switch {
	case isNotConfigured(err):
		rec.set("encryption", map[string]any{"configured": false, "algorithm": nil, "kms_key_id": nil})
	case err != nil:
		rec.fail("encryption", "s3", "GetBucketEncryption", err)
	default:
		e := map[string]any{"configured": false, "algorithm": nil, "kms_key_id": nil}
		if cfg := enc.ServerSideEncryptionConfiguration; cfg != nil {
			for _, rule := range cfg.Rules {
				if d := rule.ApplyServerSideEncryptionByDefault; d != nil {
					e = map[string]any{"configured": true, "algorithm": string(d.SSEAlgorithm), "kms_key_id": optString(d.KMSMasterKeyID)}
					break
				}
			}
		}
		rec.set("encryption", e)
	}

	ver, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &name})
	if err != nil {
		rec.fail("versioning", "s3", "GetBucketVersioning", err)
	} else {
		var mfaDelete any
		if ver.MFADelete != "" {
			mfaDelete = string(ver.MFADelete)
		}
		rec.set("versioning", map[string]any{"status": string(ver.Status), "mfa_delete": mfaDelete})
	}

	logging, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: &name})
	if err != nil {
		rec.fail("logging", "s3", "GetBucketLogging", err)
	} else if le := logging.LoggingEnabled; le != nil {
		rec.set("logging", map[string]any{"enabled": true, "target_bucket": optString(le.TargetBucket)})
	} else {
		rec.set("logging", map[string]any{"enabled": false, "target_bucket": nil})
	}

	tags, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &name})
	switch {
	case isNotConfigured(err):
		rec.set("tags", map[string]any{})
		rec.set("classification", nil)
	case err != nil:
		rec.fail("tags", "s3", "GetBucketTagging", err)
		rec.fail("classification", "s3", "GetBucketTagging", err)
	default:
		m := tagMap(tags.TagSet, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value })
		rec.set("tags", m)
		rec.set("classification", m[r.o.ClassificationTag])
	}
	r.emit(rec)
}

// bucketPolicy reads the policy first: a bucket without one needs no policy-status call
// (it cannot be public through a policy).
func (r *run) bucketPolicy(ctx context.Context, c *s3.Client, name string, rec *record) {
	pol, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &name})
	switch {
	case isNotConfigured(err):
		rec.set("policy_is_public", false)
		rec.set("denies_insecure_transport", false)
		return
	case err != nil:
		rec.fail("denies_insecure_transport", "s3", "GetBucketPolicy", err)
	default:
		doc, perr := policyDocument(aws.ToString(pol.Policy))
		if perr != nil {
			rec.fail("denies_insecure_transport", "s3", "GetBucketPolicy", perr)
		} else {
			rec.set("denies_insecure_transport", deniesInsecureTransport(doc))
		}
	}
	status, err := c.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: &name})
	switch {
	case isNotConfigured(err):
		rec.set("policy_is_public", false)
	case err != nil:
		rec.fail("policy_is_public", "s3", "GetBucketPolicyStatus", err)
	default:
		var public any = false
		if status.PolicyStatus != nil {
			public = optBool(status.PolicyStatus.IsPublic)
			if public == nil {
				public = false
			}
		}
		rec.set("policy_is_public", public)
	}
}

// locationRegion maps GetBucketLocation's answer to a region: empty is us-east-1 and
// "EU" is the legacy name of eu-west-1.
func locationRegion(c s3types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return string(c)
}

func publicAccessBlock(configured bool, blockACLs, ignoreACLs, blockPolicy, restrict *bool) map[string]any {
	b := func(v *bool) bool { return v != nil && *v }
	return map[string]any{
		"configured":              configured,
		"block_public_acls":       b(blockACLs),
		"ignore_public_acls":      b(ignoreACLs),
		"block_public_policy":     b(blockPolicy),
		"restrict_public_buckets": b(restrict),
	}
}

// accountPublicAccessBlock reads the account-wide S3 block through S3 Control. S3 Control
// puts the account id in the host name; when that host cannot be reached (a custom
// endpoint, a proxy that does not know it) the fact is null with the error — never "off".
func (r *run) accountPublicAccessBlock(ctx context.Context, cfg aws.Config, account string, acct *record) {
	out, err := s3control.NewFromConfig(cfg).GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: &account})
	switch {
	case isNotConfigured(err):
		acct.set("s3_public_access_block", publicAccessBlock(false, nil, nil, nil, nil))
	case err != nil:
		acct.fail("s3_public_access_block", "s3control", "GetPublicAccessBlock", err)
	default:
		p := out.PublicAccessBlockConfiguration
		acct.set("s3_public_access_block", publicAccessBlock(true, p.BlockPublicAcls, p.IgnorePublicAcls, p.BlockPublicPolicy, p.RestrictPublicBuckets))
	}
}
