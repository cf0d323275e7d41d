package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func (r *run) logGroups(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	n := 0
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindLogGroup, "logs", "DescribeLogGroups", err)
			return
		}
		n += len(page.LogGroups)
		for _, g := range page.LogGroups {
			// logGroupArn is the ARN without the ":*" suffix "arn" carries.
			arn := aws.ToString(g.LogGroupArn)
			if arn == "" {
				arn = strings.TrimSuffix(aws.ToString(g.Arn), ":*")
			}
			rec := r.regionalRecord(KindLogGroup, arn, account, region)
			rec.set("name", aws.ToString(g.LogGroupName))
			rec.set("retention_in_days", optInt32(g.RetentionInDays))
			rec.set("kms_key_id", optString(g.KmsKeyId))
			r.emit(rec)
		}
	}
	reg.listed(KindLogGroup, n)
}
