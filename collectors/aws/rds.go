package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func (r *run) rdsInstances(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	n := 0
	p := rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(cfg), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindRDSInstance, "rds", "DescribeDBInstances", err)
			return
		}
		n += len(page.DBInstances)
		for _, db := range page.DBInstances {
			rec := r.regionalRecord(KindRDSInstance, aws.ToString(db.DBInstanceArn), account, region)
			rec.set("identifier", aws.ToString(db.DBInstanceIdentifier))
			rec.set("engine", aws.ToString(db.Engine))
			rec.set("storage_encrypted", aws.ToBool(db.StorageEncrypted))
			rec.set("backup_retention_period", int(aws.ToInt32(db.BackupRetentionPeriod)))
			rec.set("publicly_accessible", aws.ToBool(db.PubliclyAccessible))
			rec.set("multi_az", aws.ToBool(db.MultiAZ))
			rec.set("deletion_protection", aws.ToBool(db.DeletionProtection))
			tags := tagMap(db.TagList, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
			rec.set("tags", tags)
			rec.set("classification", tags[r.o.ClassificationTag])
			r.emit(rec)
		}
	}
	reg.listed(KindRDSInstance, n)
}
