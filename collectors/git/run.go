package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// runner starts git with an environment that makes its output predictable: English error
// messages (so "not a git repository" can be recognised) and literal pathspecs (so an ISMS
// directory named "[draft]" or "*" means itself).
type runner struct {
	git string
	env []string
}

func newRunner(git string) runner {
	if git == "" {
		git = "git"
	}
	env := append(os.Environ(),
		"LC_ALL=C", "LANGUAGE=",
		"GIT_LITERAL_PATHSPECS=1", "GIT_GLOB_PATHSPECS=0", "GIT_NOGLOB_PATHSPECS=0", "GIT_ICASE_PATHSPECS=0",
		"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0",
	)
	return runner{git: git, env: env}
}

// gitError is a git command that could not start or exited non-zero.
type gitError struct {
	args   []string
	code   int // exit code; -1 when git could not be started
	stderr string
	err    error
}

func (e *gitError) Error() string {
	cmd := "git"
	if len(e.args) > 0 {
		cmd += " " + e.args[0]
	}
	if e.code < 0 {
		return fmt.Sprintf("cannot run %s: %v", cmd, e.err)
	}
	if e.stderr != "" {
		return fmt.Sprintf("%s: %s", cmd, e.stderr)
	}
	return fmt.Sprintf("%s: %v", cmd, e.err)
}

func (e *gitError) Unwrap() error { return e.err }

// run executes git -C dir args... and returns its standard output.
func (r runner) run(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, r.git, append([]string{"-C", dir}, args...)...)
	cmd.Env = r.env
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	ge := &gitError{args: args, code: -1, stderr: firstLine(stderr.String()), err: err}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		ge.code = exit.ExitCode()
	}
	return stdout.Bytes(), ge
}

// firstLine keeps the first non-empty line of git's stderr: the "fatal: ..." that says why.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// notARepository tells a directory outside any repository apart from a git that failed.
func notARepository(err error) bool {
	var ge *gitError
	return errors.As(err, &ge) && ge.code > 0 && strings.Contains(ge.stderr, "not a git repository")
}
