package evidence

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestListedKindsNeedsEveryEntryOfTheCollector(t *testing.T) {
	tests := []struct {
		name string
		cov  []Coverage
		want map[string]bool
	}{
		{"nothing listed", []Coverage{{Collector: "aws"}}, map[string]bool{}},
		{"one collection", []Coverage{{Collector: "aws", Listed: []string{"aws.rds.instance", "aws.s3.bucket"}}},
			map[string]bool{"aws.rds.instance": true, "aws.s3.bucket": true}},
		{"two shards agree on one kind only", []Coverage{
			{Collector: "aws", Listed: []string{"aws.rds.instance", "aws.s3.bucket"}},
			{Collector: "aws", Listed: []string{"aws.s3.bucket"}},
			{Collector: "github"}},
			map[string]bool{"aws.s3.bucket": true}},
		{"a shard that failed lists nothing", []Coverage{
			{Collector: "aws", Listed: []string{"aws.rds.instance"}},
			{Collector: "aws", Status: CoverageError}},
			map[string]bool{}},
		{"a kind of another collector is ignored", []Coverage{{Collector: "github", Listed: []string{"aws.rds.instance", "aws.rds.instance"}}},
			map[string]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ListedKinds(tt.cov))
		})
	}
}
