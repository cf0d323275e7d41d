package history

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func run(id, asOf string) *results.Results {
	return &results.Results{
		SchemaVersion: results.SchemaVersion,
		Run:           results.Run{ID: id, AsOf: asOf},
		Findings: []results.Finding{
			{RuleID: "DOC-05", Status: results.StatusFail, Grade: results.GradeMinor},
			{RuleID: "DOC-01", Status: results.StatusPass},
		},
		Controls: []results.ControlState{
			{ID: "7.5.2", Status: results.ControlNonconformity, Grade: results.GradeMinor},
			{ID: "A.5.1", Theme: "Organizational controls", Status: results.ControlConformant},
		},
		Readiness: results.Readiness{Verdict: results.VerdictIncomplete},
	}
}

func TestAppendAndLoad(t *testing.T) {
	store := Store{Dir: filepath.Join(t.TempDir(), "history")} // created on first append
	runs, err := store.Load()
	require.NoError(t, err, "a history that does not exist yet is empty")
	assert.Empty(t, runs)

	third := run("cccccccccccccccc", "2026-11-21")
	third.History = []results.RunPoint{{RunID: "x"}}
	for _, r := range []*results.Results{third, run("bbbbbbbbbbbbbbbb", "2026-10-21"), run("aaaaaaaaaaaaaaaa", "2026-10-21"), run("dddddddddddddddd", "2026-09-21")} {
		_, err := store.Append(r)
		require.NoError(t, err)
	}
	path, err := store.Append(third)
	require.NoError(t, err, "appending the same run again")
	assert.Equal(t, filepath.Join(store.Dir, "2026-11-21_cccccccccccccccc.json"), path)
	// Unrelated files are left alone and not read.
	require.NoError(t, os.WriteFile(filepath.Join(store.Dir, "README.md"), []byte("# history\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(store.Dir, "notes.json"), []byte("{not json"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(store.Dir, ".git"), 0o755))

	runs, err = store.Load()
	require.NoError(t, err)
	var names []string
	for _, r := range runs {
		names = append(names, r.File)
	}
	assert.Equal(t, []string{
		"2026-09-21_dddddddddddddddd.json",
		"2026-10-21_aaaaaaaaaaaaaaaa.json",
		"2026-10-21_bbbbbbbbbbbbbbbb.json",
		"2026-11-21_cccccccccccccccc.json",
	}, names, "oldest first, one file per run id, then by name within a date")
	assert.Nil(t, runs[3].Results.History, "a stored run does not carry the history it was graded with")

	before := Before(runs, "2026-11-21")
	require.Len(t, before, 3, "runs of the same date are not earlier")
	assert.Equal(t, "2026-09-21", before[0].Run.AsOf)
	assert.Empty(t, Before(runs, "2026-09-21"))

	points := Points(before)
	assert.Equal(t, "dddddddddddddddd", points[0].RunID)
	assert.Equal(t, 1, points[0].Grades["minor"])
	assert.Equal(t, 0, points[0].Grades["major"], "every grade is present, zero or not")
	assert.Equal(t, map[string]int{"nonconformity": 1}, points[0].Themes[results.ThemeClauses])
	assert.Equal(t, map[string]int{"conformant": 1}, points[0].Themes["Organizational controls"])
	assert.Equal(t, results.VerdictIncomplete, points[0].Verdict)
}

func TestLoadNamesTheBrokenFile(t *testing.T) {
	for name, tc := range map[string]struct{ content, want string }{
		"truncated": {"{\n  \"schema_version\": \"1\",\n  \"run\": {\n", "2026-11-21_cccccccccccccccc.json: line 3: unexpected end of JSON input (the file ends too early)"},
		"type":      {"{\"schema_version\": \"1\",\n\"run\": {\"as_of\": 5}}\n", "2026-11-21_cccccccccccccccc.json: line 2: json: cannot unmarshal number"},
		"syntax":    {"{\n  \"schema_version\": \"1\",\n  \"run\": {]\n}\n", "2026-11-21_cccccccccccccccc.json: line 3"},
		"renamed":   {`{"schema_version": "1", "run": {"id": "aaaaaaaaaaaaaaaa", "as_of": "2026-10-21"}}`, "holds run aaaaaaaaaaaaaaaa as of 2026-10-21; its name says run cccccccccccccccc as of 2026-11-21"},
		"schema":    {`{"schema_version": "0"}`, `schema_version "0"`},
	} {
		t.Run(name, func(t *testing.T) {
			store := Store{Dir: t.TempDir()}
			require.NoError(t, os.WriteFile(filepath.Join(store.Dir, "2026-11-21_cccccccccccccccc.json"), []byte(tc.content), 0o644))
			_, err := store.Load()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestPrune(t *testing.T) {
	const (
		aug = "2026-08-21_aaaaaaaaaaaaaaaa.json"
		sep = "2026-09-21_bbbbbbbbbbbbbbbb.json"
		oct = "2026-10-21_cccccccccccccccc.json"
		jul = "2026-07-21_eeeeeeeeeeeeeeee.json" // an old bundle re-evaluated with --as-of 2026-07-21
	)
	cases := []struct {
		name         string
		keep         int
		added        string
		wantRemoved  []string
		wantRemained []string
	}{
		{"0 keeps everything", 0, oct, nil, []string{jul, aug, sep, oct}},
		{"the oldest go", 2, oct, []string{jul, aug}, []string{sep, oct}},
		{"no run just added", 2, "", []string{jul, aug}, []string{sep, oct}},
		{"the run just added stays though it is the oldest", 2, jul, []string{aug}, []string{jul, sep, oct}},
		{"keep 1 with an old run just added", 1, jul, []string{aug, sep}, []string{jul, oct}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := Store{Dir: t.TempDir()}
			for _, r := range []*results.Results{run("aaaaaaaaaaaaaaaa", "2026-08-21"), run("bbbbbbbbbbbbbbbb", "2026-09-21"), run("cccccccccccccccc", "2026-10-21"), run("eeeeeeeeeeeeeeee", "2026-07-21")} {
				_, err := store.Append(r)
				require.NoError(t, err)
			}
			removed, err := store.Prune(tc.keep, tc.added)
			require.NoError(t, err)
			assert.Equal(t, tc.wantRemoved, removed)
			runs, err := store.Load()
			require.NoError(t, err)
			var remained []string
			for _, r := range runs {
				remained = append(remained, r.File)
			}
			assert.Equal(t, tc.wantRemained, remained)
		})
	}
}

func TestAppendRefusesAForeignRunID(t *testing.T) {
	_, err := Store{Dir: t.TempDir()}.Append(run("../../etc", "2026-11-21"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `run id "../../etc"`)
}
