// Package evidence holds the normalized evidence that collectors write and rules read:
// documents with provenance and a content digest, and bundles (a directory plus manifest)
// that carry them between collection and evaluation.
package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/gowebpki/jcs"
)

// Document is one piece of normalized evidence: a repository, a policy file, a register.
type Document struct {
	Kind        string         `json:"kind"`
	ID          string         `json:"id"`
	CollectedAt time.Time      `json:"collected_at"`
	Provenance  Provenance     `json:"provenance"`
	Complete    bool           `json:"complete"`
	Errors      []Error        `json:"errors"`
	Data        map[string]any `json:"data"`
	Digest      string         `json:"digest"`
}

// Provenance records where, when and how a document was collected.
type Provenance struct {
	Collector        string `json:"collector"`
	CollectorVersion string `json:"collector_version"`
	Source           string `json:"source"`
}

// Error says what part of a document could not be read and why. File and Line are set
// when the problem sits in a user file, so the message can point at it.
//
// Needs names the permission that reading the missing part takes, in the form rules declare
// in their `permissions` metadata ("github:secret_scanning_alerts:read",
// "aws:iam:GenerateCredentialReport"). An error that names one spoils only the rules that
// declare that permission; the rest of the document stays usable. Denied says the source
// refused (401/403/404, AccessDenied): those rules are skipped for the resource, naming the
// permission. Without Denied (a 5xx, a rate limit that outlasted its budget) they are errors.
type Error struct {
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Needs   string `json:"needs,omitempty"`
	Denied  bool   `json:"denied,omitempty"`
}

func (e Error) String() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return e.Message
}

// Seal normalizes the data to its JSON form and computes the digest. Call it once the
// document is final. After Seal, a document in memory is exactly what a bundle reader gets
// back (maps of any, slices of any, json.Number), so a live audit and an offline
// re-evaluation of its bundle see the same evidence.
func (d *Document) Seal() error {
	if d.Errors == nil {
		d.Errors = []Error{}
	}
	if d.Data == nil {
		d.Data = map[string]any{}
	}
	raw, err := json.Marshal(d.Data)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", d.Kind, d.ID, err)
	}
	normalized := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&normalized); err != nil {
		return fmt.Errorf("encode %s %s: %w", d.Kind, d.ID, err)
	}
	d.Data = normalized
	digest, err := ContentDigest(d.Kind, d.ID, d.Data)
	if err != nil {
		return fmt.Errorf("digest %s %s: %w", d.Kind, d.ID, err)
	}
	d.Digest = digest
	return nil
}

// ContentDigest is "sha256:<hex>" over the RFC 8785 (JCS) canonical JSON of {kind, id, data}.
// Collection time and provenance are left out on purpose: the same facts collected twice
// have the same digest, so runs can be compared by digest.
func ContentDigest(kind, id string, data any) (string, error) {
	raw, err := json.Marshal(struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
		Data any    `json:"data"`
	}{kind, id, data})
	if err != nil {
		return "", err
	}
	return CanonicalDigest(raw)
}

// CanonicalDigest hashes the JCS canonical form of a JSON text.
func CanonicalDigest(raw []byte) (string, error) {
	canonical, err := jcs.Transform(raw)
	if err != nil {
		return "", err
	}
	return BytesDigest(canonical), nil
}

// BytesDigest is "sha256:<hex>" over raw bytes.
func BytesDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Ref names a document the way findings point at it.
type Ref struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// SetDigest identifies a whole evidence set: sha256 over the sorted kind, id and digest of
// every document. The same evidence gives the same digest however it was bundled.
func SetDigest(docs []Document) string {
	lines := make([]string, len(docs))
	for i, d := range docs {
		lines[i] = d.Kind + "\x00" + d.ID + "\x00" + d.Digest + "\n"
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// New starts a complete document with no errors; the collector fills in Data, records any
// Errors (setting Complete to false) and calls Seal.
func New(kind, id string, collectedAt time.Time, p Provenance) Document {
	return Document{Kind: kind, ID: id, CollectedAt: collectedAt, Provenance: p, Complete: true, Errors: []Error{}}
}
