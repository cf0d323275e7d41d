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
// for the content and ListTargetsForPolicy for where it is attached) and writes what the
// policies attached to the organization's root guard. A policy attached only to some OUs or
// accounts guards only those, which the targets cannot be compared with here: it is
// recorded but not credited. Any failed call leaves the whole fact null with its error: a
// guardrail missing from a partial read would look absent.
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
		targets, attachedToRoot := 0, false
		tp := organizations.NewListTargetsForPolicyPaginator(client, &organizations.ListTargetsForPolicyInput{PolicyId: s.Id})
		for tp.HasMorePages() {
			page, err := tp.NextPage(ctx)
			if err != nil {
				acct.fail("service_control_policies", "organizations", "ListTargetsForPolicy", err)
				return
			}
			targets += len(page.Targets)
			for _, target := range page.Targets {
				attachedToRoot = attachedToRoot || target.Type == orgtypes.TargetTypeRoot
			}
		}
		var content string
		if out.Policy != nil {
			content = aws.ToString(out.Policy.Content)
		}
		guards := scpGuards(content)
		item := map[string]any{"id": id, "name": aws.ToString(s.Name), "aws_managed": s.AwsManaged,
			"targets": targets, "attached_to_root": attachedToRoot, "denies": sorted(guards.denies), "region_allow_list": guards.regionAllowList,
			"readable": guards.readable}
		policies = append(policies, item)
		if !attachedToRoot {
			continue // attached nowhere, or only to some OUs or accounts: not the whole organization
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
// or NotAction (not matching it), but only when it is broad: on every resource (Resource
// "*", or neither Resource nor NotResource) and with no condition but principal exemptions
// (a break-glass role) and the region allow-list. A Deny on one trail's ARN, or one whose
// condition selects the principals it applies to (aws:PrincipalTag/team equals ...), guards
// almost nothing and is not counted. A broad Deny limited by aws:RequestedRegion guards only
// outside the allowed regions, so it counts as the region allow-list and protects no action.
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
		if !ok || st["Effect"] != "Deny" || !onEveryResource(st) {
			continue
		}
		regionLimited, broad := guardConditions(st["Condition"])
		if !broad {
			continue
		}
		if regionLimited {
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

// onEveryResource tells whether a (normalized) statement applies to every resource.
func onEveryResource(st map[string]any) bool {
	if _, ok := st["NotResource"]; ok {
		return false
	}
	resources, ok := st["Resource"]
	if !ok {
		return true
	}
	for _, r := range asList(resources) {
		if r == "*" {
			return true
		}
	}
	return false
}

// guardConditions reads a Deny's conditions: whether one limits it to regions outside an
// allow-list (aws:RequestedRegion with StringNotEquals, StringNotEqualsIgnoreCase or
// StringNotLike), and whether every condition is that or a principal exemption
// (aws:PrincipalArn with ArnNotLike, ArnNotEquals, StringNotLike or StringNotEquals), so
// that the Deny still applies to everyone else. Any other condition selects what the Deny
// applies to: broad is false.
func guardConditions(cond any) (regionLimited, broad bool) {
	if cond == nil {
		return false, true
	}
	ops, ok := cond.(map[string]any)
	if !ok {
		return false, false
	}
	for op, v := range ops {
		qualifier, base, qualified := strings.Cut(op, ":") // ForAnyValue:StringNotEquals
		if !qualified {
			base, qualifier = qualifier, ""
		}
		base = strings.TrimSuffix(base, "IfExists")
		keys, ok := v.(map[string]any)
		if !ok {
			return false, false
		}
		for k := range keys {
			switch {
			case strings.EqualFold(k, "aws:RequestedRegion") &&
				(base == "StringNotEquals" || base == "StringNotEqualsIgnoreCase" || base == "StringNotLike"):
				regionLimited = true
			case strings.EqualFold(k, "aws:PrincipalArn") && qualifier == "" &&
				(base == "ArnNotLike" || base == "ArnNotEquals" || base == "StringNotLike" || base == "StringNotEquals"):
			default:
				return false, false
			}
		}
	}
	return regionLimited, true
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
