package isms

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ismscheck/ismscheck/internal/yamlerr"
)

// Limits on what one YAML text may expand to. Aliases let a few lines name millions of
// nodes ("billion laughs"); real ISMS files are far below both limits.
const (
	maxYAMLNodes = 100_000
	maxYAMLDepth = 1_000
)

// parseYAML parses src as exactly one YAML document and returns its root node, or nil
// when src holds no document at all. Errors are *SyntaxError with a line in src.
func parseYAML(src []byte) (*yaml.Node, *SyntaxError) {
	root, err := decodeYAML(src)
	if err != nil {
		return nil, yamlSyntaxError(src, err)
	}
	return root, nil
}

// decodeYAML decodes the first document and refuses a second: a register split into two
// documents would otherwise lose its second half without a word.
func decodeYAML(src []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 reports some internal states by panicking; a bad file must not crash a run.
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, err
	default:
		return nil, &SyntaxError{Line: max(next.Line, 1), Msg: "a second YAML document starts here; a file holds one document"}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root = doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" && root.Value == "" {
		return nil, nil
	}
	return root, nil
}

// yamlSyntaxError turns a yaml.v3 error into a *SyntaxError on the line at fault
// (yaml.v3 itself often names the line where the enclosing block starts).
func yamlSyntaxError(src []byte, err error) *SyntaxError {
	var se *SyntaxError
	if errors.As(err, &se) {
		se.Line = clampLine(se.Line, src)
		return se
	}
	if line, msg, ok := yamlerr.Locate(src, err); ok {
		return &SyntaxError{Line: clampLine(line, src), Msg: msg}
	}
	return &SyntaxError{Line: 1, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

// converter turns yaml.Node trees into plain Go values (string, int, float64, bool, nil,
// []any, map[string]any) that encode to JSON, keeping lines for errors.
type converter struct {
	src       []byte // the YAML text, to keep lines inside it
	offset    int    // added to every line: front matter starts on line 2 of its file
	nodes     int
	expanding map[*yaml.Node]bool // anchors being expanded, to catch one that contains itself
}

func newConverter(src []byte) *converter {
	return &converter{src: src, expanding: map[*yaml.Node]bool{}}
}

// line is n's line in the whole file.
func (c *converter) line(n *yaml.Node) int { return clampLine(n.Line, c.src) + c.offset }

func (c *converter) errorAt(n *yaml.Node, format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: c.line(n), Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// resolve follows an alias to its anchored node.
func (c *converter) resolve(n *yaml.Node) (*yaml.Node, error) {
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, c.errorAt(n, "alias *%s has no anchor", n.Value)
		}
		n = n.Alias
	}
	return n, nil
}

func (c *converter) value(n *yaml.Node, depth int) (any, error) {
	c.nodes++
	if c.nodes > maxYAMLNodes {
		return nil, c.errorAt(n, "YAML expands to more than %d nodes (too many aliases?)", maxYAMLNodes)
	}
	if depth > maxYAMLDepth {
		return nil, c.errorAt(n, "YAML is nested more than %d levels deep", maxYAMLDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth)
	case yaml.AliasNode:
		target, err := c.resolve(n)
		if err != nil {
			return nil, err
		}
		if c.expanding[target] {
			return nil, c.errorAt(n, "alias *%s refers to a value that contains it", n.Value)
		}
		c.expanding[target] = true
		defer delete(c.expanding, target)
		return c.value(target, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		m, _, _, err := c.mapping(n, depth, "")
		return m, err
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, c.errorAt(n, "unsupported YAML node")
}

// mapping converts a mapping node. It also returns the keys in document order and the
// line of each key in the file. A key equal to skip is checked but not converted (a register's rows
// are converted row by row elsewhere). Merge keys (<<) add the keys the mapping lacks.
func (c *converter) mapping(n *yaml.Node, depth int, skip string) (map[string]any, []string, map[string]int, error) {
	m := map[string]any{}
	lines := map[string]int{}
	var keys []string
	var merges []*yaml.Node
	var mergeLine int
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, err := c.resolve(n.Content[i])
		if err != nil {
			return nil, nil, nil, err
		}
		vn := n.Content[i+1]
		if kn.Kind != yaml.ScalarNode {
			return nil, nil, nil, c.errorAt(n.Content[i], "mapping key must be a plain value, not a list or mapping")
		}
		if kn.ShortTag() == "!!merge" {
			merges = append(merges, vn)
			mergeLine = c.line(n.Content[i])
			continue
		}
		key := strings.ToValidUTF8(kn.Value, "\uFFFD")
		if first, dup := lines[key]; dup {
			return nil, nil, nil, c.errorAt(n.Content[i], "duplicate key %q (first on line %d)", key, first)
		}
		lines[key] = c.line(n.Content[i])
		keys = append(keys, key)
		if skip != "" && key == skip {
			continue
		}
		v, err := c.value(vn, depth+1)
		if err != nil {
			return nil, nil, nil, err
		}
		m[key] = v
	}
	// Explicit keys win over merged ones; among merged mappings the first wins (YAML merge spec).
	for _, mn := range merges {
		sources := []*yaml.Node{mn}
		if r, err := c.resolve(mn); err == nil && r.Kind == yaml.SequenceNode {
			sources = r.Content
		}
		for _, src := range sources {
			v, err := c.value(src, depth+1)
			if err != nil {
				return nil, nil, nil, err
			}
			mm, ok := v.(map[string]any)
			if !ok {
				return nil, nil, nil, c.errorAt(src, "merge key << needs a mapping or a list of mappings")
			}
			for _, k := range sortedKeys(mm) {
				if _, have := lines[k]; have {
					continue
				}
				lines[k] = mergeLine
				keys = append(keys, k)
				if skip == "" || k != skip {
					m[k] = mm[k]
				}
			}
		}
	}
	return m, keys, lines, nil
}

// scalar converts a scalar by its resolved tag. Values JSON cannot carry (NaN, infinity,
// integers beyond 64 bits) and timestamps keep the text as written, so "2026-01-10" stays
// a date string and digests do not depend on a time zone.
func scalar(n *yaml.Node) any {
	text := strings.ToValidUTF8(n.Value, "\uFFFD")
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int":
		if i, ok := parseInt(n.Value); ok {
			return i
		}
	case "!!float":
		// yaml.v3 resolves an integer too big for int64 as a float; keep its digits instead.
		if n.Style&yaml.TaggedStyle == 0 && integerText.MatchString(n.Value) {
			return text
		}
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
	return text
}

var integerText = regexp.MustCompile(`^[-+]?[0-9][0-9_]*$`)

// parseInt reads a YAML 1.2 integer: decimal (a leading zero does not make it octal),
// or 0x, 0o, 0b with optional underscores. ok is false when it does not fit in an int.
func parseInt(s string) (int, bool) {
	plain := strings.ReplaceAll(s, "_", "")
	sign := ""
	if plain != "" && (plain[0] == '-' || plain[0] == '+') {
		sign, plain = plain[:1], plain[1:]
	}
	base := 10
	if len(plain) > 2 && plain[0] == '0' {
		switch plain[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 10 {
			plain = plain[2:]
		}
	}
	i, err := strconv.ParseInt(sign+plain, base, 64)
	if err != nil || i != int64(int(i)) {
		return 0, false
	}
	return int(i), true
}
