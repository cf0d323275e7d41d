package git

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// builder turns the walk into evidence documents.
type builder struct {
	opts     Options
	root     string
	now      time.Time
	max      int
	repo     repository
	h        history
	touching int // commits that changed something under the ISMS path
	signed   map[string]bool
}

// fileHistory indexes the commits of one file into history.commits, newest first.
type fileHistory struct {
	changes int
	kept    []int // at most max
	first   int   // the oldest change
	last    int   // the commit counted last, so a path listed twice counts once
	authors map[string]bool
}

func (b *builder) documents(ctx context.Context, r runner) ([]evidence.Document, error) {
	files := map[string]*fileHistory{}
	need := map[int]bool{} // commits whose signature the evidence reports
	first, last := "", ""
	for i, c := range b.h.commits {
		if len(c.changes) == 0 {
			continue // a merge that only joined histories
		}
		b.touching++
		if last == "" {
			last = c.date
		}
		first = c.date
		for _, ch := range c.changes {
			rel, ok := b.h.files[ch.path]
			if !ok {
				continue // deleted since, or outside the ISMS
			}
			fh := files[rel]
			if fh == nil {
				fh = &fileHistory{last: -1, authors: map[string]bool{}}
				files[rel] = fh
			}
			if fh.last == i {
				continue
			}
			fh.changes++
			if len(fh.kept) < b.max {
				fh.kept = append(fh.kept, i)
				need[i] = true
			}
			fh.first, fh.last = i, i
			fh.authors[c.author] = true
		}
	}
	for _, fh := range files {
		need[fh.first] = true
	}
	shas := make([]string, 0, len(need))
	for i := range need {
		shas = append(shas, b.h.commits[i].sha)
	}
	sort.Strings(shas)
	var err error
	if b.signed, err = signedCommits(ctx, r, b.repo.top, shas); err != nil {
		return nil, err
	}

	rels := make([]string, 0, len(files))
	for rel := range files {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	docs := make([]evidence.Document, 0, len(rels)+1)
	for _, rel := range rels {
		docs = append(docs, b.file(rel, files[rel]))
	}
	repo := b.newDocument(KindRepository, b.repo.ismsPath(), b.root)
	repo.Data = map[string]any{
		"isms_path":         b.repo.ismsPath(),
		"head":              nullable(b.repo.head),
		"shallow":           false,
		"commits":           b.touching,
		"first_commit_date": nullable(first),
		"last_commit_date":  nullable(last),
	}
	docs = append(docs, repo)
	return docs, sealAll(docs)
}

// sealAll seals the documents on every core: canonical JSON and its digest cost more than
// the whole history walk, and each document is independent.
func sealAll(docs []evidence.Document) error {
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				errs[i] = docs[i].Seal()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (b *builder) file(rel string, fh *fileHistory) evidence.Document {
	d := b.newDocument(KindFile, rel, filepath.Join(b.root, filepath.FromSlash(rel)))
	commits := make([]commitEntry, len(fh.kept))
	for k, i := range fh.kept {
		commits[k] = b.entry(i)
	}
	authors := make([]string, 0, len(fh.authors))
	for a := range fh.authors {
		authors = append(authors, a)
	}
	sort.Strings(authors)
	d.Data = map[string]any{
		"path":         rel,
		"changes":      fh.changes,
		"first_change": b.entry(fh.first),
		"last_change":  commits[0],
		"authors":      authors,
		"commits":      commits,
	}
	return d
}

// commitEntry is one commit of a file as the evidence lists it. A struct, not a map: Seal
// encodes it faster, and turns it into the same JSON.
type commitEntry struct {
	SHA         string   `json:"sha"`
	Date        string   `json:"date"`
	Author      string   `json:"author"`
	Signed      bool     `json:"signed"`
	PullRequest bool     `json:"pull_request"`
	ReviewedBy  []string `json:"reviewed_by"`
	Reviewed    bool     `json:"reviewed"`
}

// entry describes one change. It counts as reviewed when the commit is signed, came in
// through a pull request, or names a reviewer in a Reviewed-by trailer.
func (b *builder) entry(i int) commitEntry {
	c := b.h.commits[i]
	signed, pr := b.signed[c.sha], b.h.pr[i]
	return commitEntry{
		SHA: c.sha, Date: c.date, Author: c.author, Signed: signed, PullRequest: pr,
		ReviewedBy: c.reviewedBy, Reviewed: signed || pr || len(c.reviewedBy) > 0,
	}
}

func (b *builder) newDocument(kind, id, source string) evidence.Document {
	return evidence.New(kind, id, b.now, evidence.Provenance{Collector: CollectorName, CollectorVersion: b.opts.Version, Source: source})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
