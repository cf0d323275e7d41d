package isms

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// rowKeys name the header key that holds a YAML register's rows, in order of preference.
var rowKeys = []string{"entries", "rows", "items"}

// ParseYAMLRegister reads a YAML register: either a list of rows (mappings), or a mapping
// whose other keys are header fields (meta) and whose rows sit under `entries` (or `rows`,
// `items`, or else the only key holding a list of mappings). A list item that is not a
// mapping is left out and reported in Problems. Errors are *SyntaxError with a line in src.
func ParseYAMLRegister(src []byte) (Register, error) {
	reg := newRegister()
	root, perr := parseYAML(src)
	if perr != nil {
		return reg, perr
	}
	if root == nil {
		return reg, &SyntaxError{Line: 1, Msg: "register is empty"}
	}
	c := newConverter(src)
	var rows *yaml.Node
	switch root.Kind {
	case yaml.SequenceNode:
		rows = root
	case yaml.MappingNode:
		key, node, err := c.rowsKey(root)
		if err != nil {
			return reg, err
		}
		meta, _, _, err := c.mapping(root, 0, key)
		if err != nil {
			return reg, err
		}
		delete(meta, key)
		reg.Meta = redact(meta).(map[string]any)
		if t, ok := meta["register"].(string); ok {
			reg.Type = typeFromHeader(t)
		}
		rows = node
	default:
		return reg, c.errorAt(root, "a register must be a list of rows or a mapping with an `entries` list, not a %s", kindName(root))
	}
	if rows == nil {
		return reg, nil
	}
	seen := map[string]bool{}
	for i, item := range rows.Content {
		n, err := c.resolve(item)
		if err != nil {
			return reg, err
		}
		if n.Kind != yaml.MappingNode {
			reg.Problems = append(reg.Problems, c.errorAt(item, "row %d is a %s, not a mapping of column to value; left out", i+1, kindName(n)))
			continue
		}
		raw, keys, _, err := c.mapping(n, 1, "")
		if err != nil {
			return reg, err
		}
		row, keys, clash := snakeKeys(raw, keys)
		if clash != "" {
			reg.Problems = append(reg.Problems, c.errorAt(item, "row %d: %s; left out", i+1, clash))
			continue
		}
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				reg.Columns = append(reg.Columns, k)
			}
		}
		reg.Rows = append(reg.Rows, redact(row).(map[string]any))
		reg.RowLines = append(reg.RowLines, c.line(item))
	}
	return reg, nil
}

// rowsKey finds the key of a register mapping that holds its rows and the (resolved)
// list node; key "" means the register has no rows.
func (c *converter) rowsKey(root *yaml.Node) (string, *yaml.Node, error) {
	values := map[string]*yaml.Node{}
	var order []string
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, err := c.resolve(root.Content[i])
		if err != nil {
			return "", nil, err
		}
		if kn.Kind != yaml.ScalarNode {
			continue // mapping() reports it
		}
		if _, dup := values[kn.Value]; dup {
			continue // mapping() reports it
		}
		vn, err := c.resolve(root.Content[i+1])
		if err != nil {
			return "", nil, err
		}
		values[kn.Value] = vn
		order = append(order, kn.Value)
	}
	for _, k := range rowKeys {
		vn, ok := values[k]
		if !ok {
			continue
		}
		switch {
		case vn.Kind == yaml.SequenceNode:
			return k, vn, nil
		case vn.Kind == yaml.ScalarNode && vn.ShortTag() == "!!null":
			return k, nil, nil // "entries:" with nothing yet
		}
		return "", nil, c.errorAt(vn, "%q must be a list of rows, not a %s", k, kindName(vn))
	}
	var found []string
	for _, k := range order {
		if isRowList(c, values[k]) {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return "", nil, nil
	case 1:
		return found[0], values[found[0]], nil
	}
	return "", nil, c.errorAt(root, "cannot tell which key holds the rows (%s); put them under `entries`", strings.Join(quoteAll(found), ", "))
}

// isRowList is true for a non-empty list whose items are all mappings.
func isRowList(c *converter, n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return false
	}
	for _, item := range n.Content {
		r, err := c.resolve(item)
		if err != nil || r.Kind != yaml.MappingNode {
			return false
		}
	}
	return true
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// snakeKeys renames a row's columns to lower_snake, as CSV columns are, so rules read
// the same names whatever the format. clash says which two keys became one.
func snakeKeys(raw map[string]any, keys []string) (map[string]any, []string, string) {
	row := make(map[string]any, len(raw))
	from := make(map[string]string, len(raw))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		name := columnName(k, len(out)+1)
		if prev, dup := from[name]; dup {
			return nil, nil, fmt.Sprintf("keys %q and %q both name column %q", prev, k, name)
		}
		from[name] = k
		row[name] = raw[k]
		out = append(out, name)
	}
	return row, out, ""
}
