// Package intoto writes and checks an in-toto Statement v1 about a run: its subject is the
// evidence bundle's manifest.json (by the sha256 of its bytes, as `actions/attest` with
// `subject-path` and `gh attestation verify` compute it), its predicate what the run found
// and with which tool, rule pack and audit date. Signed (by actions/attest, or cosign), it
// lets a certification auditor tie the delivered results to the evidence they came from.
//
// Statement layout: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
// The predicate follows the in-toto guidelines for new predicates (lowerCamelCase fields).
package intoto

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// StatementType is the in-toto Statement v1 type.
const StatementType = "https://in-toto.io/Statement/v1"

// PredicateType names ismscheck's run predicate (version 1).
const PredicateType = "https://ismscheck.dev/attestation/run/v1"

// Statement is an in-toto Statement v1 whose predicate is a Run.
type Statement struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     Run       `json:"predicate"`
}

// Subject is an in-toto ResourceDescriptor with a name and digests.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// Run is the predicate: what produced the results, on which evidence, and what they say.
type Run struct {
	Tool           Tool   `json:"tool"`
	RulePackDigest string `json:"rulePackDigest"`
	CatalogVersion string `json:"catalogVersion"`
	RunID          string `json:"runId"`
	AsOf           string `json:"asOf"`
	// EvidenceDigest covers the evaluated documents; ManifestDigests are the bundles'
	// own digests (the "digest" field inside each manifest.json), one per bundle.
	EvidenceDigest  string          `json:"evidenceDigest"`
	ManifestDigests []string        `json:"manifestDigests"`
	Summary         results.Summary `json:"summary"`
	Readiness       Readiness       `json:"readiness"`
	Coverage        Coverage        `json:"coverage"`
	// EarlierRunIDs are the history runs the grading saw (repeated minors escalate): a
	// re-evaluation needs the same ones to give the same grades.
	EarlierRunIDs []string `json:"earlierRunIds"`
}

// Tool names the program.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Readiness is the verdict and why.
type Readiness struct {
	Verdict string `json:"verdict"`
	Reason  string `json:"reason"`
}

// Coverage says how much evidence the run had and how many rules it ran.
type Coverage struct {
	Documents      int `json:"documents"`
	Incomplete     int `json:"incomplete"`
	RulesTotal     int `json:"rulesTotal"`
	RulesErrored   int `json:"rulesErrored"`
	RulesSkipped   int `json:"rulesSkipped"`
	RulesEvaluated int `json:"rulesEvaluated"`
}

// ManifestSubject is the subject for one bundle: the sha256 of its manifest.json bytes.
// The name is the file name alone when name is empty, which is what actions/attest records
// for `subject-path: BUNDLE/manifest.json`.
func ManifestSubject(bundleDir, name string) (Subject, error) {
	path := filepath.Join(bundleDir, evidence.ManifestFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return Subject{}, err
	}
	if name == "" {
		name = evidence.ManifestFile
	}
	sum := sha256.Sum256(raw)
	return Subject{Name: name, Digest: map[string]string{"sha256": hex.EncodeToString(sum[:])}}, nil
}

// New is the statement of a run over the given bundles. With one bundle the subject is
// named manifest.json; with several, each is named by its path so they can be told apart.
func New(bundleDirs []string, r *results.Results) (Statement, error) {
	st := Statement{Type: StatementType, PredicateType: PredicateType, Subject: []Subject{}, Predicate: Run{
		Tool:           Tool{Name: r.Tool.Name, Version: r.Tool.Version},
		RulePackDigest: r.Tool.RulePackDigest, CatalogVersion: r.Tool.CatalogVersion,
		RunID: r.Run.ID, AsOf: r.Run.AsOf, EvidenceDigest: r.Run.EvidenceDigest, ManifestDigests: []string{},
		Summary:   r.Summary,
		Readiness: Readiness{Verdict: r.Readiness.Verdict, Reason: r.Readiness.Reason},
		Coverage: Coverage{Documents: r.Coverage.Documents, Incomplete: r.Coverage.Incomplete, RulesTotal: r.Coverage.Rules.Total,
			RulesErrored: r.Coverage.Rules.Errored, RulesSkipped: r.Coverage.Rules.Skipped, RulesEvaluated: r.Coverage.Rules.Evaluated},
	}}
	st.Predicate.EarlierRunIDs = []string{}
	for _, p := range r.History {
		st.Predicate.EarlierRunIDs = append(st.Predicate.EarlierRunIDs, p.RunID)
	}
	for _, dir := range bundleDirs {
		name := ""
		if len(bundleDirs) > 1 {
			name = filepath.ToSlash(filepath.Join(dir, evidence.ManifestFile))
		}
		s, err := ManifestSubject(dir, name)
		if err != nil {
			return st, err
		}
		m, _, err := evidence.ReadManifest(dir)
		if err != nil {
			return st, err
		}
		st.Subject = append(st.Subject, s)
		st.Predicate.ManifestDigests = append(st.Predicate.ManifestDigests, m.Digest)
	}
	return st, nil
}

// Write stores the statement as indented JSON.
func Write(path string, st Statement) error {
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// Read loads a statement; errors name the file and line.
func Read(path string) (Statement, error) {
	var st Statement
	raw, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&st); err != nil {
		return st, fmt.Errorf("%s: %w", path, evidence.JSONErrorLine(raw, err))
	}
	return st, nil
}

// Check lists every way a statement does not describe the bundle in dir: wrong types, no
// subject with the sha256 of its manifest.json, or a predicate naming other manifests.
// It does not check a signature: that is the signer's tool's job (gh, cosign).
func Check(st Statement, bundleDir string) ([]string, error) {
	var problems []string
	if st.Type != StatementType {
		problems = append(problems, fmt.Sprintf("_type is %q, want %q", st.Type, StatementType))
	}
	if st.PredicateType != PredicateType {
		problems = append(problems, fmt.Sprintf("predicateType is %q, want %q", st.PredicateType, PredicateType))
	}
	want, err := ManifestSubject(bundleDir, "")
	if err != nil {
		return nil, err
	}
	m, _, err := evidence.ReadManifest(bundleDir)
	if err != nil {
		return nil, err
	}
	found := false
	for _, s := range st.Subject {
		if s.Digest["sha256"] == want.Digest["sha256"] {
			found = true
		}
	}
	if !found {
		problems = append(problems, fmt.Sprintf("no subject has the sha256 of %s (%s)", filepath.Join(bundleDir, evidence.ManifestFile), want.Digest["sha256"]))
	}
	if !slices.Contains(st.Predicate.ManifestDigests, m.Digest) {
		problems = append(problems, fmt.Sprintf("the predicate does not name the bundle's manifest digest %s", m.Digest))
	}
	return problems, nil
}
