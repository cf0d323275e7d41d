package git

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMain keeps the machine's git configuration out of every test, including the
// collector's own git calls: the tests that want hostile settings set them per repository.
func TestMain(m *testing.M) {
	os.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	os.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	os.Exit(m.Run())
}

// testRepo builds a throwaway repository with commits at fixed dates.
type testRepo struct {
	t   testing.TB
	dir string
}

func newTestRepo(t testing.TB, dir string) *testRepo {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	r := &testRepo{t: t, dir: dir}
	r.git(nil, "init", "-q", "-b", "main")
	return r
}

// env makes author and committer the same person at 10:00 UTC on date (YYYY-MM-DD).
func env(author, date string) []string {
	name, email := author, strings.ToLower(strings.Fields(author)[0])+"@example.com"
	stamp := date + "T10:00:00+00:00"
	return []string{
		"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_AUTHOR_DATE=" + stamp,
		"GIT_COMMITTER_NAME=" + name, "GIT_COMMITTER_EMAIL=" + email, "GIT_COMMITTER_DATE=" + stamp,
	}
}

func (r *testRepo) git(extraEnv []string, args ...string) string {
	r.t.Helper()
	return runGit(r.t, r.dir, extraEnv, args...)
}

func runGit(t testing.TB, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	out, err := execGit(dir, extraEnv, args...).CombinedOutput()
	require.NoError(t, err, "git %s: %s", strings.Join(args, " "), out)
	return strings.TrimSpace(string(out))
}

func execGit(dir string, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extraEnv...)
	return cmd
}

// write sets file contents; an empty content deletes the file.
func (r *testRepo) write(files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			require.NoError(r.t, os.Remove(p))
			continue
		}
		require.NoError(r.t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(r.t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// commit writes files and commits them all; it returns the new commit's sha.
func (r *testRepo) commit(date, author, msg string, files map[string]string) string {
	r.t.Helper()
	r.write(files)
	r.git(nil, "add", "-A")
	r.git(env(author, date), "commit", "-q", "--allow-empty", "-m", msg)
	return r.git(nil, "rev-parse", "HEAD")
}

// commitSigned makes a commit carrying an SSH signature header. The collector only looks
// for the header, so a placeholder signature does, and no key or signing tool is needed.
func (r *testRepo) commitSigned(date, author, msg string, files map[string]string) string {
	r.t.Helper()
	r.write(files)
	r.git(nil, "add", "-A")
	tree := r.git(nil, "write-tree")
	parent := r.git(nil, "rev-parse", "HEAD")
	when, err := time.Parse(time.DateOnly, date)
	require.NoError(r.t, err)
	who := fmt.Sprintf("%s <%s@example.com> %d +0000", author, strings.ToLower(author), when.Add(10*time.Hour).Unix())
	obj := fmt.Sprintf("tree %s\nparent %s\nauthor %s\ncommitter %s\n"+
		"gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lHAAAAAQ==\n -----END SSH SIGNATURE-----\n\n%s\n",
		tree, parent, who, who, msg)
	f := filepath.Join(r.t.TempDir(), "commit")
	require.NoError(r.t, os.WriteFile(f, []byte(obj), 0o644))
	sha := r.git(nil, "hash-object", "-t", "commit", "-w", f)
	r.git(nil, "update-ref", "HEAD", sha)
	return sha
}

// merge merges branch into the current branch with a merge commit.
func (r *testRepo) merge(date, author, msg, branch string) string {
	r.t.Helper()
	r.git(env(author, date), "merge", "-q", "--no-ff", "-m", msg, branch)
	return r.git(nil, "rev-parse", "HEAD")
}

func (r *testRepo) checkout(args ...string) {
	r.t.Helper()
	r.git(nil, append([]string{"checkout", "-q"}, args...)...)
}
