package aws

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// kmsKeys writes the region's customer-managed keys that are enabled or pending deletion.
// ListKeys gives ids only, so each key is described; AWS-managed keys stop there.
func (r *run) kmsKeys(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	client := kms.NewFromConfig(cfg)
	var keys []kmstypes.KeyListEntry
	p := kms.NewListKeysPaginator(client, &kms.ListKeysInput{Limit: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindKMSKey, "kms", "ListKeys", err)
			return
		}
		keys = append(keys, page.Keys...)
	}
	work := make(chan kmstypes.KeyListEntry)
	var wg sync.WaitGroup
	var written atomic.Int64
	for range min(r.o.Concurrency, max(len(keys), 1)) {
		wg.Go(func() {
			for k := range work {
				if r.kmsKey(ctx, client, account, region, k) {
					written.Add(1)
				}
			}
		})
	}
	for _, k := range keys {
		work <- k
	}
	close(work)
	wg.Wait()
	// The inventory counts the keys written: customer-managed ones (and any DescribeKey
	// could not classify), not the AWS-managed keys ListKeys also returns.
	reg.listed(KindKMSKey, int(written.Load()))
}

// kmsKey writes one key's document and says whether it did (AWS-managed keys and keys
// neither enabled nor pending deletion are left out).
func (r *run) kmsKey(ctx context.Context, client *kms.Client, account, region string, k kmstypes.KeyListEntry) bool {
	id := aws.ToString(k.KeyId)
	arn := aws.ToString(k.KeyArn)
	out, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &id})
	if err != nil {
		// Without DescribeKey there is no telling whether the key is customer-managed:
		// write it with the facts null rather than dropping it silently.
		rec := r.regionalRecord(KindKMSKey, arn, account, region)
		rec.set("key_id", id)
		rec.set("arn", arn)
		for _, f := range []string{"key_state", "key_manager", "key_spec", "rotation_enabled", "deletion_date", "tags"} {
			rec.fail(f, "kms", "DescribeKey", err)
		}
		r.emit(rec)
		return true
	}
	m := out.KeyMetadata
	if m.KeyManager != kmstypes.KeyManagerTypeCustomer ||
		(m.KeyState != kmstypes.KeyStateEnabled && m.KeyState != kmstypes.KeyStatePendingDeletion) {
		return false
	}
	if a := aws.ToString(m.Arn); a != "" {
		arn = a
	}
	rec := r.regionalRecord(KindKMSKey, arn, account, region)
	rec.set("key_id", id)
	rec.set("arn", arn)
	rec.set("key_state", string(m.KeyState))
	rec.set("key_manager", string(m.KeyManager))
	rec.set("key_spec", string(m.KeySpec))
	rec.set("deletion_date", timeOrNil(m.DeletionDate))
	rot, err := client.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: &id})
	switch {
	case errorCode(err) == "UnsupportedOperationException":
		rec.set("rotation_enabled", false) // asymmetric, HMAC or imported keys cannot rotate automatically
	case err != nil:
		rec.fail("rotation_enabled", "kms", "GetKeyRotationStatus", err)
	default:
		rec.set("rotation_enabled", rot.KeyRotationEnabled)
	}
	tags := map[string]any{}
	tp := kms.NewListResourceTagsPaginator(client, &kms.ListResourceTagsInput{KeyId: &id})
	for tp.HasMorePages() {
		page, err := tp.NextPage(ctx)
		if err != nil {
			rec.fail("tags", "kms", "ListResourceTags", err)
			tags = nil
			break
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	if tags != nil {
		rec.set("tags", tags)
	}
	r.emit(rec)
	return true
}
