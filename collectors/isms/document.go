package isms

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// collection holds what every document of one Collect call shares.
type collection struct {
	opts      Options
	root      string // Options.Root, "." when empty: what provenance names
	walkRoot  string // root with symlinks resolved: where files are read
	now       time.Time
	registers map[string][]string // validated Options.Registers
}

func (c *collection) newDocument(kind, id, source string) evidence.Document {
	return evidence.New(kind, id, c.now, evidence.Provenance{Collector: CollectorName, CollectorVersion: c.opts.Version, Source: source})
}

// document reads and parses one file. Only a failure to seal is returned as an error;
// everything wrong with the file itself is recorded on the document.
func (c *collection) document(f file) (evidence.Document, error) {
	d := c.newDocument(f.kind, f.rel, filepath.Join(c.root, filepath.FromSlash(f.rel)))
	src, readErr := readFile(filepath.Join(c.walkRoot, filepath.FromSlash(f.rel)))
	if f.kind == KindDocument {
		d.Data = c.markdownData(f.rel, src, readErr, &d)
	} else {
		d.Data = c.registerData(f.rel, src, readErr, &d)
	}
	d.Complete = len(d.Errors) == 0
	return d, d.Seal()
}

func readFile(p string) ([]byte, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFileSize {
		return nil, fmt.Errorf("file is %d bytes, more than the %d read", info.Size(), maxFileSize)
	}
	return os.ReadFile(p)
}

func (c *collection) markdownData(rel string, src []byte, readErr error, d *evidence.Document) map[string]any {
	var fm FrontMatter
	var err error
	if readErr != nil {
		fm = FrontMatter{Meta: map[string]any{}, Lines: map[string]int{}, Headings: []string{}}
		err = fmt.Errorf("cannot read: %w", readErr)
	} else {
		fm, err = ParseFrontMatter(src)
	}
	d.Errors = append(d.Errors, errorsOf(rel, err, nil)...)
	controlled := fm.Present
	if err == nil && !c.opts.Layout.empty() {
		controlled = c.applyDocumentLayout(rel, &fm)
	}
	typ, _ := fm.Meta["type"].(string)
	if err != nil && readErr == nil && fm.Present {
		typ = guessType(src)
	}
	return map[string]any{
		"path":         rel,
		"controlled":   controlled,
		"front_matter": fm.Present, // false when document control came from the body (layout)
		"type":         normalizeName(typ),
		"meta":         fm.Meta,
		"lines":        fm.Lines,
		"headings":     fm.Headings,
	}
}

// typeLine finds a top-level "type: x" line in a front matter YAML could not parse.
var typeLine = regexp.MustCompile(`^type:[ \t]*(.*?)[ \t]*(?:[ \t]#.*)?$`)

// guessType recovers the type of a Markdown file whose front matter is broken, so the
// repository still lists a broken policy as a policy (graded "error", not "missing").
func guessType(src []byte) string {
	lines := strings.Split(string(src), "\n")
	for _, l := range lines[1:] {
		l = strings.TrimRight(l, "\r")
		if t := strings.TrimRight(l, " \t"); t == "---" || t == "..." {
			break
		}
		if m := typeLine.FindStringSubmatch(l); m != nil {
			return strings.Trim(m[1], `"'`)
		}
	}
	return ""
}

func (c *collection) registerData(rel string, src []byte, readErr error, d *evidence.Document) map[string]any {
	format := "yaml"
	if strings.EqualFold(filepath.Ext(rel), ".csv") {
		format = "csv"
	}
	var reg Register
	var err error
	switch {
	case readErr != nil:
		reg, err = newRegister(), fmt.Errorf("cannot read: %w", readErr)
	case format == "csv":
		reg, err = ParseCSVRegister(src)
	default:
		reg, err = ParseYAMLRegister(src)
	}
	d.Errors = append(d.Errors, errorsOf(rel, err, reg.Problems)...)
	typ := registerType(rel, c.registers, reg.Type)
	data := map[string]any{
		"path":      rel,
		"register":  typ,
		"format":    format,
		"meta":      reg.Meta,
		"columns":   reg.Columns,
		"rows":      reg.Rows,
		"row_lines": reg.RowLines,
	}
	if !c.opts.Layout.empty() {
		columns, rows, applied := c.opts.Layout.mapRegister(typ, reg.Columns, reg.Rows)
		for _, row := range rows {
			c.opts.Layout.splitLists(row)
		}
		data["columns"], data["rows"], data["meta"] = columns, rows, c.opts.Layout.clean(reg.Meta)
		if len(applied) > 0 {
			data["column_map"] = applied // canonical -> the register's own column, for the auditor
		}
	}
	return data
}

// applyDocumentLayout fills document-control fields missing from the front matter from a
// table or blockquote in the body, types the document by path, and cleans placeholders and
// dates. A document is controlled when it has front matter or a control block.
func (c *collection) applyDocumentLayout(rel string, fm *FrontMatter) bool {
	l := c.opts.Layout
	values, lines := l.controlBlock(fm.Body, fm.BodyLine)
	for field, v := range values {
		if _, ok := fm.Meta[field]; !ok {
			fm.Meta[field], fm.Lines[field] = v, lines[field]
		}
	}
	l.vocabulary("document").apply(fm.Meta)
	if t, _ := fm.Meta["type"].(string); t == "" {
		if t := l.documentType(rel); t != "" {
			fm.Meta["type"] = t
		}
	}
	l.splitLists(fm.Meta)
	l.clean(fm.Meta)
	return fm.Present || len(values) > 0
}
