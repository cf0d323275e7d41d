// Package yamlerr finds the line a YAML syntax error is really on. yaml.v3 often reports
// the line where the enclosing block starts ("line 2: did not find expected key" for a bad
// indent on line 5), or no line at all, which sends people to the wrong place in a long file.
package yamlerr

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var lineMsg = regexp.MustCompile(`^line (\d+): `)

// Locate returns the 1-based line and the message of a yaml.v3 error for src. The line at
// fault is the first one after which a prefix of the text fails with the same message (a
// prefix that ends before the fault either parses or fails differently); it is found by
// bisection, so a broken file costs about log2(lines) extra parses. ok is false when err is
// not a yaml.v3 syntax error.
func Locate(src []byte, err error) (line int, msg string, ok bool) {
	var typeErr *yaml.TypeError
	text := err.Error()
	if errors.As(err, &typeErr) || !strings.HasPrefix(text, "yaml: ") {
		return 0, "", false
	}
	msg, reported := split(strings.TrimPrefix(text, "yaml: "))
	ends := LineEnds(src)
	failsAt := func(line int) bool {
		var n yaml.Node
		perr := yaml.Unmarshal(src[:ends[line-1]], &n)
		if perr == nil {
			return false
		}
		m, _ := split(strings.TrimPrefix(perr.Error(), "yaml: "))
		return m == msg
	}
	lo, hi := min(max(reported, 1), len(ends)), len(ends)
	if !failsAt(hi) {
		return lo, msg, true
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if failsAt(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, msg, true
}

func split(text string) (msg string, line int) {
	if m := lineMsg.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		return text[len(m[0]):], line
	}
	return text, 0
}

// LineEnds gives, for each line of src, the offset just past it (its line break included).
// LF, CRLF and a lone CR all end a line, as they do for yaml.v3.
func LineEnds(src []byte) []int {
	var ends []int
	for i, b := range src {
		if b == '\n' || (b == '\r' && (i+1 == len(src) || src[i+1] != '\n')) {
			ends = append(ends, i+1)
		}
	}
	return append(ends, len(src))
}
