package aws

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/ismscheck/ismscheck/evidence"
)

// trailSighting is a trail seen by DescribeTrails in some account and region. A
// multi-region trail shows up in every region and an organization trail in every member
// account; each is written once, by ARN, after all accounts have been listed.
type trailSighting struct {
	account string // the account that saw it
	trail   cttypes.Trail
}

// trailListing is what DescribeTrails showed across one account's regions: the trails
// that apply to it, or the regions where the listing failed. It becomes the account
// document's inventory of trails, since whether an account has a trail is an account fact.
type trailListing struct {
	mu     sync.Mutex
	arns   map[string]bool
	errors []evidence.Error
}

func newTrailListing() *trailListing { return &trailListing{arns: map[string]bool{}} }

// record writes the listing into the account document: the number of trails that apply
// to the account, or null with each region's error when any region could not be listed
// (a single-region trail there, or the only logging one, may be missing).
func (tl *trailListing) record(acct *record) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	if len(tl.errors) == 0 {
		acct.listed(KindTrail, len(tl.arns))
		return
	}
	for _, e := range tl.errors {
		acct.unlisted(KindTrail, e)
	}
}

// listTrails notes every trail visible from one region (shadow trails included, so
// multi-region and organization trails are seen wherever they apply).
func (r *run) listTrails(ctx context.Context, cfg aws.Config, account, region string, tl *trailListing) {
	out, err := cloudtrail.NewFromConfig(cfg).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		r.failPart("account "+account+" region "+region, "cloudtrail", "DescribeTrails", err)
		e := fault("cloudtrail", "DescribeTrails", err)
		e.Message = region + ": " + e.Message
		tl.mu.Lock()
		tl.errors = append(tl.errors, e)
		tl.mu.Unlock()
		return
	}
	tl.mu.Lock()
	for _, t := range out.TrailList {
		tl.arns[aws.ToString(t.TrailARN)] = true
	}
	tl.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range out.TrailList {
		arn := aws.ToString(t.TrailARN)
		have, seen := r.trails[arn]
		// Prefer the sighting from the account that owns the trail: it may read its status.
		if !seen || (have.account != arnAccount(arn) && (account == arnAccount(arn) || account < have.account)) {
			r.trails[arn] = trailSighting{account: account, trail: t}
		}
	}
}

// arnAccount is the account field of an ARN.
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// describeTrails writes one document per trail, reading its status and event selectors
// once, in its home region, with the credentials of the account that saw it.
func (r *run) describeTrails(ctx context.Context, sessions map[string]aws.Config) {
	arns := make([]string, 0, len(r.trails))
	for arn := range r.trails {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	var wg sync.WaitGroup
	for _, arn := range arns {
		s := r.trails[arn]
		cfg, ok := sessions[s.account]
		if !ok {
			continue
		}
		wg.Go(func() { r.trail(ctx, cfg, arn, s) })
	}
	wg.Wait()
}

func (r *run) trail(ctx context.Context, cfg aws.Config, arn string, s trailSighting) {
	t := s.trail
	owner := arnAccount(arn)
	if owner == "" {
		owner = s.account
	}
	home := aws.ToString(t.HomeRegion)
	rec := r.newRecord(KindTrail, arn, "aws:"+s.account+":"+home)
	rec.set("account_id", owner)
	rec.set("name", aws.ToString(t.Name))
	rec.set("arn", arn)
	rec.set("home_region", home)
	rec.set("is_multi_region", aws.ToBool(t.IsMultiRegionTrail))
	rec.set("is_organization_trail", aws.ToBool(t.IsOrganizationTrail))
	rec.set("log_file_validation", aws.ToBool(t.LogFileValidationEnabled))
	rec.set("kms_key_id", optString(t.KmsKeyId))
	rec.set("s3_bucket", aws.ToString(t.S3BucketName))
	rec.set("cloudwatch_logs_log_group_arn", optString(t.CloudWatchLogsLogGroupArn))

	client := cloudtrail.NewFromConfig(regional(cfg, home))
	status, err := client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: &arn})
	if err != nil {
		for _, k := range []string{"is_logging", "latest_delivery_error", "latest_delivery_time"} {
			rec.fail(k, "cloudtrail", "GetTrailStatus", err)
		}
	} else {
		rec.set("is_logging", optBool(status.IsLogging))
		rec.set("latest_delivery_error", optString(status.LatestDeliveryError))
		rec.set("latest_delivery_time", timeOrNil(status.LatestDeliveryTime))
	}
	sel, err := client.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: &arn})
	if err != nil {
		rec.fail("management_events", "cloudtrail", "GetEventSelectors", err)
	} else {
		rec.set("management_events", logsManagementEvents(sel))
	}
	r.emit(rec)
}

// logsManagementEvents reads both selector styles: basic (IncludeManagementEvents) and
// advanced (eventCategory = Management).
func logsManagementEvents(out *cloudtrail.GetEventSelectorsOutput) bool {
	for _, s := range out.EventSelectors {
		if aws.ToBool(s.IncludeManagementEvents) {
			return true
		}
	}
	for _, a := range out.AdvancedEventSelectors {
		for _, f := range a.FieldSelectors {
			if aws.ToString(f.Field) == "eventCategory" {
				for _, v := range f.Equals {
					if v == "Management" {
						return true
					}
				}
			}
		}
	}
	return false
}
