package aws

import (
	"context"
	"encoding/json"
	"path"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// guardrailActions are the actions an organization's SCPs should deny: leaving the
// organization, and switching off the audit trail and the configuration recorder.
var guardrailActions = []string{
	"organizations:LeaveOrganization",
	"cloudtrail:StopLogging",
	"cloudtrail:DeleteTrail",
	"config:StopConfigurationRecorder",
}

// serviceControlPolicies reads the organization's SCPs (ListPolicies, then DescribePolicy
// for the content and ListTargetsForPolicy for whether it is attached anywhere) and writes
// what the attached ones guard. Any failed call leaves the whole fact null with its error:
// a guardrail missing from a partial read would look absent.
func serviceControlPolicies(ctx context.Context, client *organizations.Client, acct *record) {
	var summaries []orgtypes.PolicySummary
	p := organizations.NewListPoliciesPaginator(client, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			acct.fail("service_control_policies", "organizations", "ListPolicies", err)
			return
		}
		summaries = append(summaries, page.Policies...)
	}
	sort.Slice(summaries, func(i, j int) bool { return aws.ToString(summaries[i].Name) < aws.ToString(summaries[j].Name) })

	policies := []any{}
	denied := map[string]bool{}
	regionAllowList := false
	for _, s := range summaries {
		id := aws.ToString(s.Id)
		out, err := client.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: s.Id})
		if err != nil {
			acct.fail("service_control_policies", "organizations", "DescribePolicy", err)
			return
		}
		targets := 0
		tp := organizations.NewListTargetsForPolicyPaginator(client, &organizations.ListTargetsForPolicyInput{PolicyId: s.Id})
		for tp.HasMorePages() {
			page, err := tp.NextPage(ctx)
			if err != nil {
				acct.fail("service_control_policies", "organizations", "ListTargetsForPolicy", err)
				return
			}
			targets += len(page.Targets)
		}
		var content string
		if out.Policy != nil {
			content = aws.ToString(out.Policy.Content)
		}
		guards := scpGuards(content)
		item := map[string]any{"id": id, "name": aws.ToString(s.Name), "aws_managed": s.AwsManaged,
			"targets": targets, "denies": sorted(guards.denies), "region_allow_list": guards.regionAllowList,
			"readable": guards.readable}
		policies = append(policies, item)
		if targets == 0 {
			continue // a policy attached nowhere guards nothing
		}
		for _, a := range guards.denies {
			denied[a] = true
		}
		regionAllowList = regionAllowList || guards.regionAllowList
	}
	acct.set("service_control_policies", map[string]any{
		"policies":                       policies,
		"denies_leave_organization":      denied["organizations:LeaveOrganization"],
		"denies_cloudtrail_stop_logging": denied["cloudtrail:StopLogging"],
		"denies_cloudtrail_delete_trail": denied["cloudtrail:DeleteTrail"],
		"denies_config_stop_recorder":    denied["config:StopConfigurationRecorder"],
		"region_allow_list":              regionAllowList,
	})
}

type scpGuard struct {
	denies          []string // guardrailActions some Deny statement covers
	regionAllowList bool     // a Deny outside listed regions (aws:RequestedRegion)
	readable        bool     // the content parsed as a policy document
}

// scpGuards reads one SCP's content. A Deny covers an action through Action (matching it)
// or NotAction (not matching it); conditions that exempt principals (a break-glass role)
// still count, but a Deny limited by aws:RequestedRegion only guards outside the allowed
// regions, so it counts as the region allow-list and not as protecting any action.
func scpGuards(content string) scpGuard {
	var doc map[string]any
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		return scpGuard{}
	}
	doc = normalizePolicy(doc)
	g := scpGuard{readable: true}
	covered := map[string]bool{}
	for _, raw := range asList(doc["Statement"]) {
		st, ok := raw.(map[string]any)
		if !ok || st["Effect"] != "Deny" {
			continue
		}
		if regionCondition(st["Condition"]) {
			g.regionAllowList = true
			continue
		}
		for _, action := range guardrailActions {
			if actions, ok := st["Action"]; ok && matchesAny(asList(actions), action) {
				covered[action] = true
			}
			if notActions, ok := st["NotAction"]; ok && !matchesAny(asList(notActions), action) {
				covered[action] = true
			}
		}
	}
	for _, a := range guardrailActions {
		if covered[a] {
			g.denies = append(g.denies, a)
		}
	}
	return g
}

// regionCondition tells whether a condition denies requests to regions not listed.
func regionCondition(cond any) bool {
	ops, _ := cond.(map[string]any)
	for op, v := range ops {
		base := op[strings.LastIndex(op, ":")+1:] // ForAnyValue:StringNotEquals
		switch strings.TrimSuffix(base, "IfExists") {
		case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike":
		default:
			continue
		}
		keys, _ := v.(map[string]any)
		for k := range keys {
			if strings.EqualFold(k, "aws:RequestedRegion") {
				return true
			}
		}
	}
	return false
}

// matchesAny matches an action against IAM action patterns (case-insensitive, * and ?).
func matchesAny(patterns []any, action string) bool {
	for _, p := range patterns {
		s, ok := p.(string)
		if !ok {
			continue
		}
		if ok, err := path.Match(strings.ToLower(s), strings.ToLower(action)); err == nil && ok {
			return true
		}
	}
	return false
}
