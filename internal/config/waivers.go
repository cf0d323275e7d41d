package config

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// Waiver is a risk acceptance: the organisation has decided to live with a failing check on
// some resources, for a reason, until a date, and recorded the risk in its register. It
// never hides a finding; reports show it beside the finding it covers.
type Waiver struct {
	Rule string `yaml:"rule" json:"rule"`
	// Resource is a pattern on the resource id ("github.com/acme/legacy-*"); empty means all.
	Resource      string `yaml:"resource" json:"resource,omitempty"`
	Justification string `yaml:"justification" json:"justification"`
	Approver      string `yaml:"approver" json:"approver"`
	RiskID        string `yaml:"risk_id" json:"risk_id"`
	Expires       string `yaml:"expires" json:"expires"`
	// Line is where the waiver starts in the config, for findings about the waiver itself.
	Line int `yaml:"-" json:"-"`
}

// ExpiresOn is the last day the waiver holds.
func (w Waiver) ExpiresOn() time.Time {
	t, _ := time.Parse("2006-01-02", w.Expires)
	return t
}

// Covers tells whether the waiver applies to a rule's finding on a resource.
func (w Waiver) Covers(ruleID, resourceID string) bool {
	if w.Rule != ruleID {
		return false
	}
	if w.Resource == "" {
		return true
	}
	ok, _ := path.Match(w.Resource, resourceID)
	return ok
}

func (c *Config) validateWaivers() error {
	for i := range c.Waivers {
		w := &c.Waivers[i]
		w.Line = c.line(fmt.Sprintf("waivers[%d]", i))
		missing := []string{}
		for name, v := range map[string]string{"rule": w.Rule, "justification": w.Justification, "approver": w.Approver, "risk_id": w.RiskID, "expires": w.Expires} {
			if strings.TrimSpace(v) == "" {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			// A risk acceptance without its owner, reason, risk or end date is not one.
			return fmt.Errorf("%s:%d: waiver for %q lacks %s", c.Path, w.Line, w.Rule, strings.Join(missing, ", "))
		}
		if _, err := time.Parse("2006-01-02", w.Expires); err != nil {
			return fmt.Errorf("%s:%d: waiver for %s: expires %q is not a date such as 2027-03-31", c.Path, w.Line, w.Rule, w.Expires)
		}
		if _, err := path.Match(w.Resource, ""); err != nil {
			return fmt.Errorf("%s:%d: waiver for %s: bad resource pattern %q", c.Path, w.Line, w.Rule, w.Resource)
		}
	}
	return nil
}
