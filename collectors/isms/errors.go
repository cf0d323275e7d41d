package isms

import (
	"bytes"
	"fmt"
)

// SyntaxError is a problem at a place in a parsed file. Line is 1-based; Column is
// 1-based, or 0 when the parser did not say.
type SyntaxError struct {
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
	Msg    string `json:"message"`
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// lineCount is the number of lines of src as an editor shows them: LF, CRLF and a lone CR
// (old Mac files, which YAML also honours) each end a line, and a trailing line break
// opens one more, empty, line.
func lineCount(src []byte) int {
	return bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 1
}

// clampLine keeps a reported line inside the input: YAML also breaks lines at U+0085,
// U+2028 and U+2029, which editors may not, and a line outside the file helps nobody.
func clampLine(line int, src []byte) int {
	if n := lineCount(src); line > n {
		return n
	}
	if line < 1 {
		return 1
	}
	return line
}
