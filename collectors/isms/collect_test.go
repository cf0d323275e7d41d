package isms

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
)

// writeTree creates files (slash paths relative to dir) with the given contents.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

// assertJSON compares as JSON: Seal normalizes data to its JSON form (json.Number, []any).
func assertJSON(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g), msgAndArgs...)
}

// byID indexes documents by kind and id.
func byID(docs []evidence.Document) map[string]evidence.Document {
	m := map[string]evidence.Document{}
	for _, d := range docs {
		m[d.Kind+" "+d.ID] = d
	}
	return m
}

const policyMD = `---
id: POL-05
type: policy
title: Access control policy
owner: CISO
approved_on: 2026-02-01
version: "1.3"
review_cycle_months: 12
controls: [A.5.15, A.8.2]
---
# Access control policy

## Purpose

` + "```sh\n# not a heading\n```\n" + `
## Scope ##
`

const threatsYAML = `register: risks
owner: CISO
updated: 2026-01-10
entries:
  - id: R-01
    description: Laptop theft
    likelihood: 3
  - id: R-02
    description: Phishing
    likelihood: 4
    treated: true
`

const soaCSV = "Control ID,Applicable,Justification\nA.5.1,yes,Required\nA.5.15,yes, Access control \n"

// badAssetsYAML has the owner key indented one space short on line 4.
const badAssetsYAML = `entries:
  - id: A-01
    name: Laptop
   owner: IT
  - id: A-02
`

// dupProcedureMD defines owner twice; the second is on line 4.
const dupProcedureMD = `---
type: procedure
owner: A
owner: B
---
# Incident procedure
`

func fixture(t *testing.T) string {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"policies/access-control.md":  policyMD,
		"README.md":                   "# ACME ISMS\n\nStart here.\n",
		"registers/threats.yaml":      threatsYAML,
		"registers/soa.csv":           soaCSV,
		"registers/assets.yaml":       badAssetsYAML,
		"procedures/incident.md":      dupProcedureMD,
		"ismscheck.yaml":              "sources: [\n", // the tool's config: skipped, so its syntax error never shows
		".git/config.yaml":            "x: [\n",
		".github/workflows/ci.yml":    "on: push\n",
		"policies/.markdownlint.yaml": "x: [\n",
		"diagrams/network.png":        "\x89PNG",
	})
	return dir
}

func TestCollect(t *testing.T) {
	dir := fixture(t)
	at := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	docs, cov, err := Collect(context.Background(), Options{Root: dir, Name: "acme", Version: "1.2.3", Now: func() time.Time { return at }})
	require.NoError(t, err)

	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.Kind + " " + d.ID
	}
	assert.Equal(t, []string{
		"isms.document README.md",
		"isms.document policies/access-control.md",
		"isms.document procedures/incident.md",
		"isms.register registers/assets.yaml",
		"isms.register registers/soa.csv",
		"isms.register registers/threats.yaml",
		"isms.repository acme",
	}, ids, "sorted by kind then id; hidden files, ismscheck.yaml and non-ISMS files skipped")

	for _, d := range docs {
		assert.Equal(t, CollectorName, d.Provenance.Collector)
		assert.Equal(t, "1.2.3", d.Provenance.CollectorVersion)
		assert.Equal(t, at, d.CollectedAt)
		assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, d.Digest, d.ID)
		assert.NotNil(t, d.Errors)
	}

	m := byID(docs)
	tests := []struct {
		key      string
		complete bool
		errs     []evidence.Error
		data     map[string]any // expected subset of data
	}{
		{
			key: "isms.document policies/access-control.md", complete: true,
			data: map[string]any{
				"path": "policies/access-control.md", "controlled": true, "type": "policy",
				"meta": map[string]any{
					"id": "POL-05", "type": "policy", "title": "Access control policy", "owner": "CISO",
					"approved_on": "2026-02-01", "version": "1.3", "review_cycle_months": 12,
					"controls": []any{"A.5.15", "A.8.2"},
				},
				"lines": map[string]int{
					"id": 2, "type": 3, "title": 4, "owner": 5, "approved_on": 6, "version": 7,
					"review_cycle_months": 8, "controls": 9,
				},
				"headings": []string{"Access control policy", "Purpose", "Scope"},
			},
		},
		{
			key: "isms.document README.md", complete: true,
			data: map[string]any{
				"path": "README.md", "controlled": false, "type": "", "meta": map[string]any{},
				"lines": map[string]int{}, "headings": []string{"ACME ISMS"},
			},
		},
		{
			key: "isms.document procedures/incident.md", complete: false,
			errs: []evidence.Error{{File: "procedures/incident.md", Line: 4, Message: `duplicate key "owner" (first on line 3)`}},
			data: map[string]any{"controlled": true, "type": "procedure", "headings": []string{"Incident procedure"}},
		},
		{
			key: "isms.register registers/threats.yaml", complete: true,
			data: map[string]any{
				"path": "registers/threats.yaml", "register": "risk_register", "format": "yaml",
				"meta":    map[string]any{"register": "risks", "owner": "CISO", "updated": "2026-01-10"},
				"columns": []string{"id", "description", "likelihood", "treated"},
				"rows": []map[string]any{
					{"id": "R-01", "description": "Laptop theft", "likelihood": 3},
					{"id": "R-02", "description": "Phishing", "likelihood": 4, "treated": true},
				},
				"row_lines": []int{5, 8},
			},
		},
		{
			key: "isms.register registers/soa.csv", complete: true,
			data: map[string]any{
				"path": "registers/soa.csv", "register": "soa", "format": "csv", "meta": map[string]any{},
				"columns": []string{"control_id", "applicable", "justification"},
				"rows": []map[string]any{
					{"control_id": "A.5.1", "applicable": "yes", "justification": "Required"},
					{"control_id": "A.5.15", "applicable": "yes", "justification": "Access control"},
				},
				"row_lines": []int{2, 3},
			},
		},
		{
			key: "isms.register registers/assets.yaml", complete: false,
			errs: []evidence.Error{{File: "registers/assets.yaml", Line: 4, Message: "did not find expected '-' indicator"}},
			data: map[string]any{"register": "assets", "format": "yaml", "rows": []map[string]any{}},
		},
		{
			key: "isms.repository acme", complete: true,
			data: map[string]any{
				"root": ".", "name": "acme", "files": 6,
				"documents_by_type": map[string][]string{"policy": {"policies/access-control.md"}, "procedure": {"procedures/incident.md"}},
				"registers_by_type": map[string][]string{"risk_register": {"registers/threats.yaml"}, "soa": {"registers/soa.csv"}, "assets": {"registers/assets.yaml"}},
				"unreadable":        []string{"procedures/incident.md", "registers/assets.yaml"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			d, ok := m[tt.key]
			require.True(t, ok, "document missing")
			assert.Equal(t, tt.complete, d.Complete)
			if tt.errs == nil {
				tt.errs = []evidence.Error{}
			}
			assert.Equal(t, tt.errs, d.Errors)
			for k, want := range tt.data {
				assertJSON(t, want, d.Data[k], "data.%s", k)
			}
		})
	}

	assert.Equal(t, evidence.Coverage{
		Collector: "isms", Source: dir, Status: evidence.CoveragePartial,
		Expected: 6, Collected: 6, Incomplete: 2,
		Kinds: []string{"isms.document", "isms.register", "isms.repository"},
		Errors: []evidence.Error{
			{File: "procedures/incident.md", Line: 4, Message: `duplicate key "owner" (first on line 3)`},
			{File: "registers/assets.yaml", Line: 4, Message: "did not find expected '-' indicator"},
		},
		Stats: map[string]any{"documents": 3, "registers": 3},
	}, cov)

	// Same facts, later run: same digests (collected_at stays out of the digest).
	again, _, err := Collect(context.Background(), Options{Root: dir, Name: "acme", Now: func() time.Time { return at.Add(time.Hour) }})
	require.NoError(t, err)
	require.Len(t, again, len(docs))
	for i := range docs {
		assert.Equal(t, docs[i].Digest, again[i].Digest, docs[i].ID)
	}
	// ... and a changed fact changes the digest.
	writeTree(t, dir, map[string]string{"registers/soa.csv": soaCSV + "A.5.2,no,Not needed\n"})
	changed, _, err := Collect(context.Background(), Options{Root: dir, Name: "acme"})
	require.NoError(t, err)
	assert.NotEqual(t, m["isms.register registers/soa.csv"].Digest, byID(changed)["isms.register registers/soa.csv"].Digest)
}

func TestCollectAllGood(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"scope.md": "---\ntype: scope\n---\n# Scope\n"})
	docs, cov, err := Collect(context.Background(), Options{Root: dir})
	require.NoError(t, err)
	assert.Equal(t, evidence.CoverageOK, cov.Status)
	assert.Equal(t, []evidence.Error{}, cov.Errors)
	repo := byID(docs)["isms.repository "+filepath.Base(dir)]
	require.NotNil(t, repo.Data, "repository named after the root directory")
	assert.Equal(t, filepath.Base(dir), repo.Data["name"])
	assertJSON(t, []string{}, repo.Data["unreadable"], "empty list, not null")
	assertJSON(t, map[string][]string{}, repo.Data["registers_by_type"], "empty map, not null")
	assert.Equal(t, filepath.Join(dir, "scope.md"), byID(docs)["isms.document scope.md"].Provenance.Source)
}

func TestCollectSymlinkedRoot(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/scope.md": "---\ntype: scope\n---\n"})
	link := filepath.Join(dir, "isms")
	require.NoError(t, os.Symlink(filepath.Join(dir, "real"), link))
	docs, cov, err := Collect(context.Background(), Options{Root: link})
	require.NoError(t, err)
	assert.Equal(t, 1, cov.Expected)
	d := byID(docs)["isms.document scope.md"]
	assert.Equal(t, filepath.Join(link, "scope.md"), d.Provenance.Source, "provenance names the root as given")
	assert.Equal(t, "isms", byID(docs)["isms.repository isms"].ID, "named after the root as given")
}

func TestCollectOptions(t *testing.T) {
	files := map[string]string{
		"drafts/new-policy.md":      "---\ntype: policy\n---\n",
		"drafts/deep/notes.md":      "# notes\n",
		"policies/old.draft.md":     "---\ntype: policy\n---\n",
		"policies/current.md":       "---\ntype: policy\n---\n",
		"data/controls-map.csv":     "id\nA.5.1\n",
		"data/vendors.yaml":         "- name: Acme\n",
		"registers/stakeholders.md": "# not a register: Markdown\n",
	}
	tests := []struct {
		name      string
		opts      Options
		wantIDs   []string
		wantTypes map[string]string // register id -> type
		wantErrs  int
	}{
		{
			name:      "defaults",
			wantIDs:   []string{"data/controls-map.csv", "data/vendors.yaml", "drafts/deep/notes.md", "drafts/new-policy.md", "policies/current.md", "policies/old.draft.md", "registers/stakeholders.md"},
			wantTypes: map[string]string{"data/controls-map.csv": "", "data/vendors.yaml": "suppliers"},
		},
		{
			name:    "exclude with ** and a file glob",
			opts:    Options{Exclude: []string{"drafts/**", "**/*.draft.md"}},
			wantIDs: []string{"data/controls-map.csv", "data/vendors.yaml", "policies/current.md", "registers/stakeholders.md"},
		},
		{
			name:      "register globs win over the file name",
			opts:      Options{Registers: map[string][]string{"soa": {"data/controls-*.csv"}, "assets": {"**/vendors.yaml"}}},
			wantIDs:   []string{"data/controls-map.csv", "data/vendors.yaml", "drafts/deep/notes.md", "drafts/new-policy.md", "policies/current.md", "policies/old.draft.md", "registers/stakeholders.md"},
			wantTypes: map[string]string{"data/controls-map.csv": "soa", "data/vendors.yaml": "assets"},
		},
		{
			name:     "a bad pattern is reported and ignored",
			opts:     Options{Exclude: []string{"[", "data/**"}},
			wantIDs:  []string{"drafts/deep/notes.md", "drafts/new-policy.md", "policies/current.md", "policies/old.draft.md", "registers/stakeholders.md"},
			wantErrs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			tt.opts.Root = dir
			docs, cov, err := Collect(context.Background(), tt.opts)
			require.NoError(t, err)
			var ids []string
			for _, d := range docs {
				if d.Kind != KindRepository {
					ids = append(ids, d.ID)
				}
			}
			assert.ElementsMatch(t, tt.wantIDs, ids)
			assert.Equal(t, len(tt.wantIDs), cov.Expected)
			assert.Len(t, cov.Errors, tt.wantErrs)
			m := byID(docs)
			for id, typ := range tt.wantTypes {
				assert.Equal(t, typ, m["isms.register "+id].Data["register"], id)
			}
		})
	}
}

func TestCollectRootErrors(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file.md")
	require.NoError(t, os.WriteFile(notDir, []byte("# x\n"), 0o644))
	for _, root := range []string{filepath.Join(dir, "missing"), notDir} {
		t.Run(filepath.Base(root), func(t *testing.T) {
			docs, cov, err := Collect(context.Background(), Options{Root: root})
			require.Error(t, err)
			assert.Nil(t, docs)
			assert.Equal(t, evidence.CoverageError, cov.Status)
			assert.Equal(t, root, cov.Source)
			assert.NotEmpty(t, cov.Errors)
		})
	}
}

func TestCollectCancelled(t *testing.T) {
	dir := fixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, cov, err := Collect(ctx, Options{Root: dir})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, evidence.CoverageError, cov.Status)
}

func TestCollectUnreadableSubdir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any directory")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"locked/x.md": "# x\n", "ok.md": "# ok\n"})
	require.NoError(t, os.Chmod(filepath.Join(dir, "locked"), 0o000))
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	docs, cov, err := Collect(context.Background(), Options{Root: dir, Name: "n"})
	require.NoError(t, err)
	assert.Equal(t, evidence.CoveragePartial, cov.Status)
	repo := byID(docs)["isms.repository n"]
	assert.False(t, repo.Complete, "a directory that could not be read leaves the inventory incomplete")
	require.Len(t, repo.Errors, 1)
	assert.Equal(t, "locked", repo.Errors[0].File)
}
