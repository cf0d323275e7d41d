package evidence

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ManifestFile is the name of the manifest inside a bundle directory.
const ManifestFile = "manifest.json"

// documentsDir holds one JSON file per document, grouped by kind.
const documentsDir = "documents"

// ManifestSchemaVersion is bumped when the manifest changes incompatibly.
const ManifestSchemaVersion = "1"

// Manifest lists every document of a bundle with its digests, and says what was collected
// from where (coverage), with which tool, catalog and rule pack.
type Manifest struct {
	SchemaVersion  string         `json:"schema_version"`
	Tool           Tool           `json:"tool"`
	CreatedAt      time.Time      `json:"created_at"`
	CatalogVersion string         `json:"catalog_version"`
	RulePackDigest string         `json:"rule_pack_digest"`
	Config         map[string]any `json:"config,omitempty"`
	Coverage       []Coverage     `json:"coverage"`
	// Shards names the parts of the configured sources this bundle collected (collect
	// --only/--github-org/--aws-account), so evaluating merged bundles can tell a shard
	// that is missing; empty in bundles of a whole collection.
	Shards    []string        `json:"shards,omitempty"`
	Documents []ManifestEntry `json:"documents"`
	Digest    string          `json:"digest"`
}

// Tool names the program that wrote a bundle or a result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ManifestEntry points at one document file. Digest is the document's content digest;
// FileDigest covers the file's exact bytes, so any edit is caught.
type ManifestEntry struct {
	Kind       string `json:"kind"`
	ID         string `json:"id"`
	Digest     string `json:"digest"`
	File       string `json:"file"`
	FileDigest string `json:"file_digest"`
}

// Coverage says, for one collector and source, what was expected and what was collected.
type Coverage struct {
	Collector  string   `json:"collector"`
	Source     string   `json:"source"`
	Status     string   `json:"status"` // ok, partial, error, skipped
	Expected   int      `json:"expected"`
	Collected  int      `json:"collected"`
	Incomplete int      `json:"incomplete"`
	Kinds      []string `json:"kinds"`
	// Listed names the kinds this collector read in full: every call that lists them
	// succeeded everywhere it looked, so a resource of such a kind without a document does
	// not exist (an account without RDS instances). A kind not named may be missing only
	// because it could not be read; rules then treat "no document" as "not collected".
	Listed []string       `json:"listed,omitempty"`
	Errors []Error        `json:"errors"`
	Stats  map[string]any `json:"stats,omitempty"`
}

// Coverage statuses.
const (
	CoverageOK      = "ok"
	CoveragePartial = "partial"
	CoverageError   = "error"
	// CoverageSkipped: the source could not give this evidence for a known, benign reason
	// (e.g. a shallow clone has no history); its rules are skipped with that reason.
	CoverageSkipped = "skipped"
	// CoverageMissing: a part of a configured source (a shard) that no merged bundle holds;
	// Source names the part. Its rules are errors for that part.
	CoverageMissing = "missing"
)

// Bundle is an in-memory evidence set with its manifest.
type Bundle struct {
	Manifest  Manifest
	Documents []Document
}

// WriteBundle writes docs and the manifest into dir (created if needed). The manifest's
// document list and digest are filled in here; the caller supplies the rest.
func WriteBundle(dir string, m Manifest, docs []Document) (Manifest, error) {
	if err := os.MkdirAll(filepath.Join(dir, documentsDir), 0o755); err != nil {
		return m, err
	}
	seen := map[Ref]bool{}
	m.Documents = make([]ManifestEntry, 0, len(docs))
	for i := range docs {
		d := &docs[i]
		ref := Ref{d.Kind, d.ID}
		if seen[ref] {
			return m, fmt.Errorf("two documents of kind %s have the id %q", d.Kind, d.ID)
		}
		seen[ref] = true
		if d.Digest == "" {
			if err := d.Seal(); err != nil {
				return m, err
			}
		}
		raw, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return m, fmt.Errorf("encode %s %s: %w", d.Kind, d.ID, err)
		}
		raw = append(raw, '\n')
		rel := filepath.ToSlash(filepath.Join(documentsDir, safeName(d.Kind), strings.TrimPrefix(d.Digest, "sha256:")+".json"))
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			return m, err
		}
		if err := os.WriteFile(filepath.Join(dir, rel), raw, 0o644); err != nil {
			return m, err
		}
		m.Documents = append(m.Documents, ManifestEntry{Kind: d.Kind, ID: d.ID, Digest: d.Digest, File: rel, FileDigest: BytesDigest(raw)})
	}
	sort.Slice(m.Documents, func(i, j int) bool {
		a, b := m.Documents[i], m.Documents[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.ID < b.ID
	})
	if m.SchemaVersion == "" {
		m.SchemaVersion = ManifestSchemaVersion
	}
	raw, err := encodeManifest(&m)
	if err != nil {
		return m, err
	}
	return m, os.WriteFile(filepath.Join(dir, ManifestFile), raw, 0o644)
}

// encodeManifest sets the manifest's self digest and returns its one canonical encoding:
// indented JSON, so people can read it, and byte-for-byte reproducible, so Verify can tell
// a hand edit from the written file.
func encodeManifest(m *Manifest) ([]byte, error) {
	m.Digest = ""
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	digest, err := CanonicalDigest(body)
	if err != nil {
		return nil, err
	}
	m.Digest = digest
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(raw, '\n'), nil
}

// safeName keeps a kind usable as a directory name on every platform.
func safeName(kind string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, kind)
}

// ReadManifest reads and decodes dir/manifest.json, keeping numbers as written.
func ReadManifest(dir string) (Manifest, []byte, error) {
	var m Manifest
	path := filepath.Join(dir, ManifestFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return m, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return m, raw, fmt.Errorf("%s: %w", path, JSONErrorLine(raw, err))
	}
	return m, raw, nil
}

// ReadBundle loads a bundle written by WriteBundle. It checks each document against the
// manifest and refuses a bundle that does not verify: evaluating altered evidence would
// give results nobody can trust.
func ReadBundle(dir string) (*Bundle, error) {
	report, err := Verify(dir)
	if err != nil {
		return nil, err
	}
	if !report.OK() {
		return nil, fmt.Errorf("bundle %s does not verify (run `ismscheck verify %s`): %s", dir, dir, report.Problems[0])
	}
	m := report.manifest
	b := &Bundle{Manifest: m, Documents: make([]Document, 0, len(m.Documents))}
	for _, e := range m.Documents {
		d, _, err := readDocument(filepath.Join(dir, filepath.FromSlash(e.File)))
		if err != nil {
			return nil, err
		}
		b.Documents = append(b.Documents, d)
	}
	return b, nil
}

func readDocument(path string) (Document, []byte, error) {
	var d Document
	raw, err := os.ReadFile(path)
	if err != nil {
		return d, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return d, raw, fmt.Errorf("%s: %w", path, JSONErrorLine(raw, err))
	}
	return d, raw, nil
}

// VerifyReport lists every way a bundle differs from its manifest.
type VerifyReport struct {
	Dir            string   `json:"bundle"`
	ManifestDigest string   `json:"manifest_digest"`
	Documents      int      `json:"documents"`
	Altered        []string `json:"altered"`
	Missing        []string `json:"missing"`
	Extra          []string `json:"extra"`
	Problems       []string `json:"problems"`
	manifest       Manifest
}

// OK is true when nothing was altered, missing or extra.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

// Verify re-hashes the manifest and every document file of the bundle in dir and names
// each document that was altered, is missing, or is present without being listed.
// An error means the bundle could not be read at all.
func Verify(dir string) (*VerifyReport, error) {
	m, raw, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	r := &VerifyReport{Dir: dir, ManifestDigest: m.Digest, Documents: len(m.Documents), Altered: []string{}, Missing: []string{}, Extra: []string{}, Problems: []string{}, manifest: m}
	recorded := m.Digest
	check := m
	again, err := encodeManifest(&check)
	if err != nil {
		return nil, err
	}
	if check.Digest != recorded {
		r.Problems = append(r.Problems, fmt.Sprintf("%s: content altered (digest %s, recorded %s)", ManifestFile, check.Digest, recorded))
	} else if !bytes.Equal(again, raw) {
		r.Problems = append(r.Problems, fmt.Sprintf("%s: bytes differ from the written form (edited by hand?)", ManifestFile))
	}
	listed := map[string]bool{}
	for _, e := range m.Documents {
		name := fmt.Sprintf("%s %s (%s)", e.Kind, e.ID, e.File)
		listed[filepath.ToSlash(filepath.Clean(e.File))] = true
		path := filepath.Join(dir, filepath.FromSlash(e.File))
		d, raw, err := readDocument(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			r.Missing = append(r.Missing, name)
			r.Problems = append(r.Problems, "missing: "+name)
			continue
		case raw == nil && err != nil:
			r.Altered = append(r.Altered, name)
			r.Problems = append(r.Problems, "unreadable: "+name+": "+err.Error())
			continue
		}
		var why []string
		if BytesDigest(raw) != e.FileDigest {
			why = append(why, "file bytes changed")
		}
		if err != nil {
			why = append(why, err.Error())
		} else {
			got, derr := ContentDigest(d.Kind, d.ID, d.Data)
			if derr != nil {
				why = append(why, derr.Error())
			} else if got != e.Digest || d.Digest != e.Digest || d.Kind != e.Kind || d.ID != e.ID {
				why = append(why, fmt.Sprintf("content digest %s, recorded %s", got, e.Digest))
			}
		}
		if len(why) > 0 {
			r.Altered = append(r.Altered, name)
			r.Problems = append(r.Problems, "altered: "+name+": "+strings.Join(why, "; "))
		}
	}
	root := filepath.Join(dir, documentsDir)
	err = filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == root {
				return nil
			}
			return err
		}
		if de.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if !listed[rel] {
			r.Extra = append(r.Extra, rel)
			r.Problems = append(r.Problems, "extra: "+rel+" is not listed in the manifest")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// JSONErrorLine turns the byte offset of a JSON decoding error into a line number, so a
// hand-edited bundle or results file is reported at the line to look at.
func JSONErrorLine(raw []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		if int(syn.Offset) >= len(raw) {
			return fmt.Errorf("line %d: %w (the file ends too early)", lastContentLine(raw), err)
		}
		return fmt.Errorf("line %d: %w", lineOfOffset(raw, syn.Offset), err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) { // a Decoder's short or empty file
		return fmt.Errorf("line %d: %w (the file ends too early)", lastContentLine(raw), err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("line %d: %w", lineOfOffset(raw, typ.Offset), err)
	}
	return err
}

// lineOfOffset is the line of the last byte read when a decoder stopped "after reading
// offset bytes": the offending byte itself, so a newline there does not count.
func lineOfOffset(raw []byte, offset int64) int {
	end := min(max(int(offset)-1, 0), len(raw))
	return 1 + bytes.Count(raw[:end], []byte("\n"))
}

// lastContentLine is the last line holding anything but white space: where a truncated
// file stops, not the empty line after its final newline.
func lastContentLine(raw []byte) int {
	return 1 + bytes.Count(bytes.TrimRight(raw, " \t\r\n"), []byte("\n"))
}

// ShortDigest is the first 12 hex digits of a digest, for people.
func ShortDigest(d string) string {
	h := strings.TrimPrefix(d, "sha256:")
	if _, err := hex.DecodeString(h); err != nil || len(h) < 12 {
		return d
	}
	return h[:12]
}
