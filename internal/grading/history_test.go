package grading

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/results"
)

// keyed is a failing finding with its fingerprint, as the engine gives it.
func keyed(rule, id, key, grade string) results.Finding {
	f := fail(rule, id, grade, "7.5.2")
	f.Key = key
	f.Fingerprint = results.Fingerprint(rule, f.Resource, key)
	return f
}

// past is an earlier run as the history store gives it back.
func past(asOf string, findings ...results.Finding) *results.Results {
	return &results.Results{Run: results.Run{ID: "run-" + asOf, AsOf: asOf}, Findings: findings}
}

func TestEscalateRepeats(t *testing.T) {
	now := keyed("DOC-05", "policies/a.md", "", "minor")
	stillMinor := now
	major := now
	major.Grade = results.GradeMajor
	observation := now
	observation.Grade = results.GradeObservation
	passed := pass("DOC-05", "policies/a.md", "7.5.2")
	passed.Fingerprint = now.Fingerprint
	errored := now
	errored.Status, errored.Grade = results.StatusError, ""
	waived := now
	waived.Waiver = &results.Waiver{RiskID: "R-01"}
	otherRow := keyed("DOC-05", "policies/a.md", "other-row", "minor")
	otherResource := keyed("DOC-05", "policies/b.md", "", "minor")

	tests := []struct {
		name    string
		earlier []*results.Results
		runs    int
		want    string // grade after
		since   string
	}{
		{"open in the two runs before: third run escalates", []*results.Results{past("2026-09-21", stillMinor), past("2026-10-21", stillMinor)}, 3, "major", "2026-09-21"},
		{"only one earlier run", []*results.Results{past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"two runs are enough when set to 2", []*results.Results{past("2026-10-21", stillMinor)}, 2, "major", "2026-10-21"},
		{"switched off", []*results.Results{past("2026-09-21", stillMinor), past("2026-10-21", stillMinor)}, 0, "minor", ""},
		{"passed in between: the streak starts again", []*results.Results{past("2026-08-21", stillMinor), past("2026-09-21", passed), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"an earlier major (escalated then) continues the streak", []*results.Results{past("2026-09-21", stillMinor), past("2026-10-21", major)}, 3, "major", "2026-09-21"},
		{"an observation then: the nonconformity is newer", []*results.Results{past("2026-09-21", observation), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"not evaluated in between neither counts nor breaks", []*results.Results{past("2026-08-21", stillMinor), past("2026-09-21", errored), past("2026-10-21", stillMinor)}, 3, "major", "2026-08-21"},
		{"not evaluated does not count", []*results.Results{past("2026-09-21", errored), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"absent from a run that did not judge the resource: not evaluated", []*results.Results{past("2026-08-21", stillMinor), past("2026-09-21", otherResource), past("2026-10-21", stillMinor)}, 3, "major", "2026-08-21"},
		{"absent while the rule judged the resource: that row was corrected", []*results.Results{past("2026-08-21", stillMinor), past("2026-09-21", otherRow), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"risk accepted then: not counted", []*results.Results{past("2026-09-21", waived), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"several runs of one date are one step", []*results.Results{past("2026-10-21", stillMinor), past("2026-10-21", stillMinor)}, 3, "minor", ""},
		{"a date where one run saw it corrected breaks the streak", []*results.Results{past("2026-09-21", stillMinor), past("2026-10-21", stillMinor), past("2026-10-21", passed)}, 3, "minor", ""},
		{"runs of this date or later are not earlier", []*results.Results{past("2026-10-21", stillMinor), past("2026-11-21", stillMinor), past("2026-12-21", stillMinor)}, 3, "minor", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := []results.Finding{now}
			escalateRepeats(fs, tt.earlier, "2026-11-21", tt.runs)
			assert.Equal(t, tt.want, fs[0].Grade)
			if tt.since != "" {
				require.Len(t, fs[0].Grading, 1)
				assert.Contains(t, fs[0].Grading[0], fmt.Sprintf("open in %d consecutive runs since %s", tt.runs, tt.since))
			} else {
				assert.Empty(t, fs[0].Grading)
			}
		})
	}
}

func TestEscalateRepeatsLeavesOthersAlone(t *testing.T) {
	minor := keyed("DOC-05", "policies/a.md", "", "minor")
	earlier := []*results.Results{past("2026-09-21", minor), past("2026-10-21", minor)}
	waivedNow := minor
	waivedNow.Waiver = &results.Waiver{RiskID: "R-01"}
	observationNow := minor
	observationNow.Grade = results.GradeObservation
	fs := []results.Finding{waivedNow, observationNow}
	escalateRepeats(fs, earlier, "2026-11-21", 3)
	assert.Equal(t, "minor", fs[0].Grade, "a minor under a current risk acceptance is not escalated")
	assert.Equal(t, "observation", fs[1].Grade, "only minors escalate")
}

// Through Grade: the escalated major blocks readiness like any other.
func TestGradeEscalatesRepeatsFromHistory(t *testing.T) {
	asOf := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	f := keyed("R-1", "policies/a.md", "", "minor")
	in := Input{Pack: testPack(t), AsOf: asOf, Findings: []results.Finding{f},
		Earlier: []*results.Results{past("2026-09-21", f), past("2026-10-21", f)}}
	r := Grade(in)
	require.Len(t, r.Findings, 1)
	assert.Equal(t, results.GradeMajor, r.Findings[0].Grade)
	assert.Equal(t, []string{f.Fingerprint}, r.Readiness.Blocking)
	assert.Equal(t, 1, r.Summary.Grades["major"])

	off := 0
	in.Config = config.Defaults(".")
	in.Config.Escalation.ConsecutiveRuns = &off
	r = Grade(in)
	assert.Equal(t, results.GradeMinor, r.Findings[0].Grade, "escalation.consecutive_runs: 0 switches it off")
	assert.False(t, strings.Contains(strings.Join(r.Findings[0].Grading, " "), "consecutive"))
}
