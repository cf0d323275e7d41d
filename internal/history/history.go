// Package history keeps the results of earlier runs in a directory, one results JSON file
// per run, so that a run can be set against the ones before it: a trend per clause and
// control, and minors that stay open run after run (see grading).
//
// The store is a plain directory so that it can live anywhere files live: a CI cache, a
// branch of a Git repository, an S3 prefix synchronised with `aws s3 sync`. Files are named
// `<as_of>_<run id>.json`; anything else in the directory (a README, .git) is left alone.
package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/ismscheck/ismscheck/internal/results"
)

// Run is one stored run.
type Run struct {
	File    string // name inside the store
	Results *results.Results
}

// Store is a history directory.
type Store struct{ Dir string }

// runFile matches the names Append writes; as_of is a date and the run id 16 hex digits.
var runFile = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})_([0-9a-f]{16})\.json$`)

// FileName is where a run is kept in the store.
func FileName(r *results.Results) string { return r.Run.AsOf + "_" + r.Run.ID + ".json" }

// Append stores a run. Storing the same run again (same run id) rewrites the same file, so
// a retried CI job does not count twice. The run's own History is not stored: it is derived
// from the other files and would make every file grow with the store.
func (s Store) Append(r *results.Results) (string, error) {
	name := FileName(r)
	if !runFile.MatchString(name) {
		return "", fmt.Errorf("history %s: run id %q or as_of %q is not in the form ismscheck writes", s.Dir, r.Run.ID, r.Run.AsOf)
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	stored := *r
	stored.History = nil
	// Write aside and rename, so a reader (or a sync to S3) never sees half a file.
	tmp, err := os.CreateTemp(s.Dir, ".append-*.tmp")
	if err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := results.Write(tmp.Name(), &stored); err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	path := filepath.Join(s.Dir, name)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	return path, nil
}

// Load reads every stored run, oldest first (by as_of, then file name). A directory that
// does not exist yet is an empty history. A run file that cannot be read is an error naming
// the file and line: a history with a hole in it would make streaks and trends wrong.
func (s Store) Load() ([]Run, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var runs []Run
	for _, e := range entries {
		m := runFile.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		r, err := results.Read(filepath.Join(s.Dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		// A renamed or hand-copied file would put a run at the wrong date.
		if r.Run.AsOf != m[1] || r.Run.ID != m[2] {
			return nil, fmt.Errorf("history: %s holds run %s as of %s; its name says run %s as of %s",
				filepath.Join(s.Dir, e.Name()), r.Run.ID, r.Run.AsOf, m[2], m[1])
		}
		runs = append(runs, Run{File: e.Name(), Results: r})
	}
	sort.Slice(runs, func(i, j int) bool {
		if runs[i].Results.Run.AsOf != runs[j].Results.Run.AsOf {
			return runs[i].Results.Run.AsOf < runs[j].Results.Run.AsOf
		}
		return runs[i].File < runs[j].File
	})
	return runs, nil
}

// Prune keeps the newest keep runs (by as_of) and removes the rest; keep 0 keeps everything.
// The run just appended (added, its file name; "" for none) is never removed, even when it
// is older than the newest keep: re-evaluating an old bundle with an old --as-of must not
// delete the run it has just recorded. It then stays as one run beyond keep, and the next
// prune removes it like any other old run. Prune returns the names it removed.
func (s Store) Prune(keep int, added string) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	runs, err := s.Load()
	if err != nil {
		return nil, err
	}
	var removed []string
	for i := 0; i < len(runs)-keep; i++ {
		if runs[i].File == added {
			continue
		}
		if err := os.Remove(filepath.Join(s.Dir, runs[i].File)); err != nil {
			return removed, fmt.Errorf("history: %w", err)
		}
		removed = append(removed, runs[i].File)
	}
	return removed, nil
}

// Before returns the runs audited before asOf (a YYYY-MM-DD date), oldest first. Runs of
// the same date are not "earlier": a re-run on one day is not a run of its own, and a
// re-evaluation of an old bundle sees the history as it was then.
func Before(runs []Run, asOf string) []*results.Results {
	var out []*results.Results
	for _, r := range runs {
		if r.Results.Run.AsOf < asOf {
			out = append(out, r.Results)
		}
	}
	return out
}

// Points summarises runs for a trend, in the order given.
func Points(runs []*results.Results) []results.RunPoint {
	out := make([]results.RunPoint, 0, len(runs))
	for _, r := range runs {
		out = append(out, r.Point())
	}
	return out
}
