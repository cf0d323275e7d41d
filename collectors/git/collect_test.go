package git

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
)

var collectedAt = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func collect(t *testing.T, opts Options) ([]evidence.Document, evidence.Coverage) {
	t.Helper()
	opts.Version = "test"
	opts.Now = func() time.Time { return collectedAt }
	docs, cov, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	return docs, cov
}

// wantChange is the expected evidence of one commit.
func wantChange(sha, date, author string, signed, pr bool, reviewers ...string) map[string]any {
	if reviewers == nil {
		reviewers = []string{}
	}
	return map[string]any{
		"sha": sha, "date": date, "author": author, "signed": signed, "pull_request": pr,
		"reviewed_by": reviewers, "reviewed": signed || pr || len(reviewers) > 0,
	}
}

func fileData(path string, changes int, authors []string, commits ...map[string]any) map[string]any {
	list := make([]any, len(commits))
	for i, c := range commits {
		list[i] = c
	}
	return map[string]any{
		"path": path, "changes": changes, "first_change": commits[len(commits)-1], "last_change": commits[0],
		"authors": authors, "commits": list,
	}
}

func assertData(t *testing.T, want map[string]any, d evidence.Document) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(d.Data)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g), "%s %s", d.Kind, d.ID)
}

func ids(docs []evidence.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Kind + " " + d.ID
	}
	return out
}

// shas of the scenario built by buildCorpRepo.
type corp struct {
	dir                                            string
	c1, f1, f2, c3, m1, c4, c5, h1, m2, s1, d1, m3 string
}

// buildCorpRepo is a product repository whose ISMS lives in isms/: a pull request merged
// with a merge commit, a squash-merged pull request, a Reviewed-by trailer, a branch merged
// without a pull request, a signed commit, a deleted document, and files outside the ISMS.
func buildCorpRepo(t *testing.T) corp {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corp")
	r := newTestRepo(t, dir)
	var c corp
	c.dir = dir
	c.c1 = r.commit("2026-01-05", "Alice", "Add access control policy", map[string]string{
		"isms/policies/access-control.md": "v1\n", "isms/procedures/old.md": "old\n", "README.md": "corp\n",
	})
	r.commit("2026-01-06", "Carol", "Build the app", map[string]string{"src/app.go": "package app\n"})
	r.checkout("-b", "feat")
	c.f1 = r.commit("2026-01-10", "Bob", "Tighten access reviews", map[string]string{"isms/policies/access-control.md": "v2\n"})
	c.f2 = r.commit("2026-01-11", "Bob", "Add risk register", map[string]string{"isms/registers/risks.csv": "id\nR-01\n"})
	r.checkout("main")
	c.c3 = r.commit("2026-01-12", "Alice", "Add backup policy\n\nReviewed-by: Dana Lee <dana@example.com>", map[string]string{
		"isms/policies/backup.md": "b1\n", "isms-old/notes.md": "not the ISMS\n",
	})
	c.m1 = r.merge("2026-01-15", "Erin", "Merge pull request #12 from corp/feat", "feat")
	c.c4 = r.commit("2026-02-01", "Alice", "Update backup policy (#34)", map[string]string{"isms/policies/backup.md": "b2\n"})
	c.c5 = r.commit("2026-02-03", "Bob", "Tidy up", map[string]string{"isms/procedures/old.md": "", "isms/policies/access-control.md": "v3\n"})
	r.checkout("-b", "hotfix")
	c.h1 = r.commit("2026-02-05", "Bob", "Fix typo", map[string]string{"isms/policies/access-control.md": "v4\n"})
	r.checkout("main")
	c.m2 = r.merge("2026-02-06", "Erin", "Merge branch 'hotfix'", "hotfix")
	c.s1 = r.commitSigned("2026-02-10", "Carol", "Add owner column", map[string]string{"isms/registers/risks.csv": "id,owner\nR-01,CISO\n"})
	// A pull request while main only changed code: for the ISMS path the merge is the same as
	// its branch, which git's default history simplification would hide.
	r.checkout("-b", "docs")
	c.d1 = r.commit("2026-02-12", "Bob", "Clarify backup scope", map[string]string{"isms/policies/backup.md": "b3\n"})
	r.checkout("main")
	r.commit("2026-02-13", "Carol", "Speed up the app", map[string]string{"src/app.go": "package app // fast\n"})
	c.m3 = r.merge("2026-02-14", "Erin", "Merge pull request #15 from corp/docs", "docs")
	return c
}

func TestCollectISMSInSubdirectory(t *testing.T) {
	c := buildCorpRepo(t)
	docs, cov := collect(t, Options{Root: filepath.Join(c.dir, "isms")})

	require.Equal(t, []string{
		"git.file policies/access-control.md", "git.file policies/backup.md",
		"git.file registers/risks.csv", "git.repository isms",
	}, ids(docs), "the deleted procedure and the files outside isms/ are not reported")

	assertData(t, fileData("policies/access-control.md", 4, []string{"Alice", "Bob"},
		wantChange(c.h1, "2026-02-05", "Bob", false, false), // merged without a pull request
		wantChange(c.c5, "2026-02-03", "Bob", false, false),
		wantChange(c.f1, "2026-01-10", "Bob", false, true),    // on the branch of pull request #12
		wantChange(c.c1, "2026-01-05", "Alice", false, false), // before the branch: not part of it
	), docs[0])
	assertData(t, fileData("policies/backup.md", 3, []string{"Alice", "Bob"},
		wantChange(c.d1, "2026-02-12", "Bob", false, true),
		wantChange(c.c4, "2026-02-01", "Alice", false, true), // squash merge "(#34)"
		wantChange(c.c3, "2026-01-12", "Alice", false, false, "Dana Lee"),
	), docs[1])
	assertData(t, fileData("registers/risks.csv", 2, []string{"Bob", "Carol"},
		wantChange(c.s1, "2026-02-10", "Carol", true, false),
		wantChange(c.f2, "2026-01-11", "Bob", false, true),
	), docs[2])
	assertData(t, map[string]any{
		"isms_path": "isms", "head": c.m3, "shallow": false, "commits": 9,
		"first_commit_date": "2026-01-05", "last_commit_date": "2026-02-12",
	}, docs[3])

	for _, d := range docs {
		assert.True(t, d.Complete)
		assert.Equal(t, collectedAt, d.CollectedAt)
		assert.Equal(t, "git", d.Provenance.Collector)
		assert.Equal(t, "test", d.Provenance.CollectorVersion)
		assert.NotEmpty(t, d.Digest, "sealed")
	}
	assert.Equal(t, filepath.Join(c.dir, "isms", "policies", "backup.md"), docs[1].Provenance.Source)

	assert.Equal(t, evidence.CoverageOK, cov.Status)
	assert.Equal(t, 3, cov.Expected)
	assert.Equal(t, 3, cov.Collected)
	assert.Empty(t, cov.Errors)
	assert.Equal(t, 9, cov.Stats["commits"])
}

func TestCollectIsDeterministic(t *testing.T) {
	c := buildCorpRepo(t)
	first, _ := collect(t, Options{Root: filepath.Join(c.dir, "isms")})
	// From another working directory and through a relative root: same ids, same digests.
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(c.dir))
	t.Cleanup(func() { _ = os.Chdir(wd) })
	again, _ := collect(t, Options{Root: "isms"})
	require.Equal(t, ids(first), ids(again))
	for i := range first {
		assert.Equal(t, first[i].Digest, again[i].Digest, first[i].ID)
	}
	assert.Equal(t, evidence.SetDigest(first), evidence.SetDigest(again))
}

func TestMaxCommitsPerFileKeepsTheNewestAndExactCounts(t *testing.T) {
	c := buildCorpRepo(t)
	docs, _ := collect(t, Options{Root: filepath.Join(c.dir, "isms"), MaxCommitsPerFile: 2})
	d := docs[0]
	require.Equal(t, "policies/access-control.md", d.ID)
	assert.Equal(t, json.Number("4"), d.Data["changes"])
	commits := d.Data["commits"].([]any)
	require.Len(t, commits, 2)
	assert.Equal(t, c.h1, commits[0].(map[string]any)["sha"])
	assert.Equal(t, c.c5, commits[1].(map[string]any)["sha"])
	assert.Equal(t, c.c1, d.Data["first_change"].(map[string]any)["sha"], "the first change survives the cut")
	assert.Equal(t, []any{"Alice", "Bob"}, d.Data["authors"], "authors of every change, not only the kept ones")
}

// An ISMS at the top of its own repository, with settings that would change git's output
// if the collector did not override them, file names that git would otherwise quote, and a
// conflict resolved in the merge of a pull request (the merge itself changed the file).
func TestCollectISMSAtTopIgnoresUserSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "isms")
	r := newTestRepo(t, dir)
	for _, kv := range [][2]string{
		{"log.showSignature", "true"}, {"log.decorate", "full"}, {"color.ui", "always"},
		{"diff.relative", "true"}, {"log.showRoot", "false"}, {"diff.renames", "copies"},
		{"log.follow", "true"}, {"core.quotePath", "true"}, {"i18n.logOutputEncoding", "ISO-8859-1"},
		{"log.abbrevCommit", "true"}, {"format.pretty", "oneline"}, {"log.date", "relative"},
	} {
		r.git(nil, "config", kv[0], kv[1])
	}
	a := r.commit("2026-03-01", "José", "Première version", map[string]string{
		"policies/sécurité.md": "v1\n", "policies/with space.md": "a\n", "ismscheck.yaml": "x: 1\n",
	})
	r.checkout("-b", "reword")
	b := r.commit("2026-03-02", "Bob", "Reword", map[string]string{"policies/sécurité.md": "v2-branch\n"})
	r.checkout("main")
	m := r.commitSigned("2026-03-03", "Zoe", "Edit on main", map[string]string{"policies/sécurité.md": "v2-main\n"})
	// The merge stops on the conflict; resolving it makes the merge commit change the file.
	_ = execGit(dir, env("Erin", "2026-03-04"), "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from x/reword", "reword").Run()
	r.write(map[string]string{"policies/sécurité.md": "v2-resolved\n"})
	r.git(nil, "add", "-A")
	r.git(env("Erin", "2026-03-04"), "commit", "-q", "--no-edit")
	merge := r.git(nil, "rev-parse", "HEAD")

	docs, cov := collect(t, Options{Root: dir})
	require.Equal(t, evidence.CoverageOK, cov.Status, cov.Errors)
	require.Equal(t, []string{
		"git.file ismscheck.yaml", "git.file policies/sécurité.md", "git.file policies/with space.md", "git.repository .",
	}, ids(docs))
	assertData(t, fileData("policies/sécurité.md", 4, []string{"Bob", "Erin", "José", "Zoe"},
		wantChange(merge, "2026-03-04", "Erin", false, true), // the conflict resolution
		wantChange(m, "2026-03-03", "Zoe", true, false),
		wantChange(b, "2026-03-02", "Bob", false, true),
		wantChange(a, "2026-03-01", "José", false, false),
	), docs[1])
	assertData(t, fileData("policies/with space.md", 1, []string{"José"}, wantChange(a, "2026-03-01", "José", false, false)), docs[2])
	assertData(t, map[string]any{
		"isms_path": ".", "head": merge, "shallow": false, "commits": 4,
		"first_commit_date": "2026-03-01", "last_commit_date": "2026-03-04",
	}, docs[3])
}

func TestShallowCloneIsSkippedWithTheReason(t *testing.T) {
	c := buildCorpRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, t.TempDir(), nil, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(c.dir), clone)

	docs, cov := collect(t, Options{Root: filepath.Join(clone, "isms")})
	assert.Empty(t, docs, "no git.file evidence: history rules are skipped, never passed")
	assert.Equal(t, evidence.CoverageSkipped, cov.Status)
	assert.Equal(t, []evidence.Error{{Message: ShallowMessage}}, cov.Errors)
	assert.Equal(t, "shallow clone: Git history is incomplete; fetch the full history (actions/checkout: fetch-depth: 0)", ShallowMessage)
}

func TestNotARepositoryIsSkipped(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.md"), []byte("# Policy\n"), 0o644))

	docs, cov := collect(t, Options{Root: dir})
	assert.Empty(t, docs)
	assert.Equal(t, evidence.CoverageSkipped, cov.Status)
	require.Len(t, cov.Errors, 1)
	assert.Equal(t, "the ISMS root "+dir+" is not in a Git repository: there is no history to check", cov.Errors[0].Message)
}

func TestRepositoryWithoutCommits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	newTestRepo(t, dir)
	docs, cov := collect(t, Options{Root: dir})
	require.Equal(t, []string{"git.repository ."}, ids(docs))
	assertData(t, map[string]any{
		"isms_path": ".", "head": nil, "shallow": false, "commits": 0, "first_commit_date": nil, "last_commit_date": nil,
	}, docs[0])
	assert.Equal(t, evidence.CoverageOK, cov.Status)
}

func TestUntrackedISMSDirectoryHasNoFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	r := newTestRepo(t, dir)
	r.commit("2026-01-01", "Alice", "Start", map[string]string{"README.md": "x\n"})
	r.write(map[string]string{"isms/policy.md": "new\n"})
	docs, cov := collect(t, Options{Root: filepath.Join(dir, "isms")})
	require.Equal(t, []string{"git.repository isms"}, ids(docs), "an untracked file has no history")
	assert.Equal(t, json.Number("0"), docs[0].Data["commits"])
	assert.Equal(t, evidence.CoverageOK, cov.Status)
}

func TestGitMissingOrRootMissingIsAnError(t *testing.T) {
	dir := t.TempDir()
	_, cov, err := Collect(context.Background(), Options{Root: dir, Git: filepath.Join(dir, "no-such-git")})
	require.Error(t, err)
	assert.Equal(t, evidence.CoverageError, cov.Status)
	assert.Contains(t, cov.Errors[0].Message, "cannot run git rev-parse")

	_, cov, err = Collect(context.Background(), Options{Root: filepath.Join(dir, "nope")})
	require.Error(t, err)
	assert.Equal(t, evidence.CoverageError, cov.Status)
	assert.Contains(t, cov.Errors[0].Message, "ISMS root")
}

// The history is walked once: the number of git invocations does not grow with the number
// of files, and there is exactly one `git log`.
func TestHistoryIsWalkedOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as the git binary")
	}
	calls := func(files int) []string {
		dir := filepath.Join(t.TempDir(), "repo")
		r := newTestRepo(t, dir)
		for i := 0; i < files; i++ {
			r.commit("2026-01-01", "Alice", "Add", map[string]string{filepath.Join("isms", "doc"+strings.Repeat("x", i)+".md"): "v1\n"})
		}
		r.commit("2026-01-02", "Bob", "Edit all", map[string]string{"isms/doc.md": "v2\n"})
		log := filepath.Join(t.TempDir(), "calls.log")
		wrapper := filepath.Join(t.TempDir(), "git")
		require.NoError(t, os.WriteFile(wrapper, []byte("#!/bin/sh\necho \"$1 $2 $3 $4\" >> '"+log+"'\nexec git \"$@\"\n"), 0o755))
		docs, _ := collect(t, Options{Root: filepath.Join(dir, "isms"), Git: wrapper})
		require.Len(t, docs, files+1)
		raw, err := os.ReadFile(log)
		require.NoError(t, err)
		return strings.Split(strings.TrimSpace(string(raw)), "\n")
	}
	few, many := calls(2), calls(25)
	assert.Len(t, many, len(few), "git calls must not depend on the number of files")
	assert.Len(t, few, 5, "rev-parse, rev-parse HEAD, ls-tree, log, cat-file: %q", few)
	logs := 0
	for _, c := range many {
		if strings.Contains(c, " log ") {
			logs++
		}
	}
	assert.Equal(t, 1, logs, "%q", many)
}
