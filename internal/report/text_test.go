package report

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ismscheck/ismscheck/internal/results"
)

// A rule with nothing to judge is listed with its reason, apart from errors and skips:
// "none exists" must read differently from "not read".
func TestTextListsRulesWithNothingToJudge(t *testing.T) {
	r := fixture(t)
	without := string(render(t, r, "text"))
	assert.NotContains(t, without, "NOTHING TO JUDGE")

	r.Coverage.Rules.NotApplicable = 1
	r.Coverage.Rules.NotApplicableRules = []results.RuleNote{{RuleID: "AWS-14", Reason: "the aws collector read every aws.rds.instance and found none"}}
	with := string(render(t, r, "text"))
	assert.Contains(t, with, "NOTHING TO JUDGE (the source was read in full and holds no such resource)\n  AWS-14  the aws collector read every aws.rds.instance and found none\n")
}
