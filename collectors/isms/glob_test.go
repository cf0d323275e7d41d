package isms

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"drafts/**", "drafts", true},
		{"drafts/**", "drafts/a/b.md", true},
		{"drafts/**", "draftsx/a.md", false},
		{"**/*.draft.md", "a.draft.md", true},
		{"**/*.draft.md", "x/y/a.draft.md", true},
		{"**/*.draft.md", "x/y/a.md", false},
		{"*.md", "x/a.md", false},
		{"./registers/*.csv", "registers/soa.csv", true},
		{"registers/**/soa.csv", "registers/soa.csv", true},
		{"registers/**/soa.csv", "registers/2026/q1/soa.csv", true},
		{"**/**/x", "a/x", true},
		{"[", "[", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, matchGlob(tt.pattern, tt.name), "%s ~ %s", tt.pattern, tt.name)
	}
	assert.False(t, validGlob("a/[/b"))
	assert.True(t, validGlob("a/**/b*"))
}

func TestRegisterTypeNames(t *testing.T) {
	tests := []struct{ rel, want string }{
		{"registers/Risk-Register.csv", "risk_register"},
		{"statement of applicability.csv", "soa"},
		{"x/internal-external-issues.yaml", "context"},
		{"kpis.yml", "monitoring"},
		{"CAPA.csv", "corrective_actions"},
		{"audit_program.yaml", "audit_programme"},
		{"notes.yaml", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, registerType(tt.rel, nil, ""), tt.rel)
	}
	globs := map[string][]string{"soa": {"**/*.csv"}, "assets": {"**/*.csv"}}
	assert.Equal(t, "assets", registerType("a/risks.csv", globs, "x"), "globs first, in sorted type order")
	assert.Equal(t, "x", registerType("a/risks.yaml", globs, "x"), "then the header")
}
