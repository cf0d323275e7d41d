package intoto

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

func bundle(t *testing.T, id string) (string, evidence.Manifest) {
	t.Helper()
	dir := t.TempDir()
	m, err := evidence.WriteBundle(dir, evidence.Manifest{Tool: evidence.Tool{Name: "ismscheck", Version: "test"}, CatalogVersion: "iso27001-2022"},
		[]evidence.Document{{Kind: "isms.document", ID: id, Complete: true, Data: map[string]any{"path": id}}})
	require.NoError(t, err)
	return dir, m
}

func sample() *results.Results {
	return &results.Results{
		Tool: results.Tool{Name: "ismscheck", Version: "1.2.3", RulePackDigest: "sha256:pack", CatalogVersion: "iso27001-2022"},
		Run:  results.Run{ID: "0123456789abcdef", AsOf: "2026-11-21", EvidenceDigest: "sha256:evidence"},
		Summary: results.Summary{Grades: map[string]int{"major": 1, "minor": 3, "observation": 2, "ofi": 1},
			Statuses: map[string]int{"pass": 46, "fail": 7}, Controls: map[string]int{"conformant": 49}},
		Readiness: results.Readiness{Verdict: results.VerdictNotReady, Reason: "1 open major nonconformity"},
		Coverage:  results.Coverage{Documents: 40, Rules: results.RuleCoverage{Total: 30, Evaluated: 25}},
		History:   []results.RunPoint{{RunID: "fedcba9876543210", AsOf: "2026-10-21"}},
	}
}

// The subject digest is the sha256 of manifest.json's bytes on disk: what actions/attest
// computes for `subject-path`, so a signed statement and this one name the same artifact.
func TestStatementSubjectIsTheManifestFile(t *testing.T) {
	dir, m := bundle(t, "policies/a.md")
	st, err := New([]string{dir}, sample())
	require.NoError(t, err)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	sum := sha256.Sum256(raw)
	require.Len(t, st.Subject, 1)
	assert.Equal(t, Subject{Name: "manifest.json", Digest: map[string]string{"sha256": hex.EncodeToString(sum[:])}}, st.Subject[0])
	assert.Equal(t, []string{m.Digest}, st.Predicate.ManifestDigests)

	out := filepath.Join(t.TempDir(), "run.intoto.json")
	require.NoError(t, Write(out, st))
	// The wire form, as a consumer of in-toto statements reads it.
	var wire map[string]any
	written, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(written, &wire))
	assert.Equal(t, "https://in-toto.io/Statement/v1", wire["_type"])
	assert.Equal(t, "https://ismscheck.dev/attestation/run/v1", wire["predicateType"])
	pred := wire["predicate"].(map[string]any)
	assert.Equal(t, "2026-11-21", pred["asOf"])
	assert.Equal(t, "0123456789abcdef", pred["runId"])
	assert.Equal(t, "sha256:pack", pred["rulePackDigest"])
	assert.Equal(t, map[string]any{"name": "ismscheck", "version": "1.2.3"}, pred["tool"])
	assert.Equal(t, "not_ready", pred["readiness"].(map[string]any)["verdict"])
	assert.Equal(t, []any{"fedcba9876543210"}, pred["earlierRunIds"], "a re-evaluation needs the same history")
	assert.Equal(t, float64(1), pred["summary"].(map[string]any)["grades"].(map[string]any)["major"])

	back, err := Read(out)
	require.NoError(t, err)
	problems, err := Check(back, dir)
	require.NoError(t, err)
	assert.Empty(t, problems)
}

func TestCheckNamesEveryMismatch(t *testing.T) {
	dir, _ := bundle(t, "policies/a.md")
	other, _ := bundle(t, "policies/b.md")
	st, err := New([]string{dir}, sample())
	require.NoError(t, err)

	problems, err := Check(st, other)
	require.NoError(t, err)
	require.Len(t, problems, 2)
	assert.Contains(t, problems[0], "no subject has the sha256 of "+filepath.Join(other, "manifest.json"))
	assert.Contains(t, problems[1], "does not name the bundle's manifest digest")

	wrong := st
	wrong.Type, wrong.PredicateType = "https://in-toto.io/Statement/v0.1", "https://slsa.dev/provenance/v1"
	problems, err = Check(wrong, dir)
	require.NoError(t, err)
	assert.Len(t, problems, 2)
	assert.Contains(t, strings.Join(problems, "\n"), `predicateType is "https://slsa.dev/provenance/v1"`)

	// Reformatting manifest.json keeps its content but changes the bytes that were attested.
	path := filepath.Join(dir, "manifest.json")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(raw, '\n'), 0o644))
	problems, err = Check(st, dir)
	require.NoError(t, err)
	assert.Len(t, problems, 1)
	assert.Contains(t, problems[0], "no subject has the sha256")
}

func TestSeveralBundlesAreNamedByPath(t *testing.T) {
	a, _ := bundle(t, "policies/a.md")
	b, _ := bundle(t, "policies/b.md")
	st, err := New([]string{a, b}, sample())
	require.NoError(t, err)
	require.Len(t, st.Subject, 2)
	assert.Equal(t, filepath.ToSlash(filepath.Join(a, "manifest.json")), st.Subject[0].Name)
	assert.NotEqual(t, st.Subject[0].Digest, st.Subject[1].Digest)
	for _, dir := range []string{a, b} {
		problems, err := Check(st, dir)
		require.NoError(t, err)
		assert.Empty(t, problems, "each bundle is a subject of the one statement")
	}
}

func TestReadNamesTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "st.json")
	require.NoError(t, os.WriteFile(path, []byte("{\n  \"_type\": \"x\",\n  \"subject\": [}\n"), 0o644))
	_, err := Read(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "st.json: line 3")
}
