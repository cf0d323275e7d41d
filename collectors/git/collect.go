// Package git collects the Git history of the ISMS: who changed each document, when, and
// whether the change was reviewed (signed, merged through a pull request, or carrying a
// Reviewed-by trailer). The whole history is read in one `git log` over the ISMS path;
// nothing is ever asked per file.
package git

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// CollectorName is the provenance.collector of every document this package makes.
const CollectorName = "git"

// Evidence kinds this collector writes.
const (
	KindFile       = "git.file"
	KindRepository = "git.repository"
)

// ShallowMessage is the coverage reason when the clone lacks history: its rules are
// skipped with it, never passed.
const ShallowMessage = "shallow clone: Git history is incomplete; fetch the full history (actions/checkout: fetch-depth: 0)"

// DefaultMaxCommitsPerFile bounds the commits listed per file when Options leaves it at 0.
const DefaultMaxCommitsPerFile = 100

// Options says where the ISMS is and how to read its history.
type Options struct {
	Root              string           // the ISMS root directory (may be a subdirectory of a larger repository)
	Version           string           // provenance.collector_version
	Now               func() time.Time // collected_at; default time.Now().UTC()
	Git               string           // git binary, default "git"
	MaxCommitsPerFile int              // commits kept per file, newest first (default 100); counts stay exact
}

// Collect returns one git.file document per file under Root that exists at HEAD and has
// history, plus one git.repository document, sorted by kind then id. A git.file id is the
// file's path relative to Root, the id the isms collector gives the same file.
//
// Outside a repository, or in a shallow clone, there is no history to judge: no documents,
// coverage "skipped" with the reason, and no error. A git that is missing or fails gives
// coverage "error" and the error.
func Collect(ctx context.Context, opts Options) ([]evidence.Document, evidence.Coverage, error) {
	root := opts.Root
	if root == "" {
		root = "."
	}
	cov := evidence.Coverage{
		Collector: CollectorName,
		Source:    root,
		Kinds:     []string{KindFile, KindRepository},
		Errors:    []evidence.Error{},
	}
	fail := func(err error) ([]evidence.Document, evidence.Coverage, error) {
		cov.Status = evidence.CoverageError
		cov.Errors = append(cov.Errors, evidence.Error{Message: err.Error()})
		return nil, cov, err
	}
	skip := func(reason string) ([]evidence.Document, evidence.Coverage, error) {
		cov.Status = evidence.CoverageSkipped
		cov.Errors = append(cov.Errors, evidence.Error{Message: reason})
		return nil, cov, nil
	}
	if info, err := os.Stat(root); err != nil {
		return fail(fmt.Errorf("ISMS root: %w", err))
	} else if !info.IsDir() {
		return fail(fmt.Errorf("ISMS root %s is not a directory", root))
	}

	r := newRunner(opts.Git)
	repo, err := locate(ctx, r, root)
	switch {
	case notARepository(err):
		return skip(fmt.Sprintf("the ISMS root %s is not in a Git repository: there is no history to check", root))
	case err != nil:
		return fail(err)
	case repo.shallow:
		return skip(ShallowMessage)
	}
	h, err := readHistory(ctx, r, repo)
	if err != nil {
		return fail(err)
	}

	now := time.Now().UTC()
	if opts.Now != nil {
		now = opts.Now()
	}
	keep := opts.MaxCommitsPerFile
	if keep <= 0 {
		keep = DefaultMaxCommitsPerFile
	}
	b := builder{opts: opts, root: root, now: now, max: keep, repo: repo, h: h}
	docs, err := b.documents(ctx, r)
	if err != nil {
		return fail(err)
	}

	files := len(docs) - 1
	cov.Status = evidence.CoverageOK
	cov.Expected, cov.Collected = len(h.files), files
	if missing := len(h.files) - files; missing > 0 {
		// Only a rewritten history (grafts, replace refs) leaves a file without commits.
		cov.Status = evidence.CoveragePartial
		cov.Errors = append(cov.Errors, evidence.Error{Message: fmt.Sprintf("%d files at HEAD have no commit in the history of %s", missing, repo.ismsPath())})
	}
	cov.Stats = map[string]any{"files": files, "commits": b.touching, "walked": len(h.commits)}
	return docs, cov, nil
}

// repository is where the ISMS sits in its work tree.
type repository struct {
	top     string // absolute top of the work tree; later commands run there
	prefix  string // ISMS path inside it: "" at the top, else ending in "/"
	shallow bool
	head    string // "" before the first commit
}

func (r repository) ismsPath() string {
	if r.prefix == "" {
		return "."
	}
	return strings.TrimSuffix(r.prefix, "/")
}

func locate(ctx context.Context, r runner, root string) (repository, error) {
	var repo repository
	out, err := r.run(ctx, root, nil, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
	if err != nil {
		return repo, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 3 || lines[0] == "" {
		return repo, fmt.Errorf("git rev-parse: unexpected output %q", truncate(string(out), 120))
	}
	repo.top, repo.prefix, repo.shallow = lines[0], lines[1], lines[2] == "true"
	if repo.shallow {
		return repo, nil
	}
	out, err = r.run(ctx, repo.top, nil, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	var ge *gitError
	switch {
	case errors.As(err, &ge) && ge.code == 1 && len(out) == 0:
		return repo, nil // no commit yet: an empty history
	case err != nil:
		return repo, err
	}
	repo.head = strings.TrimSpace(string(out))
	return repo, nil
}

// history is what the walk found.
type history struct {
	files   map[string]string // path from the work-tree top -> path from the ISMS root, for blobs at HEAD
	commits []*commitRecord   // newest first
	pr      []bool            // commits[i] came in through a pull request
}

func readHistory(ctx context.Context, r runner, repo repository) (history, error) {
	h := history{files: map[string]string{}}
	if repo.head == "" {
		return h, nil
	}
	pathspec := strings.TrimSuffix(repo.prefix, "/")
	tree := []string{"ls-tree", "-r", "-z", "HEAD"}
	if pathspec != "" {
		tree = append(tree, "--", pathspec)
	}
	out, err := r.run(ctx, repo.top, nil, tree...)
	if err != nil {
		return h, err
	}
	for _, entry := range strings.Split(string(out), "\x00") {
		// "<mode> <type> <object>\t<path>"; submodules (type commit) are not files.
		meta, path, ok := strings.Cut(entry, "\t")
		if !ok || !strings.HasPrefix(path, repo.prefix) {
			continue
		}
		if f := strings.Fields(meta); len(f) == 3 && f[1] == "blob" {
			h.files[path] = strings.TrimPrefix(path, repo.prefix)
		}
	}
	out, err = r.run(ctx, repo.top, nil, logArgs(pathspec)...)
	if err != nil {
		return h, err
	}
	if h.commits, err = parseLog(out); err != nil {
		return h, err
	}
	h.pr = pullRequests(h.commits)
	return h, nil
}
