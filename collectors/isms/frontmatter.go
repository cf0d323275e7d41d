package isms

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ismscheck/ismscheck/internal/yamlerr"
)

// FrontMatter is what a Markdown file says about itself: the YAML block between a first
// line "---" and the next "---" (or "...") line, and the headings of the body.
type FrontMatter struct {
	Present  bool           `json:"present"`  // the file opens a front matter block
	Meta     map[string]any `json:"meta"`     // every front matter key, secrets redacted
	Lines    map[string]int `json:"lines"`    // top-level key -> 1-based line in the file
	Headings []string       `json:"headings"` // ATX heading texts outside fenced code
	// Body is the Markdown after the front matter (the whole file without one), and
	// BodyLine its first line in the file, for reading a control block in the body.
	Body     []byte `json:"-"`
	BodyLine int    `json:"-"`
}

var utf8BOM = []byte("\xef\xbb\xbf")

// ParseFrontMatter reads a Markdown file. Errors are *SyntaxError with a line in src; the
// FrontMatter returned with an error still says whether front matter is present and, when
// the block is closed, holds the body's headings.
func ParseFrontMatter(src []byte) (FrontMatter, error) {
	fm := FrontMatter{Meta: map[string]any{}, Lines: map[string]int{}, Headings: []string{}}
	src = bytes.TrimPrefix(src, utf8BOM)
	ends := yamlerr.LineEnds(src)
	lineAt := func(i int) string { // i is 0-based
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		return strings.TrimRight(string(src[start:ends[i]]), " \t\r\n")
	}
	if lineAt(0) != "---" {
		fm.Headings = headings(src)
		fm.Body, fm.BodyLine = src, 1
		return fm, nil
	}
	fm.Present = true
	closing := -1
	for i := 1; i < len(ends); i++ {
		if l := lineAt(i); l == "---" || l == "..." {
			closing = i
			break
		}
	}
	if closing < 0 {
		return fm, &SyntaxError{Line: 1, Msg: "front matter opened on line 1 is never closed by a \"---\" line"}
	}
	fm.Headings = headings(src[ends[closing]:])
	fm.Body, fm.BodyLine = src[ends[closing]:], closing+2
	block := src[ends[0]:ends[closing-1]]
	// The block starts on line 2, so a line in the block is one less than in the file.
	const offset = 1
	root, perr := parseYAML(block)
	if perr != nil {
		perr.Line += offset
		return fm, perr
	}
	if root == nil {
		return fm, nil
	}
	c := newConverter(block)
	c.offset = offset
	if root.Kind != yaml.MappingNode {
		return fm, c.errorAt(root, "front matter must be a mapping of keys to values, not a %s", kindName(root))
	}
	meta, _, lines, err := c.mapping(root, 0, "")
	if err != nil {
		return fm, err
	}
	fm.Lines = lines
	fm.Meta = redact(meta).(map[string]any)
	return fm, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "single value"
}

// headings lists the ATX headings ("## Scope") of a Markdown body, skipping fenced code
// blocks, where a "#" line is a shell comment, not a heading.
func headings(body []byte) []string {
	out := []string{}
	var fence byte // '`' or '~' while inside a fenced block
	var fenceLen int
	for _, raw := range strings.Split(string(body), "\n") {
		line := strings.TrimRight(raw, "\r")
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if indent > 3 {
			continue
		}
		rest := line[indent:]
		if c, n := fenceRun(rest); n >= 3 {
			switch {
			case fence == 0 && (c == '~' || !strings.ContainsRune(rest[n:], '`')):
				fence, fenceLen = c, n
				continue
			case fence == c && n >= fenceLen && strings.TrimSpace(rest[n:]) == "":
				fence = 0
				continue
			}
		}
		if fence != 0 {
			continue
		}
		if text, ok := atxHeading(rest); ok && text != "" {
			out = append(out, strings.ToValidUTF8(text, "\uFFFD"))
		}
	}
	return out
}

func fenceRun(s string) (byte, int) {
	if s == "" || (s[0] != '`' && s[0] != '~') {
		return 0, 0
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	return s[0], n
}

// atxHeading returns the text of an ATX heading line (indentation already removed),
// without its optional closing run of "#".
func atxHeading(s string) (string, bool) {
	level := 0
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return "", false
	}
	rest := s[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false // "#hashtag" is not a heading
	}
	text := strings.TrimRight(rest, " \t")
	if t := strings.TrimRight(text, "#"); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t") {
		text = t
	}
	return strings.TrimSpace(text), true
}
