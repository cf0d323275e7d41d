package isms

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var globexLayout = Layout{
	Columns: map[string]map[string][]string{
		"soa": {"control": {"Control ID"}, "applicable": {"Applicable?"}, "justification": {"Reason for inclusion / exclusion"}, "status": {"Implementation"}},
	},
	Values: map[string]map[string]map[string]string{
		"soa":      {"applicable": {"Applicable": "yes", "Excluded": "no"}, "status": {"Implemented": "implemented", "Partially": "partially"}},
		"document": {"type": {"Operating Procedure": "procedure"}},
	},
	ControlFields: map[string][]string{
		"owner": {"Document owner"}, "approver": {"Approved by"}, "approved_on": {"Approval date"},
		"version": {"Version"}, "next_review": {"Next review"}, "id": {"Document ID"}, "type": {"Document type"},
	},
	DocumentTypes: map[string]string{"Policies/**": "policy", "ISMS-Scope.md": "scope", "Policies/Information Security*.md": "information_security_policy"},
	Placeholders:  []string{"[OWNER]", "TBD", "dd/mm/yyyy"},
	DateFormats:   []string{"02/01/2006", "2 January 2006"},
}

func TestLayoutMapsRegisterColumnsAndValues(t *testing.T) {
	reg, err := ParseCSVRegister([]byte("Control ID,Applicable?,Reason for inclusion / exclusion,Implementation,Last checked\nA.5.1,Applicable,Policy set,Implemented,01/03/2026\nA.7.6,EXCLUDED,TBD,,\n"))
	require.NoError(t, err)
	cols, rows, applied := globexLayout.mapRegister("soa", reg.Columns, reg.Rows)
	assert.Equal(t, []string{"control", "applicable", "justification", "status", "last_checked"}, cols)
	assert.Equal(t, map[string]any{"control": "A.5.1", "applicable": "yes", "justification": "Policy set", "status": "implemented", "last_checked": "2026-03-01"}, rows[0])
	assert.Equal(t, map[string]any{"control": "A.7.6", "applicable": "no", "justification": nil, "status": "", "last_checked": ""}, rows[1], "values match ignoring case; TBD is missing")
	assert.Equal(t, "control_id", applied["control"])
	_, _, applied = globexLayout.mapRegister("assets", reg.Columns, reg.Rows)
	assert.Empty(t, applied, "mappings are per register type")
}

func TestLayoutReadsControlBlocks(t *testing.T) {
	body := []byte("# Access Control Policy\n\n| Field | Value |\n|---|---|\n| **Document owner** | Tom Lindqvist |\n| Approved by | [OWNER] |\n| Approval date | 2 March 2026 |\n| Version | 1.4 |\n\n> Next review: 01/03/2027\n> Classification: Internal\n")
	values, lines := globexLayout.controlBlock(body, 5)
	assert.Equal(t, map[string]any{"owner": "Tom Lindqvist", "approver": nil, "approved_on": "2026-03-02", "version": "1.4", "next_review": "2027-03-01"}, values)
	assert.Equal(t, map[string]int{"owner": 9, "approver": 10, "approved_on": 11, "version": 12, "next_review": 14}, lines)
}

func TestCollectWithLayout(t *testing.T) {
	root := t.TempDir()
	for name, content := range map[string]string{
		"Policies/Access Control.md": "# Access Control Policy\n\n| Document owner | Tom |\n|---|---|\n| Approved by | Dana (CEO) |\n| Approval date | 02/03/2026 |\n| Version | 1.4 |\n| Next review | 01/03/2027 |\n\nBody text.\n",
		"ISMS-Scope.md":              "---\nowner: Dana\nversion: TBD\n---\n# Scope\n\n| Version | 2.0 |\n",
		"Notes.md":                   "# Meeting notes\n\nNothing controlled here.\n",
		"Policies/Information Security Policy.md": "| Document owner | Tom |\n|---|---|\n",
		"Procedures/Backup.md":                    "| Document owner | Ken |\n|---|---|\n| Document type | Operating Procedure |\n",
		"Registers/SoA.csv":                       "Control ID,Applicable?\nA.5.1,Applicable\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	docs, _, err := Collect(context.Background(), Options{Root: root, Layout: globexLayout, Registers: map[string][]string{"soa": {"Registers/SoA.csv"}}})
	require.NoError(t, err)
	byID := map[string]map[string]any{}
	for _, d := range docs {
		byID[d.ID] = d.Data
	}
	policy := byID["Policies/Access Control.md"]
	assert.Equal(t, true, policy["controlled"])
	assert.Equal(t, "policy", policy["type"])
	meta := policy["meta"].(map[string]any)
	assert.Equal(t, "2026-03-02", meta["approved_on"])
	assert.Equal(t, "Dana (CEO)", meta["approver"])
	scope := byID["ISMS-Scope.md"]
	assert.Equal(t, "scope", scope["type"])
	assert.Nil(t, scope["meta"].(map[string]any)["version"], "front matter wins over the body table, and its TBD is missing")
	assert.Equal(t, false, byID["Notes.md"]["controlled"])
	assert.Equal(t, "information_security_policy", byID["Policies/Information Security Policy.md"]["type"], "the most specific glob wins")
	assert.Equal(t, "procedure", byID["Procedures/Backup.md"]["type"], "document values map a type written in the body")
	soa := byID["Registers/SoA.csv"]
	assert.Equal(t, "yes", soa["rows"].([]any)[0].(map[string]any)["applicable"])
	assert.Equal(t, map[string]any{"control": "control_id"}, soa["column_map"], "only renamed columns are recorded")
}

func TestLayoutReadsSectionListsAndListCells(t *testing.T) {
	l := Layout{
		ControlFields: map[string][]string{"date": {"Meeting date"}, "covers": {"Coverage"}},
		SectionLists:  map[string][]string{"inputs": {"Inputs considered"}},
		ListFields:    []string{"covers"},
		DateFormats:   []string{"02/01/2006"},
	}
	body := []byte("# Management review\n\n| Meeting date | 18/03/2026 |\n|---|---|\n| Coverage | 4, 5; 6<br>A.5 |\n\n## Inputs considered\n\n- Status of previous actions\n* Audit results\n1. Feedback from interested parties\n\n## Decisions\n\n- Hire a second engineer\n")
	values, lines := l.controlBlock(body, 1)
	l.splitLists(values)
	assert.Equal(t, "2026-03-18", values["date"])
	assert.Equal(t, []any{"4", "5", "6", "A.5"}, values["covers"])
	assert.Equal(t, []any{"Status of previous actions", "Audit results", "Feedback from interested parties"}, values["inputs"], "only the list under the configured heading")
	assert.Equal(t, 9, lines["inputs"])
}
