package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// GitHubOutput writes the counts and the verdict as GitHub Actions step outputs: one
// `name=value` line each, the form `$GITHUB_OUTPUT` takes, so a workflow reads the run
// without parsing JSON (`steps.<id>.outputs.major`). A value holding a line break uses the
// heredoc form with a delimiter the value does not contain.
func GitHubOutput(w io.Writer, r *results.Results) error {
	g, s := r.Summary.Grades, r.Summary.Statuses
	outputs := []struct{ name, value string }{
		{"major", strconv.Itoa(g[results.GradeMajor])},
		{"minor", strconv.Itoa(g[results.GradeMinor])},
		{"observation", strconv.Itoa(g[results.GradeObservation])},
		{"ofi", strconv.Itoa(g[results.GradeOFI])},
		{"pass", strconv.Itoa(s[results.StatusPass])},
		{"error", strconv.Itoa(s[results.StatusError])},
		{"skipped", strconv.Itoa(s[results.StatusSkipped])},
		{"readiness", r.Readiness.Verdict},
		{"readiness-reason", r.Readiness.Reason},
		{"stage1", r.Readiness.Stage1.Verdict},
		{"stage2", r.Readiness.Stage2.Verdict},
		{"run-id", r.Run.ID},
		{"as-of", r.Run.AsOf},
	}
	p := &printer{w: w}
	for _, o := range outputs {
		if !strings.ContainsAny(o.value, "\r\n") {
			p.f("%s=%s\n", o.name, o.value)
			continue
		}
		delim := outputDelimiter(o.value)
		p.f("%s<<%s\n%s\n%s\n", o.name, delim, o.value, delim)
	}
	return p.err
}

// outputDelimiter is derived from the value, so output stays reproducible, and lengthened
// until the value cannot end the heredoc early.
func outputDelimiter(value string) string {
	sum := sha256.Sum256([]byte(value))
	delim := "ismscheck_" + hex.EncodeToString(sum[:8])
	for i := 0; strings.Contains(value, delim); i++ {
		delim = fmt.Sprintf("%s_%d", delim, i)
	}
	return delim
}
