package git

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkHistory collects a synthetic ISMS history of 2,000 commits over 300 files (plus
// code outside the ISMS, a pull request merge about every dozen commits) and, on the same
// repository, runs the plain `git log --no-renames --name-status` that is the floor.
//
//	go test -run '^$' -bench History -benchtime 20x ./collectors/git/
//
// On the development machine (2 vCPU shared with other jobs, git 2.39, Go 1.26), medians
// of -count 5:
//
//	BenchmarkHistory/collect              182 ms/op  (301 documents)
//	BenchmarkHistory/walk                  97 ms/op  (rev-parse, ls-tree, git log, parse, PR tracing)
//	BenchmarkHistory/git-log-name-status   78 ms/op  (the floor)
//
// The walk is 1.25x the bare `git log`: %(trailers) and --full-history cost about 15 ms.
// The rest of collect is sealing 590 KB of evidence (evidence.Seal: JSON round trip and JCS
// canonicalisation, about 70% of the Go CPU time), which no history walk can avoid.
func BenchmarkHistory(b *testing.B) {
	dir := syntheticRepo(b, 2000, 300)
	root := filepath.Join(dir, "isms")
	b.Run("collect", func(b *testing.B) {
		for b.Loop() {
			docs, _, err := Collect(context.Background(), Options{Root: root})
			if err != nil || len(docs) != 301 {
				b.Fatalf("%d documents, %v", len(docs), err)
			}
		}
	})
	// The walk alone: rev-parse, ls-tree, the one git log, parsing and pull-request tracing.
	b.Run("walk", func(b *testing.B) {
		r := newRunner("")
		for b.Loop() {
			repo, err := locate(context.Background(), r, root)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := readHistory(context.Background(), r, repo); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("git-log-name-status", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.Command("git", "-C", dir, "log", "--no-renames", "--name-status", "-z", "--", "isms")
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// syntheticRepo writes a history with git fast-import: commits on main that change one to
// three files (one in five outside isms/), and every tenth round a pull request of three
// commits merged with a merge commit. Seeded, so every run builds the same repository.
func syntheticRepo(b *testing.B, commits, files int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "repo")
	runGit(b, filepath.Dir(dir), nil, "init", "-q", "-b", "main", dir)
	rng := rand.New(rand.NewPCG(1, 2))
	var s bytes.Buffer
	mark, when := 0, int64(1767261600) // 2026-01-01 10:00 UTC
	version := map[string]int{}
	// All files exist from the first commit, so the ISMS has exactly `files` files.
	path := func(i int) string { return fmt.Sprintf("isms/area-%02d/doc-%03d.md", i%12, i) }
	ismsFile := func() string { return path(rng.IntN(files)) }
	write := func(ref, msg string, from, merge int, changed []string) int {
		mark++
		when += 3600
		author := []string{"Alice", "Bob", "Carol", "Dana"}[rng.IntN(4)]
		fmt.Fprintf(&s, "commit %s\nmark :%d\n", ref, mark)
		fmt.Fprintf(&s, "author %s <%s@example.com> %d +0000\ncommitter %s <%s@example.com> %d +0000\n", author, author, when, author, author, when)
		fmt.Fprintf(&s, "data %d\n%s\n", len(msg), msg)
		if from > 0 {
			fmt.Fprintf(&s, "from :%d\n", from)
		}
		if merge > 0 {
			fmt.Fprintf(&s, "merge :%d\n", merge)
		}
		for _, p := range changed {
			content := fmt.Sprintf("# %s\n\nversion %d\n", p, version[p])
			fmt.Fprintf(&s, "M 100644 inline %s\ndata %d\n%s\n", p, len(content), content)
		}
		return mark
	}
	all := make([]string, files)
	for i := range all {
		all[i] = path(i)
	}
	main := write("refs/heads/main", "Initial ISMS", 0, 0, append(all, "src/main.go"))
	for n, round := 1, 0; n < commits; round++ {
		if round%10 == 9 && n+4 <= commits {
			tip, changed := main, []string{}
			for k := 0; k < 3; k++ {
				p := ismsFile()
				version[p]++
				tip = write(fmt.Sprintf("refs/heads/pr-%d", round), fmt.Sprintf("Work %d.%d", round, k), tip, 0, []string{p})
				changed = append(changed, p)
			}
			main = write("refs/heads/main", fmt.Sprintf("Merge pull request #%d from acme/pr-%d", round, round), main, tip, changed)
			n += 4
			continue
		}
		var changed []string
		for k := rng.IntN(3); k >= 0; k-- {
			p := ismsFile()
			if rng.IntN(5) == 0 {
				p = fmt.Sprintf("src/file-%02d.go", rng.IntN(50))
			}
			version[p]++
			changed = append(changed, p)
		}
		msg := fmt.Sprintf("Change %d", round)
		switch rng.IntN(4) {
		case 0:
			msg += fmt.Sprintf(" (#%d)", 1000+round)
		case 1:
			msg += "\n\nReviewed-by: Erin <erin@example.com>"
		}
		main = write("refs/heads/main", msg, main, 0, changed)
		n++
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = &s
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("fast-import: %v: %s", err, out)
	}
	runGit(b, dir, nil, "checkout", "-q", "-f", "main")
	return dir
}
