package isms

import (
	"bufio"
	"bytes"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Layout maps an organisation's own ISMS conventions onto the shape rules read. Real
// repositories name their register columns, their vocabularies and their document-control
// fields in their own way; a Layout in ismscheck.yaml says how, so no file needs rewriting.
type Layout struct {
	// Columns: register type -> canonical column -> the register's own column names.
	Columns map[string]map[string][]string
	// Values: register type -> canonical column -> the register's own value -> canonical value
	// (e.g. soa.applicable: {"Applicable": "yes", "Excluded": "no"}). Matching ignores case.
	// The key "document" maps document-control fields (e.g. type: {"Policy": "policy"}).
	Values map[string]map[string]map[string]string
	// ControlFields: document-control field -> the labels a document uses for it in a table
	// or blockquote in its body (e.g. owner: ["Document owner"]). Front matter still wins.
	ControlFields map[string][]string
	// DocumentTypes: glob relative to the root -> document type, for documents that do not
	// state their type.
	DocumentTypes map[string]string
	// Placeholders are values that mean "not filled in" beyond those rules already treat as
	// blank (TBD, TODO, "[OWNER]", "<date>"); they become null, so rules see the field as missing.
	Placeholders []string
	// DateFormats are Go time layouts of dates written other than YYYY-MM-DD ("02/01/2006");
	// matching values are rewritten as YYYY-MM-DD.
	DateFormats []string
	// SectionLists: field -> headings whose bullet or numbered list is that field's value
	// (e.g. inputs: ["Inputs considered"] for a management review's agenda).
	SectionLists map[string][]string
	// ListFields are fields whose single value is a list written in one cell, separated by
	// commas, semicolons or <br>: they become lists.
	ListFields []string
}

func (l Layout) empty() bool {
	return len(l.Columns) == 0 && len(l.Values) == 0 && len(l.ControlFields) == 0 &&
		len(l.DocumentTypes) == 0 && len(l.Placeholders) == 0 && len(l.DateFormats) == 0 &&
		len(l.SectionLists) == 0 && len(l.ListFields) == 0
}

// labelKey is how labels, column names and values are compared: lower snake case, without
// the emphasis and colons people put around labels ("**Document Owner:**" = "document_owner").
func labelKey(s string) string { return columnName(strings.Trim(strings.TrimSpace(s), "*_:"), 0) }

// mapRegister renames the register's columns and values to the canonical ones for its type.
// It returns the column map it applied (canonical -> original), for the evidence.
func (l Layout) mapRegister(typ string, columns []string, rows []map[string]any) ([]string, []map[string]any, map[string]string) {
	applied := map[string]string{}
	rename := map[string]string{}
	for canonical, names := range l.Columns[typ] {
		for _, n := range names {
			for _, col := range columns {
				if col == labelKey(n) && col != canonical {
					rename[col] = canonical
					applied[canonical] = col
				}
			}
		}
	}
	outCols := make([]string, 0, len(columns))
	for _, col := range columns {
		if to, ok := rename[col]; ok {
			col = to
		}
		outCols = append(outCols, col)
	}
	values := l.vocabulary(typ)
	outRows := make([]map[string]any, len(rows))
	for i, row := range rows {
		out := make(map[string]any, len(row))
		for k, v := range row {
			if to, ok := rename[k]; ok {
				k = to
			}
			out[k] = v
		}
		values.apply(out)
		outRows[i] = l.clean(out)
	}
	return outCols, outRows, applied
}

// vocabulary is Values for one register type (or "document"), keyed by labelKey of the
// organisation's own value so matching ignores case and punctuation.
type vocabulary map[string]map[string]string

func (l Layout) vocabulary(typ string) vocabulary {
	v := vocabulary{}
	for field, m := range l.Values[typ] {
		v[field] = map[string]string{}
		for from, to := range m {
			v[field][labelKey(from)] = to
		}
	}
	return v
}

// apply rewrites the fields of m whose value the vocabulary knows to the canonical value.
func (v vocabulary) apply(m map[string]any) {
	for field, known := range v {
		if s, ok := m[field].(string); ok {
			if to, ok := known[labelKey(s)]; ok {
				m[field] = to
			}
		}
	}
}

// clean turns placeholders into null and other date forms into YYYY-MM-DD, at any depth.
func (l Layout) clean(m map[string]any) map[string]any {
	for k, v := range m {
		m[k] = l.cleanValue(v)
	}
	return m
}

func (l Layout) cleanValue(v any) any {
	switch x := v.(type) {
	case string:
		t := strings.TrimSpace(x)
		for _, p := range l.Placeholders {
			if strings.EqualFold(t, strings.TrimSpace(p)) {
				return nil
			}
		}
		for _, f := range l.DateFormats {
			if d, err := time.Parse(f, t); err == nil {
				return d.Format("2006-01-02")
			}
		}
		return x
	case map[string]any:
		return l.clean(x)
	case []any:
		for i := range x {
			x[i] = l.cleanValue(x[i])
		}
		return x
	}
	return v
}

var (
	tableRow   = regexp.MustCompile(`^\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|?\s*$`)
	quotedPair = regexp.MustCompile(`^\s*>\s*(.+?)\s*:\s*(.*?)\s*$`)
)

// controlBlock reads document-control fields from a table (| Owner | Tom |) or blockquote
// (> **Owner:** Tom) in a Markdown body, returning values and 1-based lines. firstLine is
// the body's first line in the file.
func (l Layout) controlBlock(body []byte, firstLine int) (map[string]any, map[string]int) {
	labels := map[string]string{}
	for field, names := range l.ControlFields {
		for _, n := range names {
			labels[labelKey(n)] = field
		}
	}
	sections := map[string]string{}
	for field, names := range l.SectionLists {
		for _, n := range names {
			sections[labelKey(n)] = field
		}
	}
	values, lines := map[string]any{}, map[string]int{}
	if len(labels) == 0 && len(sections) == 0 {
		return values, lines
	}
	section := "" // the field whose list the current heading collects, if any
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), maxFileSize)
	for n := firstLine; sc.Scan(); n++ {
		text := sc.Text()
		if h, ok := atxHeading(text); ok {
			section = sections[labelKey(h)]
			if _, seen := values[section]; seen {
				section = "" // the first such section wins
			}
			continue
		}
		if section != "" {
			if m := listItem.FindStringSubmatch(text); m != nil {
				list, _ := values[section].([]any)
				if list == nil {
					lines[section] = n
				}
				values[section] = append(list, l.cleanValue(strings.TrimSpace(m[1])))
				continue
			}
		}
		m := tableRow.FindStringSubmatch(text)
		if m == nil {
			m = quotedPair.FindStringSubmatch(strings.ReplaceAll(text, "**", ""))
		}
		if m == nil {
			continue
		}
		field, ok := labels[labelKey(m[1])]
		if !ok {
			continue
		}
		if _, seen := values[field]; seen {
			continue
		}
		values[field] = l.cleanValue(strings.Trim(strings.TrimSpace(m[2]), "*_`"))
		lines[field] = n
	}
	return values, lines
}

var (
	listItem      = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$`)
	listSeparator = regexp.MustCompile(`\s*(?:;|,|<br\s*/?>)\s*`)
)

// splitLists turns the values of ListFields written in one cell ("a; b, c") into lists.
func (l Layout) splitLists(m map[string]any) {
	for _, f := range l.ListFields {
		s, ok := m[f].(string)
		if !ok {
			continue
		}
		var list []any
		for _, part := range listSeparator.Split(s, -1) {
			if part != "" {
				list = append(list, part)
			}
		}
		m[f] = list
	}
}

// documentType is the type a glob in DocumentTypes gives the path, or "". When several
// globs match, the most specific wins (the most literal characters, then the longest), so
// "Policies/Information Security Policy.md" can override "Policies/*.md".
func (l Layout) documentType(rel string) string {
	globs := make([]string, 0, len(l.DocumentTypes))
	for g := range l.DocumentTypes {
		globs = append(globs, g)
	}
	literal := func(g string) int { return len(g) - strings.Count(g, "*") - strings.Count(g, "?") }
	sort.Slice(globs, func(i, j int) bool {
		if a, b := literal(globs[i]), literal(globs[j]); a != b {
			return a > b
		}
		return globs[i] < globs[j]
	})
	for _, g := range globs {
		if matchGlob(g, rel) {
			return l.DocumentTypes[g]
		}
	}
	return ""
}
