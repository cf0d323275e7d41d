package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/history"
	"github.com/ismscheck/ismscheck/internal/intoto"
	"github.com/ismscheck/ismscheck/internal/results"
)

// historyFlags are the run-to-run flags of audit and evaluate: a history store read before
// grading and appended to after, and an in-toto statement of the run.
type historyFlags struct {
	dir         string
	keep        int
	attestation string
}

func (h *historyFlags) add(cmd *cobra.Command, attestationHelp string) {
	cmd.Flags().StringVar(&h.dir, "history", "", "history directory: earlier runs are read before grading (trends, escalation of repeated minors) and this run is added to it")
	cmd.Flags().IntVar(&h.keep, "history-keep", 0, "with --history: keep only the newest N runs (0 keeps all)")
	cmd.Flags().StringVar(&h.attestation, "attestation", "", attestationHelp)
}

// earlier loads the runs before asOf from --history, before any work, so that a corrupt
// history fails fast (exit 2) rather than after a long collection.
func (h *historyFlags) earlier(asOf time.Time) ([]*results.Results, error) {
	if h.keep < 0 {
		return nil, usageError{fmt.Errorf("--history-keep %d: want 0 (keep all) or more", h.keep)}
	}
	if h.keep > 0 && h.dir == "" {
		return nil, usageError{errors.New("--history-keep needs --history DIR")}
	}
	if h.dir == "" {
		return nil, nil
	}
	runs, err := history.Store{Dir: h.dir}.Load()
	if err != nil {
		return nil, usageError{fmt.Errorf("--history: %w", err)}
	}
	return history.Before(runs, asOf.UTC().Format("2006-01-02")), nil
}

// record appends the run to --history and applies --history-keep.
func (h *historyFlags) record(log *slog.Logger, r *results.Results) error {
	if h.dir == "" {
		return nil
	}
	store := history.Store{Dir: h.dir}
	path, err := store.Append(r)
	if err != nil {
		return fmt.Errorf("--history: %w", err)
	}
	removed, err := store.Prune(h.keep, filepath.Base(path))
	if err != nil {
		return fmt.Errorf("--history-keep: %w", err)
	}
	log.Info("run added to the history", "file", path, "earlier_runs", len(r.History), "removed", len(removed))
	return nil
}

// attest writes the in-toto statement of the run over the given bundles, if asked.
func (h *historyFlags) attest(bundles []string, r *results.Results) error {
	if h.attestation == "" {
		return nil
	}
	st, err := intoto.New(bundles, r)
	if err != nil {
		return fmt.Errorf("--attestation: %w", err)
	}
	if err := intoto.Write(h.attestation, st); err != nil {
		return fmt.Errorf("--attestation: %w", err)
	}
	return nil
}

// statementCheck is what verify --attestation found.
type statementCheck struct {
	File          string   `json:"file"`
	ManifestSHA   string   `json:"manifest_sha256"`
	RunID         string   `json:"run_id"`
	AsOf          string   `json:"as_of"`
	Verdict       string   `json:"verdict"`
	PredicateType string   `json:"predicate_type"`
	Problems      []string `json:"problems"`
}

// checkStatement reads an in-toto statement and checks it against the bundle; nil when no
// statement was given. A statement that cannot be read is a usage error (exit 2).
func checkStatement(path, bundleDir string) (*statementCheck, error) {
	if path == "" {
		return nil, nil
	}
	st, err := intoto.Read(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("--attestation: %w", err)}
	}
	problems, err := intoto.Check(st, bundleDir)
	if err != nil {
		return nil, usageError{fmt.Errorf("--attestation: %w", err)}
	}
	subject, err := intoto.ManifestSubject(bundleDir, "")
	if err != nil {
		return nil, usageError{err}
	}
	return &statementCheck{File: path, ManifestSHA: subject.Digest["sha256"], RunID: st.Predicate.RunID, AsOf: st.Predicate.AsOf,
		Verdict: st.Predicate.Readiness.Verdict, PredicateType: st.PredicateType, Problems: append([]string{}, problems...)}, nil
}

func (c *statementCheck) writeText(w io.Writer) {
	if c == nil {
		return
	}
	for _, p := range c.Problems {
		fmt.Fprintf(w, "attestation %s: %s\n", c.File, p)
	}
	if len(c.Problems) == 0 {
		fmt.Fprintf(w, "ok: %s describes this bundle (manifest.json sha256 %s): run %s as of %s, verdict %s\n", c.File, c.ManifestSHA, c.RunID, c.AsOf, c.Verdict)
	} else {
		fmt.Fprintf(w, "FAILED: %s does not describe this bundle (manifest.json sha256 %s)\n", c.File, c.ManifestSHA)
	}
}
