// Package isms collects the ISMS documents repository: Markdown files with YAML front
// matter (policies, procedures, reports) and YAML and CSV registers (risks, SoA, assets...).
// Each file becomes one evidence document; one isms.repository document lists them by type.
package isms

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// CollectorName is the provenance.collector of every document this package makes.
const CollectorName = "isms"

// Evidence kinds this collector writes.
const (
	KindDocument   = "isms.document"
	KindRegister   = "isms.register"
	KindRepository = "isms.repository"
)

// maxFileSize bounds what is read of one file; an ISMS file larger than this is a mistake
// (an export, a binary) and reading it whole would only cost memory.
const maxFileSize = 16 << 20

// Options says where the ISMS is and how to read it.
type Options struct {
	Root      string              // ISMS root directory, as the user gave it
	Name      string              // id of the isms.repository document; default: base name of the absolute Root
	Registers map[string][]string // register type -> glob patterns relative to Root; win over file names
	Exclude   []string            // glob patterns relative to Root to skip ("**" matches any depth)
	Version   string              // provenance.collector_version
	Now       func() time.Time    // collected_at; default time.Now().UTC()
	Layout    Layout              // the organisation's own columns, vocabularies and control blocks
}

// file is one candidate file found under Root.
type file struct {
	rel  string // slash-separated, relative to Root
	kind string
}

// Collect reads every .md, .yaml, .yml and .csv file under Root and returns one document
// per file plus one isms.repository document, sorted by kind then id. A file that cannot
// be read or parsed still becomes a document, with Complete=false and errors naming its
// line. The error is only for a Root that cannot be read at all.
func Collect(ctx context.Context, opts Options) ([]evidence.Document, evidence.Coverage, error) {
	root := opts.Root
	if root == "" {
		root = "."
	}
	now := time.Now().UTC()
	if opts.Now != nil {
		now = opts.Now()
	}
	cov := evidence.Coverage{
		Collector: CollectorName,
		Source:    root,
		Kinds:     []string{KindDocument, KindRegister, KindRepository},
		Errors:    []evidence.Error{},
	}
	fail := func(err error) ([]evidence.Document, evidence.Coverage, error) {
		cov.Status = evidence.CoverageError
		cov.Errors = append(cov.Errors, evidence.Error{Message: err.Error()})
		return nil, cov, err
	}
	if info, err := os.Stat(root); err != nil {
		return fail(fmt.Errorf("ISMS root: %w", err))
	} else if !info.IsDir() {
		return fail(fmt.Errorf("ISMS root %s is not a directory", root))
	}
	exclude, walkErrs := validPatterns(opts.Exclude, "exclude")
	registers := map[string][]string{}
	for typ, pats := range opts.Registers {
		var errs []evidence.Error
		registers[typ], errs = validPatterns(pats, "register "+typ)
		walkErrs = append(walkErrs, errs...)
	}

	// Walk the directory a symlinked root points at: WalkDir does not follow a link.
	walkRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fail(fmt.Errorf("ISMS root: %w", err))
	}
	files, errs, err := findFiles(ctx, walkRoot, exclude)
	if err != nil {
		return fail(err)
	}
	walkErrs = append(walkErrs, errs...)

	c := collection{opts: opts, root: root, walkRoot: walkRoot, now: now, registers: registers}
	docs := make([]evidence.Document, 0, len(files)+1)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		d, err := c.document(f)
		if err != nil {
			return fail(err)
		}
		docs = append(docs, d)
		cov.Errors = append(cov.Errors, d.Errors...)
		if !d.Complete {
			cov.Incomplete++
		}
	}
	cov.Expected, cov.Collected = len(files), len(docs)
	cov.Errors = append(cov.Errors, walkErrs...)

	repo, err := c.repository(docs, walkErrs)
	if err != nil {
		return fail(err)
	}
	docs = append(docs, repo)
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].Kind != docs[j].Kind {
			return docs[i].Kind < docs[j].Kind
		}
		return docs[i].ID < docs[j].ID
	})

	cov.Status = evidence.CoverageOK
	if len(cov.Errors) > 0 || cov.Incomplete > 0 {
		cov.Status = evidence.CoveragePartial
	}
	cov.Stats = map[string]any{"documents": countKind(docs, KindDocument), "registers": countKind(docs, KindRegister)}
	return docs, cov, nil
}

// validPatterns drops patterns that path.Match cannot read, reporting each: a typo in
// configuration should be visible in coverage, not silently match nothing.
func validPatterns(patterns []string, what string) ([]string, []evidence.Error) {
	var ok []string
	var errs []evidence.Error
	for _, p := range patterns {
		if validGlob(p) {
			ok = append(ok, p)
			continue
		}
		errs = append(errs, evidence.Error{Message: fmt.Sprintf("%s pattern %q is not a valid glob; ignored", what, p)})
	}
	return ok, errs
}

// findFiles walks root for candidate files, skipping hidden entries, excluded paths and
// the tool's own configuration. A directory that cannot be read is reported, not fatal;
// only an unreadable root is.
func findFiles(ctx context.Context, root string, exclude []string) ([]file, []evidence.Error, error) {
	var files []file
	var errs []evidence.Error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if p == root {
			return err
		}
		rel, relErr := filepath.Rel(root, p)
		if relErr != nil {
			return relErr
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			errs = append(errs, evidence.Error{File: rel, Message: "cannot read: " + err.Error()})
			return nil
		}
		// Hidden entries are tooling (.git, .github, .markdownlint.yaml), not ISMS content.
		if strings.HasPrefix(d.Name(), ".") || matchAny(exclude, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if rel == "ismscheck.yaml" || rel == "ismscheck.yml" {
			return nil
		}
		kind := kindOf(rel)
		if kind == "" {
			return nil
		}
		// Follow a symlink to a regular file; skip sockets, devices and links to directories.
		if !d.Type().IsRegular() {
			info, err := os.Stat(p)
			if err != nil || !info.Mode().IsRegular() {
				return nil
			}
		}
		files = append(files, file{rel: rel, kind: kind})
		return nil
	})
	return files, errs, err
}

func kindOf(rel string) string {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md":
		return KindDocument
	case ".yaml", ".yml", ".csv":
		return KindRegister
	}
	return ""
}

func countKind(docs []evidence.Document, kind string) int {
	n := 0
	for _, d := range docs {
		if d.Kind == kind {
			n++
		}
	}
	return n
}

// errorsOf turns a parse error and per-row problems into evidence errors on file rel.
func errorsOf(rel string, err error, problems []*SyntaxError) []evidence.Error {
	var out []evidence.Error
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			out = append(out, evidence.Error{File: rel, Line: se.Line, Message: se.Msg})
		} else {
			out = append(out, evidence.Error{File: rel, Message: err.Error()})
		}
	}
	for _, p := range problems {
		out = append(out, evidence.Error{File: rel, Line: p.Line, Message: p.Msg})
	}
	return out
}
