package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"bad yaml", "version: 1\nsources:\n  isms:\n    root: [\n", "ismscheck.yaml:4: "},
		{"unknown key", "version: 1\nrulez:\n  disable: []\n", "ismscheck.yaml:2: field rulez not found"},
		{"wrong version", "version: 2\n", "ismscheck.yaml:1: version must be 1"},
		{"bad grade", "version: 1\nrules:\n  severity:\n    DOC-01: critical\n", `ismscheck.yaml:4: rules.severity.DOC-01: "critical" is not a grade`},
		{"bad share", "version: 1\nescalation:\n  share: 1.5\n", "ismscheck.yaml:3: escalation.share"},
		{"bad pattern", "version: 1\nescalation:\n  critical_resources: ['[']\n", "ismscheck.yaml:3: escalation.critical_resources"},
		{"one run is no repeat", "version: 1\nescalation:\n  share: 0.5\n  consecutive_runs: 1\n", "ismscheck.yaml:4: escalation.consecutive_runs must be 0 (off) or at least 2 (got 1)"},
		{"negative runs", "version: 1\nescalation:\n  consecutive_runs: -2\n", "ismscheck.yaml:3: escalation.consecutive_runs"},
		{"runs not a number", "version: 1\nescalation:\n  consecutive_runs: often\n", "ismscheck.yaml:3: "},
		{"due days not a number", "version: 1\ncorrective_actions:\n  due_days:\n    major: soon\n", "ismscheck.yaml:4: "},
		{"due days zero", "version: 1\ncorrective_actions:\n  due_days:\n    major: 30\n    minor: 0\n", "ismscheck.yaml:5: corrective_actions.due_days.minor must be between 1 and 3660 days (got 0)"},
		{"due days for an observation", "version: 1\ncorrective_actions:\n  due_days:\n    observation: 10\n", "ismscheck.yaml:4: corrective_actions.due_days.observation: only major and minor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("ismscheck.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseAndDefaults(t *testing.T) {
	c, err := Parse("repo/ismscheck.yaml", []byte(`version: 1
organization: Acme
sources:
  isms:
    root: docs
    registers:
      soa: registers/applicability.csv
      risk_register: [a.csv, b.csv]
rules:
  disable: [DOC-25]
  params: {review_interval_days: 180}
  rule_params:
    DOC-22: {audit_interval_days: 400, review_interval_days: 90}
`))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("repo", "docs"), c.ISMSRoot())
	assert.Equal(t, StringList{"registers/applicability.csv"}, c.Sources.ISMS.Registers["soa"])
	assert.Equal(t, StringList{"a.csv", "b.csv"}, c.Sources.ISMS.Registers["risk_register"])
	assert.True(t, c.Disabled("DOC-25"))
	assert.Equal(t, 10, c.RuleLine("DOC-25"))
	assert.Equal(t, 0.25, c.Escalation.Share)
	assert.Equal(t, 4, c.Escalation.MinResources)
	p := c.ParamsFor("DOC-22", map[string]any{"audit_interval_days": 365, "other": true})
	assert.Equal(t, map[string]any{"audit_interval_days": 400, "review_interval_days": 90, "other": true}, p)
	assert.Equal(t, map[string]any{"review_interval_days": 180}, c.ParamsFor("DOC-05", nil))

	assert.Equal(t, DefaultConsecutiveRuns, c.Escalation.RepeatRuns(), "unset: the default")

	m, err := c.AsMap()
	require.NoError(t, err)
	back, err := FromMap(m, "bundle")
	require.NoError(t, err)
	assert.Equal(t, c.Rules.Disable, back.Rules.Disable)
	assert.Equal(t, DefaultConsecutiveRuns, back.Escalation.RepeatRuns())
	assert.Equal(t, c.Sources.ISMS.Registers, back.Sources.ISMS.Registers)
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	c, err := Find(dir)
	require.NoError(t, err)
	assert.Equal(t, dir, c.ISMSRoot(), "no config file: the directory is the ISMS root")
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\nsources:\n  isms:\n    root: isms\n"), 0o644))
	c, err = Find(dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "isms"), c.ISMSRoot())
	_, err = Find(filepath.Join(dir, "missing"))
	require.Error(t, err)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "ismscheck.yml"), []byte("version: 1\n"), 0o644))
	_, err = Find(dir)
	assert.ErrorContains(t, err, "holds both ismscheck.yaml and ismscheck.yml")
	require.NoError(t, os.Remove(filepath.Join(dir, FileName)))
	c, err = Find(dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "ismscheck.yml"), c.Path, "the .yml spelling is read, not ignored")
}

func TestLayout(t *testing.T) {
	c, err := Parse("ismscheck.yaml", []byte(`version: 1
sources:
  isms:
    layout:
      columns:
        soa: {control: Control ID, applicable: ["Applicable?", "In scope"]}
      values:
        soa: {applicable: {Applicable: "yes", Excluded: "no"}}
      control_fields: {owner: [Document owner, Owner]}
      document_types: {"Policies/**": policy}
      placeholders: ["[NAME]"]
      date_formats: [DD/MM/YYYY, D Month YYYY]
`))
	require.NoError(t, err)
	l := c.Sources.ISMS.Layout
	assert.Equal(t, StringList{"Control ID"}, l.Columns["soa"]["control"])
	assert.Equal(t, StringList{"Applicable?", "In scope"}, l.Columns["soa"]["applicable"])
	assert.Equal(t, "no", l.Values["soa"]["applicable"]["Excluded"])
	assert.Equal(t, []string{"02/01/2006", "2 January 2006"}, l.GoDateLayouts())

	_, err = Parse("ismscheck.yaml", []byte("version: 1\nsources:\n  isms:\n    layout:\n      date_formats: [dd/mm/yy]\n"))
	assert.ErrorContains(t, err, `ismscheck.yaml:5: sources.isms.layout.date_formats: "dd/mm/yy" is not a date format`)
}

func TestConsecutiveRuns(t *testing.T) {
	for src, want := range map[string]int{"": 3, "  consecutive_runs: 0\n": 0, "  consecutive_runs: 5\n": 5} {
		c, err := Parse("ismscheck.yaml", []byte("version: 1\nescalation:\n  share: 0.25\n"+src))
		require.NoError(t, err, src)
		assert.Equal(t, want, c.Escalation.RepeatRuns(), src)
		// The setting survives the round trip through a bundle's manifest, 0 included.
		m, err := c.AsMap()
		require.NoError(t, err)
		back, err := FromMap(m, "bundle")
		require.NoError(t, err)
		assert.Equal(t, want, back.Escalation.RepeatRuns(), "from the manifest: %q", src)
	}
}

func TestCorrectiveActionDueDays(t *testing.T) {
	asOf := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, src    string
		major, minor string
	}{
		{"defaults", "version: 1\n", "2026-12-21", "2027-02-19"},
		{"configured", "version: 1\ncorrective_actions:\n  due_days:\n    major: 14\n", "2026-12-05", "2027-02-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("ismscheck.yaml", []byte(tt.src))
			require.NoError(t, err)
			assert.Equal(t, tt.major, c.DueDate(asOf, "major"))
			assert.Equal(t, tt.minor, c.DueDate(asOf, "minor"))
		})
	}
}
