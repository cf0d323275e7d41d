package evidence

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleDocs() []Document {
	docs := []Document{
		{Kind: "isms.document", ID: "policies/a.md", Complete: true, Data: map[string]any{"path": "policies/a.md", "meta": map[string]any{"owner": "Tom", "version": 3}}},
		{Kind: "isms.register", ID: "registers/soa.csv", Complete: false, Errors: []Error{{File: "registers/soa.csv", Line: 4, Message: "wrong number of fields"}}, Data: map[string]any{"rows": []any{}}},
	}
	for i := range docs {
		docs[i].CollectedAt = time.Date(2026, 11, 21, 2, 0, 4, 0, time.UTC)
		docs[i].Provenance = Provenance{Collector: "isms", Source: "examples/acme"}
	}
	return docs
}

func writeSample(t *testing.T) (string, Manifest) {
	t.Helper()
	dir := t.TempDir()
	m, err := WriteBundle(dir, Manifest{Tool: Tool{Name: "ismscheck", Version: "test"}, CatalogVersion: "iso27001-2022",
		Config:   map[string]any{"escalation": map[string]any{"share": 0.25}},
		Coverage: []Coverage{{Collector: "isms", Source: "examples/acme", Status: CoveragePartial, Expected: 2, Collected: 2, Incomplete: 1}}}, sampleDocs())
	require.NoError(t, err)
	return dir, m
}

func TestDigestIgnoresCollectionTimeAndKeyOrder(t *testing.T) {
	a := Document{Kind: "k", ID: "i", Data: map[string]any{"x": 1, "y": []any{"a"}}, CollectedAt: time.Now()}
	b := Document{Kind: "k", ID: "i", Data: map[string]any{"y": []string{"a"}, "x": 1.0}}
	require.NoError(t, a.Seal())
	require.NoError(t, b.Seal())
	assert.Equal(t, a.Digest, b.Digest)
	assert.True(t, strings.HasPrefix(a.Digest, "sha256:"))
	c := Document{Kind: "k", ID: "other", Data: map[string]any{"x": 1, "y": []any{"a"}}}
	require.NoError(t, c.Seal())
	assert.NotEqual(t, a.Digest, c.Digest, "the id is part of the digest")
}

func TestBundleRoundTrip(t *testing.T) {
	dir, m := writeSample(t)
	rep, err := Verify(dir)
	require.NoError(t, err)
	assert.True(t, rep.OK(), rep.Problems)
	assert.Equal(t, m.Digest, rep.ManifestDigest)
	b, err := ReadBundle(dir)
	require.NoError(t, err)
	require.Len(t, b.Documents, 2)
	want := sampleDocs()
	for i := range want {
		require.NoError(t, want[i].Seal())
	}
	assert.Equal(t, want[0].Data, b.Documents[0].Data, "a sealed document equals what the bundle gives back")
	assert.Equal(t, want[1].Errors, b.Documents[1].Errors)
	assert.False(t, b.Documents[1].Complete)
	assert.Equal(t, "partial", b.Manifest.Coverage[0].Status)
}

func TestVerifyNamesEveryChange(t *testing.T) {
	t.Run("one byte in a document", func(t *testing.T) {
		dir, m := writeSample(t)
		path := filepath.Join(dir, m.Documents[0].File)
		raw, _ := os.ReadFile(path)
		i := strings.Index(string(raw), "Tom")
		raw[i] = 'J'
		require.NoError(t, os.WriteFile(path, raw, 0o644))
		rep, err := Verify(dir)
		require.NoError(t, err)
		assert.Equal(t, []string{"isms.document policies/a.md (" + m.Documents[0].File + ")"}, rep.Altered)
		assert.Contains(t, rep.Problems[0], "file bytes changed; content digest")
		_, err = ReadBundle(dir)
		assert.ErrorContains(t, err, "does not verify")
	})
	t.Run("whitespace only", func(t *testing.T) {
		dir, m := writeSample(t)
		path := filepath.Join(dir, m.Documents[1].File)
		raw, _ := os.ReadFile(path)
		require.NoError(t, os.WriteFile(path, append(raw, ' '), 0o644))
		rep, _ := Verify(dir)
		assert.Len(t, rep.Altered, 1)
		assert.Contains(t, rep.Problems[0], "file bytes changed")
		assert.NotContains(t, rep.Problems[0], "content digest")
	})
	t.Run("missing and extra", func(t *testing.T) {
		dir, m := writeSample(t)
		require.NoError(t, os.Remove(filepath.Join(dir, m.Documents[0].File)))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "documents", "planted.json"), []byte("{}"), 0o644))
		rep, _ := Verify(dir)
		assert.Len(t, rep.Missing, 1)
		assert.Equal(t, []string{"documents/planted.json"}, rep.Extra)
	})
	t.Run("manifest content", func(t *testing.T) {
		dir, _ := writeSample(t)
		path := filepath.Join(dir, ManifestFile)
		raw, _ := os.ReadFile(path)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(raw), `"partial"`, `"ok"`, 1)), 0o644))
		rep, err := Verify(dir)
		require.NoError(t, err)
		assert.Contains(t, rep.Problems[0], "manifest.json: content altered")
	})
	t.Run("manifest whitespace", func(t *testing.T) {
		dir, _ := writeSample(t)
		path := filepath.Join(dir, ManifestFile)
		raw, _ := os.ReadFile(path)
		require.NoError(t, os.WriteFile(path, append([]byte(" "), raw...), 0o644))
		rep, _ := Verify(dir)
		assert.Contains(t, rep.Problems[0], "bytes differ from the written form")
	})
	t.Run("manifest not JSON", func(t *testing.T) {
		dir, _ := writeSample(t)
		path := filepath.Join(dir, ManifestFile)
		raw, _ := os.ReadFile(path)
		require.NoError(t, os.WriteFile(path, raw[:len(raw)-10], 0o644))
		_, err := Verify(dir)
		assert.ErrorContains(t, err, "manifest.json: line ")
	})
}

func TestWriteBundleRefusesDuplicates(t *testing.T) {
	docs := append(sampleDocs(), sampleDocs()[0])
	_, err := WriteBundle(t.TempDir(), Manifest{}, docs)
	assert.ErrorContains(t, err, `two documents of kind isms.document have the id "policies/a.md"`)
}

func TestSetDigestIsOrderFree(t *testing.T) {
	docs := sampleDocs()
	for i := range docs {
		require.NoError(t, docs[i].Seal())
	}
	a := SetDigest(docs)
	b := SetDigest([]Document{docs[1], docs[0]})
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, SetDigest(docs[:1]))
	_, err := json.Marshal(docs)
	require.NoError(t, err)
}

// JSONErrorLine names the line holding the offending byte, whichever way the JSON was
// read (json.Unmarshal checks the syntax first; a Decoder reports a short file as EOF).
func TestJSONErrorLine(t *testing.T) {
	type run struct {
		AsOf string `json:"as_of"`
	}
	type file struct {
		SchemaVersion string `json:"schema_version"`
		Run           run    `json:"run"`
		Tags          []string
	}
	cases := []struct {
		name, raw, want string
	}{
		{"type error on line 2", "{\"schema_version\": \"1\",\n\"run\": {\"as_of\": 5}}\n", "line 2: json: cannot unmarshal number"},
		{"type error of an object", "{\n  \"schema_version\": \"1\",\n  \"run\": {\"as_of\": {\n    \"y\": 1}}\n}\n", "line 3: json: cannot unmarshal object"},
		{"type error at a line's end", "{\n  \"schema_version\": 1\n}\n", "line 2: json: cannot unmarshal number"},
		{"type error on line 1", `{"run": {"as_of": true}}`, "line 1: json: cannot unmarshal bool"},
		{"syntax error", "{\n  \"schema_version\": \"1\",\n  \"run\": {]\n}\n", "line 3: invalid character ']'"},
		{"newline inside a string", "{\n  \"schema_version\": \"1\n\"}\n", "line 2: invalid character '\\n' in string literal"},
		{"truncated after a newline", "{\n  \"schema_version\": \"1\",\n  \"run\": {\n", "line 3: unexpected end of JSON input (the file ends too early)"},
		{"truncated with blank lines after", "{\n  \"run\": {\n\n\n", "line 2: unexpected end of JSON input (the file ends too early)"},
		{"truncated without a newline", "{\n  \"run\": {\"as_of\": \"2026", "line 2: unexpected end of JSON input (the file ends too early)"},
		{"empty file", "", "line 1: unexpected end of JSON input (the file ends too early)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f file
			err := json.Unmarshal([]byte(tc.raw), &f)
			require.Error(t, err)
			got := JSONErrorLine([]byte(tc.raw), err).Error()
			assert.True(t, strings.HasPrefix(got, tc.want), "got %q, want it to start with %q", got, tc.want)

			// A Decoder (as ReadManifest and readDocument use) names the same line.
			dec := json.NewDecoder(strings.NewReader(tc.raw))
			err = dec.Decode(&f)
			require.Error(t, err)
			got = JSONErrorLine([]byte(tc.raw), err).Error()
			wantLine, _, _ := strings.Cut(tc.want, ":")
			assert.True(t, strings.HasPrefix(got, wantLine+":"), "decoder: %s", got)
		})
	}
}
