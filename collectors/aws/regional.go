package aws

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
)

// collectRegion reads one region of one account: the region document and every regional
// resource list, concurrently (each service is bounded by its own limit). The region
// document is written last: its inventory says which listings succeeded, so a rule never
// reads "no resources" where the listing failed. Trails are noted for the account.
func (r *run) collectRegion(ctx context.Context, cfg aws.Config, account, region string, trails *trailListing) {
	rec := r.regionalRecord(KindRegion, fmt.Sprintf("aws:%s:%s", account, region), account, region)
	var wg sync.WaitGroup
	wg.Go(func() { regionFacts(ctx, cfg, rec) })
	wg.Go(func() { r.listTrails(ctx, cfg, account, region, trails) })
	wg.Go(func() { r.securityGroups(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.vpcs(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.kmsKeys(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.rdsInstances(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.backupPlans(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.backupVaults(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.logGroups(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.loadBalancers(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.instances(ctx, cfg, account, region, rec) })
	wg.Go(func() { r.certificates(ctx, cfg, account, region, rec) })
	wg.Go(func() { inspector(ctx, cfg, account, rec) })
	wg.Go(func() { ecrScanning(ctx, cfg, rec) })
	wg.Wait()
	r.emit(rec)
}

// regionFacts fills aws.region with the region's detective and preventive switches.
func regionFacts(ctx context.Context, cfg aws.Config, rec *record) {
	var wg sync.WaitGroup
	wg.Go(func() {
		out, err := ec2.NewFromConfig(cfg).GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		if err != nil {
			rec.fail("ebs_default_encryption", "ec2", "GetEbsEncryptionByDefault", err)
			return
		}
		rec.set("ebs_default_encryption", optBool(out.EbsEncryptionByDefault))
	})
	wg.Go(func() { configRecorders(ctx, cfg, rec) })
	wg.Go(func() { guardDuty(ctx, cfg, rec) })
	wg.Go(func() { securityHub(ctx, cfg, rec) })
	wg.Go(func() { accessAnalyzer(ctx, cfg, rec) })
	wg.Wait()
}

func configRecorders(ctx context.Context, cfg aws.Config, rec *record) {
	client := configservice.NewFromConfig(cfg)
	recs, err := client.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		rec.fail("config_recorders", "config", "DescribeConfigurationRecorders", err)
		return
	}
	list := []any{}
	if len(recs.ConfigurationRecorders) > 0 {
		status, err := client.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
		byName := map[string]map[string]any{}
		if err != nil {
			rec.failWith("", fault("config", "DescribeConfigurationRecorderStatus", err))
		} else {
			for _, s := range status.ConfigurationRecordersStatus {
				byName[aws.ToString(s.Name)] = map[string]any{"recording": s.Recording, "last_status": string(s.LastStatus)}
			}
		}
		sort.Slice(recs.ConfigurationRecorders, func(i, j int) bool {
			return aws.ToString(recs.ConfigurationRecorders[i].Name) < aws.ToString(recs.ConfigurationRecorders[j].Name)
		})
		for _, c := range recs.ConfigurationRecorders {
			name := aws.ToString(c.Name)
			item := map[string]any{"name": name, "all_supported": false, "include_global_resource_types": false, "recording": nil, "last_status": nil}
			if g := c.RecordingGroup; g != nil {
				item["all_supported"] = g.AllSupported
				item["include_global_resource_types"] = g.IncludeGlobalResourceTypes
			}
			if s, ok := byName[name]; ok {
				item["recording"], item["last_status"] = s["recording"], s["last_status"]
			} else if err == nil {
				item["recording"] = false
			}
			list = append(list, item)
		}
	}
	rec.set("config_recorders", list)
}

// highSeverity is GuardDuty's lower bound for High (7.0–8.9) and Critical findings.
const highSeverity = 7

// guardDuty: no detector is a fact ({}); an enabled detector carries its open high
// findings, counted from the paginated finding list sorted oldest first.
func guardDuty(ctx context.Context, cfg aws.Config, rec *record) {
	client := guardduty.NewFromConfig(cfg)
	var ids []string
	p := guardduty.NewListDetectorsPaginator(client, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			rec.fail("guardduty", "guardduty", "ListDetectors", err)
			return
		}
		ids = append(ids, page.DetectorIds...)
	}
	if len(ids) == 0 {
		rec.set("guardduty", map[string]any{})
		return
	}
	sort.Strings(ids)
	id := ids[0] // one detector per account and region
	det, err := client.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: &id})
	if err != nil {
		rec.fail("guardduty", "guardduty", "GetDetector", err)
		return
	}
	g := map[string]any{"detector_id": id, "status": string(det.Status), "administrator_account": nil, "administrator_relationship": nil,
		"member_accounts": nil, "high_findings_open": nil, "oldest_high_finding_at": nil}
	centralManagement(ctx, client, id, g, rec)
	count, oldest, op, err := highFindings(ctx, client, id)
	if err != nil {
		rec.failWith("", fault("guardduty", op, err))
	} else {
		g["high_findings_open"] = count
		g["oldest_high_finding_at"] = oldest
	}
	rec.set("guardduty", g)
}

// centralManagement says who manages the detector. A member account names its
// administrator (GetAdministratorAccount, with the relationship's status). The delegated
// administrator itself has none, so, only then, its associated members are counted
// (ListMembers): an administrator with members is the central account, as Prowler's
// guardduty_centrally_managed reads it. A standalone detector has neither. member_accounts
// is null only when ListMembers failed, with its error.
func centralManagement(ctx context.Context, client *guardduty.Client, detector string, g map[string]any, rec *record) {
	admin, err := client.GetAdministratorAccount(ctx, &guardduty.GetAdministratorAccountInput{DetectorId: &detector})
	if err != nil {
		rec.failWith("", fault("guardduty", "GetAdministratorAccount", err))
		return
	}
	if a := admin.Administrator; a != nil && aws.ToString(a.AccountId) != "" {
		g["administrator_account"] = aws.ToString(a.AccountId)
		g["administrator_relationship"] = optString(a.RelationshipStatus)
		g["member_accounts"] = 0 // GuardDuty lets no member administer others
		return
	}
	members := 0
	p := guardduty.NewListMembersPaginator(client, &guardduty.ListMembersInput{DetectorId: &detector, OnlyAssociated: aws.String("true"), MaxResults: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			rec.failWith("", fault("guardduty", "ListMembers", err))
			return
		}
		for _, m := range page.Members {
			if strings.EqualFold(aws.ToString(m.RelationshipStatus), "Enabled") {
				members++
			}
		}
	}
	g["member_accounts"] = members
}

func highFindings(ctx context.Context, client *guardduty.Client, detector string) (int, any, string, error) {
	criteria := &gdtypes.FindingCriteria{Criterion: map[string]gdtypes.Condition{
		"severity":         {GreaterThanOrEqual: aws.Int64(highSeverity)},
		"service.archived": {Equals: []string{"false"}},
	}}
	var first string
	count := 0
	p := guardduty.NewListFindingsPaginator(client, &guardduty.ListFindingsInput{
		DetectorId: &detector, FindingCriteria: criteria, MaxResults: aws.Int32(50),
		SortCriteria: &gdtypes.SortCriteria{AttributeName: aws.String("createdAt"), OrderBy: gdtypes.OrderByAsc},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, nil, "ListFindings", err
		}
		if first == "" && len(page.FindingIds) > 0 {
			first = page.FindingIds[0]
		}
		count += len(page.FindingIds)
	}
	if first == "" {
		return 0, nil, "", nil
	}
	out, err := client.GetFindings(ctx, &guardduty.GetFindingsInput{DetectorId: &detector, FindingIds: []string{first}})
	if err != nil {
		return 0, nil, "GetFindings", err
	}
	var oldest any
	if len(out.Findings) > 0 {
		oldest = isoTime(aws.ToString(out.Findings[0].CreatedAt))
	}
	return count, oldest, "", nil
}

// securityHub: an account that never enabled Security Hub answers InvalidAccessException
// ("not subscribed"): a fact, enabled false.
func securityHub(ctx context.Context, cfg aws.Config, rec *record) {
	client := securityhub.NewFromConfig(cfg)
	standards := []any{}
	p := securityhub.NewGetEnabledStandardsPaginator(client, &securityhub.GetEnabledStandardsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if errorCode(err) == "InvalidAccessException" && strings.Contains(strings.ToLower(describe(err)), "not subscribed") {
			rec.set("securityhub", map[string]any{"enabled": false, "standards": []any{}})
			return
		}
		if err != nil {
			rec.fail("securityhub", "securityhub", "GetEnabledStandards", err)
			return
		}
		for _, s := range page.StandardsSubscriptions {
			standards = append(standards, map[string]any{"arn": aws.ToString(s.StandardsArn), "status": string(s.StandardsStatus)})
		}
	}
	sort.Slice(standards, func(i, j int) bool {
		return standards[i].(map[string]any)["arn"].(string) < standards[j].(map[string]any)["arn"].(string)
	})
	rec.set("securityhub", map[string]any{"enabled": true, "standards": standards})
}

func accessAnalyzer(ctx context.Context, cfg aws.Config, rec *record) {
	client := accessanalyzer.NewFromConfig(cfg)
	analyzers := []any{}
	var active []string
	p := accessanalyzer.NewListAnalyzersPaginator(client, &accessanalyzer.ListAnalyzersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			rec.fail("access_analyzer", "access-analyzer", "ListAnalyzers", err)
			return
		}
		for _, a := range page.Analyzers {
			analyzers = append(analyzers, map[string]any{"name": aws.ToString(a.Name), "type": string(a.Type), "status": string(a.Status)})
			if a.Status == aatypes.AnalyzerStatusActive {
				active = append(active, aws.ToString(a.Arn))
			}
		}
	}
	sort.Slice(analyzers, func(i, j int) bool {
		return analyzers[i].(map[string]any)["name"].(string) < analyzers[j].(map[string]any)["name"].(string)
	})
	var findings any = 0
	total := 0
	for _, arn := range active {
		fp := accessanalyzer.NewListFindingsV2Paginator(client, &accessanalyzer.ListFindingsV2Input{
			AnalyzerArn: aws.String(arn),
			Filter:      map[string]aatypes.Criterion{"status": {Eq: []string{"ACTIVE"}}},
		})
		for fp.HasMorePages() {
			page, err := fp.NextPage(ctx)
			if err != nil {
				rec.failWith("", fault("access-analyzer", "ListFindingsV2", err))
				findings = nil
				break
			}
			total += len(page.Findings)
		}
	}
	if findings != nil {
		findings = total
	}
	rec.set("access_analyzer", map[string]any{"analyzers": analyzers, "active_findings": findings})
}
