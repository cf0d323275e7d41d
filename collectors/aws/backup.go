package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
)

// backupPlans writes each plan with its rules and what it selects. Plans are few; each
// costs a GetBackupPlan, a selection listing and one GetBackupSelection per selection.
func (r *run) backupPlans(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	client := backup.NewFromConfig(cfg)
	var plans []backuptypes.BackupPlansListMember
	p := backup.NewListBackupPlansPaginator(client, &backup.ListBackupPlansInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindBackupPlan, "backup", "ListBackupPlans", err)
			return
		}
		plans = append(plans, page.BackupPlansList...)
	}
	reg.listed(KindBackupPlan, len(plans))
	for _, plan := range plans {
		id := aws.ToString(plan.BackupPlanId)
		rec := r.regionalRecord(KindBackupPlan, aws.ToString(plan.BackupPlanArn), account, region)
		rec.set("name", aws.ToString(plan.BackupPlanName))
		out, err := client.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: &id})
		if err != nil {
			rec.fail("rules", "backup", "GetBackupPlan", err)
		} else {
			rules := []any{}
			if out.BackupPlan != nil {
				for _, rule := range out.BackupPlan.Rules {
					lc := map[string]any{"delete_after_days": nil, "move_to_cold_storage_after_days": nil}
					if l := rule.Lifecycle; l != nil {
						lc["delete_after_days"] = optInt64(l.DeleteAfterDays)
						lc["move_to_cold_storage_after_days"] = optInt64(l.MoveToColdStorageAfterDays)
					}
					rules = append(rules, map[string]any{
						"name": aws.ToString(rule.RuleName), "schedule": aws.ToString(rule.ScheduleExpression),
						"lifecycle": lc, "target_vault": aws.ToString(rule.TargetBackupVaultName),
					})
				}
			}
			sort.Slice(rules, func(i, j int) bool {
				return rules[i].(map[string]any)["name"].(string) < rules[j].(map[string]any)["name"].(string)
			})
			rec.set("rules", rules)
		}
		rec.set("selections", backupSelections(ctx, client, id, rec))
		r.emit(rec)
	}
}

func backupSelections(ctx context.Context, client *backup.Client, planID string, rec *record) any {
	var ids []string
	p := backup.NewListBackupSelectionsPaginator(client, &backup.ListBackupSelectionsInput{BackupPlanId: &planID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			rec.failWith("", fault("backup", "ListBackupSelections", err))
			return nil
		}
		for _, s := range page.BackupSelectionsList {
			ids = append(ids, aws.ToString(s.SelectionId))
		}
	}
	out := []any{}
	for _, id := range ids {
		sel, err := client.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: &planID, SelectionId: &id})
		if err != nil {
			rec.failWith("", fault("backup", "GetBackupSelection", err))
			return nil
		}
		s := sel.BackupSelection
		if s == nil {
			continue
		}
		out = append(out, map[string]any{
			"name":          aws.ToString(s.SelectionName),
			"resources":     sorted(s.Resources),
			"not_resources": sorted(s.NotResources),
			"conditions":    rawValue(map[string]any{"Conditions": s.Conditions, "ListOfTags": s.ListOfTags}),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].(map[string]any)["name"].(string) < out[j].(map[string]any)["name"].(string)
	})
	return out
}

func (r *run) backupVaults(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	n := 0
	p := backup.NewListBackupVaultsPaginator(backup.NewFromConfig(cfg), &backup.ListBackupVaultsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindBackupVault, "backup", "ListBackupVaults", err)
			return
		}
		n += len(page.BackupVaultList)
		for _, v := range page.BackupVaultList {
			rec := r.regionalRecord(KindBackupVault, aws.ToString(v.BackupVaultArn), account, region)
			rec.set("name", aws.ToString(v.BackupVaultName))
			rec.set("encryption_key_arn", optString(v.EncryptionKeyArn))
			rec.set("locked", optBool(v.Locked))
			rec.set("recovery_points", int(v.NumberOfRecoveryPoints))
			r.emit(rec)
		}
	}
	reg.listed(KindBackupVault, n)
}

// rawValue turns an SDK struct into plain JSON values (field names as AWS spells them).
func rawValue(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return out
}
