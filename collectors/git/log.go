package git

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// logFormat starts each commit with \x1e and separates fields with \x1f. The subject comes
// last, so a stray separator inside it cannot shift the other fields. %aN applies .mailmap;
// %aI is the author date in the author's own time zone. The signature is not asked for
// here: %G? runs gpg or ssh-keygen once per signed commit and says "N" (unsigned) when
// the verifier or its allowed-signers file is missing, as it usually is in CI.
const logFormat = "%x1e%H%x1f%P%x1f%aN%x1f%aI%x1f%(trailers:key=Reviewed-by,valueonly,unfold,separator=%x1d)%x1f%s"

// logArgs is the one history walk. --full-history with parent rewriting (--parents) keeps
// every merge and every commit that touched the path, linked to each other, so pull-request
// branches can be traced; combined diffs (-c) report a merge only for what it changed
// itself (a conflict resolution), never again for what its branch already did. The --no-*
// options neutralise user configuration that would change the output (log.showSignature,
// log.follow, diff.relative, log.decorate, color.ui, diff.renames, log.showRoot).
func logArgs(pathspec string) []string {
	args := []string{
		"log", "--no-color", "--no-decorate", "--no-show-signature", "--no-follow", "--no-relative",
		"--encoding=UTF-8", "--root", "--full-history", "--parents", "--date-order",
		"--diff-merges=combined", "--no-renames", "--name-status", "-z",
		"--format=" + logFormat, "HEAD", "--",
	}
	if pathspec != "" {
		args = append(args, pathspec)
	}
	return args
}

// commitRecord is one commit of the walk, with the paths it changed.
type commitRecord struct {
	sha        string
	parents    []string // rewritten: the nearest ancestors that are in the walk too
	author     string
	date       string // author date, YYYY-MM-DD in the author's time zone
	subject    string
	reviewedBy []string
	changes    []change
}

type change struct {
	status string // A, M, D, T; a merge has one letter per parent ("MM")
	path   string // relative to the top of the work tree
}

// parseLog reads the NUL-separated output of logArgs. Tokens are either a commit header
// (starting with \x1e, possibly after a newline), or a status followed by its path; a path
// is always taken whole, so a file name cannot be mistaken for a header.
func parseLog(out []byte) ([]*commitRecord, error) {
	var commits []*commitRecord
	var cur *commitRecord
	for len(out) > 0 {
		tok := nextToken(&out)
		t := bytes.TrimLeft(tok, "\n")
		switch {
		case len(t) == 0:
		case t[0] == '\x1e':
			c, err := parseHeader(string(t[1:]))
			if err != nil {
				return nil, err
			}
			commits = append(commits, c)
			cur = c
		case isStatus(t) && cur != nil:
			if len(out) == 0 {
				return nil, fmt.Errorf("git log: commit %s: status %q has no path", cur.sha, t)
			}
			path := nextToken(&out)
			cur.changes = append(cur.changes, change{status: string(t), path: string(path)})
		default:
			return nil, fmt.Errorf("git log: unexpected output %q", truncate(string(tok), 60))
		}
	}
	return commits, nil
}

func nextToken(out *[]byte) []byte {
	i := bytes.IndexByte(*out, 0)
	if i < 0 {
		tok := *out
		*out = nil
		return tok
	}
	tok := (*out)[:i]
	*out = (*out)[i+1:]
	return tok
}

// isStatus matches a name-status code: letters, then an optional score ("M", "MM", "R100").
func isStatus(t []byte) bool {
	i := 0
	for i < len(t) && t[i] >= 'A' && t[i] <= 'Z' {
		i++
	}
	if i == 0 {
		return false
	}
	for ; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

func parseHeader(s string) (*commitRecord, error) {
	f := strings.SplitN(s, "\x1f", 6)
	if len(f) != 6 {
		return nil, fmt.Errorf("git log: malformed commit header %q", truncate(s, 60))
	}
	date := f[3]
	if len(date) < 10 {
		return nil, fmt.Errorf("git log: commit %s: author date %q is not ISO 8601", f[0], date)
	}
	date = date[:10]
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return nil, fmt.Errorf("git log: commit %s: author date %q is not ISO 8601", f[0], f[3])
	}
	return &commitRecord{
		sha:        f[0],
		parents:    strings.Fields(f[1]),
		author:     clean(f[2]),
		date:       date,
		reviewedBy: reviewers(f[4]),
		subject:    clean(f[5]),
	}, nil
}

// reviewers reads the Reviewed-by trailer values. Only the name is kept: the evidence names
// people, it does not collect their e-mail addresses.
func reviewers(s string) []string {
	out := []string{}
	for _, v := range strings.Split(s, "\x1d") {
		v = clean(v)
		if i := strings.LastIndex(v, "<"); i > 0 && strings.HasSuffix(v, ">") {
			v = strings.TrimSpace(v[:i])
		}
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// clean makes a name or subject safe to store: valid UTF-8, no surrounding blanks.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.TrimSpace(s)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
