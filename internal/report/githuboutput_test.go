package report

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func TestGitHubOutputGolden(t *testing.T) {
	golden(t, "results.github-output", render(t, fixture(t), "github-output"))
}

// parseGitHubOutput reads the file format of $GITHUB_OUTPUT as the runner does: name=value
// lines, and name<<DELIMITER ... DELIMITER blocks.
func parseGitHubOutput(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var value []string
			for sc.Scan() && sc.Text() != delim {
				value = append(value, sc.Text())
			}
			out[name] = strings.Join(value, "\n")
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		require.True(t, ok, "line %q is neither name=value nor a heredoc", line)
		out[name] = value
	}
	return out
}

func TestGitHubOutputMatchesTheResults(t *testing.T) {
	r := fixture(t)
	got := parseGitHubOutput(t, render(t, r, "github-output"))
	for _, grade := range results.Grades {
		assert.Equal(t, strconv.Itoa(r.Summary.Grades[grade]), got[grade], grade)
	}
	assert.Equal(t, "1", got["major"], "the fixture's one major")
	assert.Equal(t, r.Readiness.Verdict, got["readiness"])
	assert.Equal(t, "not_ready", got["readiness"])
	assert.Equal(t, r.Run.ID, got["run-id"])
	assert.Equal(t, strconv.Itoa(r.Summary.Statuses[results.StatusError]), got["error"])
}

// A line break in a value cannot inject another output: the value is fenced by a delimiter
// it does not contain.
func TestGitHubOutputFencesLineBreaks(t *testing.T) {
	r := fixture(t)
	r.Readiness.Reason = "first line\nmajor=0\nismscheck_x"
	got := parseGitHubOutput(t, render(t, r, "github-output"))
	assert.Equal(t, "first line\nmajor=0\nismscheck_x", got["readiness-reason"])
	assert.Equal(t, "1", got["major"], "the injected line stays inside the value")
}
