package config

import (
	"fmt"
	"sort"
	"time"
)

// CorrectiveActions shapes the corrective action plan ismscheck proposes for open
// nonconformities.
type CorrectiveActions struct {
	// DueDays: grade (major, minor) -> days after the run's as-of date an action is due.
	DueDays map[string]int `yaml:"due_days" json:"due_days,omitempty"`
}

// DefaultDueDays are the due dates used when the configuration sets none: a month for a
// major (certification bodies commonly expect majors corrected before a certificate is
// issued or within about 90 days, and a month leaves room for verification), three months
// for a minor (commonly accepted up to the next surveillance audit).
var DefaultDueDays = map[string]int{"major": 30, "minor": 90}

// DueDays is the number of days after as-of an action of this grade is due.
func (c *Config) DueDays(grade string) int {
	if n, ok := c.CorrectiveActions.DueDays[grade]; ok {
		return n
	}
	return DefaultDueDays[grade]
}

// DueDaysAll is the due days for every grade a corrective action can have.
func (c *Config) DueDaysAll() map[string]int {
	return map[string]int{"major": c.DueDays("major"), "minor": c.DueDays("minor")}
}

// DueDate is as-of plus the due days for the grade, as YYYY-MM-DD.
func (c *Config) DueDate(asOf time.Time, grade string) string {
	return asOf.UTC().AddDate(0, 0, c.DueDays(grade)).Format("2006-01-02")
}

func (c *Config) validateCorrectiveActions() error {
	grades := make([]string, 0, len(c.CorrectiveActions.DueDays))
	for g := range c.CorrectiveActions.DueDays {
		grades = append(grades, g)
	}
	sort.Strings(grades)
	for _, g := range grades {
		n := c.CorrectiveActions.DueDays[g]
		line := c.line("corrective_actions.due_days." + g)
		if _, ok := DefaultDueDays[g]; !ok {
			// Observations and OFIs are not nonconformities: they get no corrective action.
			return fmt.Errorf("%s:%d: corrective_actions.due_days.%s: only major and minor nonconformities get corrective actions", c.Path, line, g)
		}
		if n < 1 || n > 3660 {
			return fmt.Errorf("%s:%d: corrective_actions.due_days.%s must be between 1 and 3660 days (got %d)", c.Path, line, g, n)
		}
	}
	return nil
}
