package isms

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// ParseCSVRegister reads a CSV register: a header row, then one row per line. Columns are
// lower_snake; values are trimmed strings; rows with every cell empty (spreadsheet
// padding) are dropped. A row with the wrong number of fields is left out and reported in
// Problems. A CSV syntax error stops the parse: it is returned, with the rows read so far.
// Errors are *SyntaxError with a line in src.
func ParseCSVRegister(src []byte) (reg Register, err error) {
	reg = newRegister()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, utf8BOM)))
	r.FieldsPerRecord = -1 // ragged rows are reported per row below, not fatal
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return reg, &SyntaxError{Line: 1, Msg: "CSV register is empty: it needs a header row"}
	}
	if err != nil {
		return reg, csvError(src, err)
	}
	headerLine, _ := r.FieldPos(0)
	if strings.TrimSpace(strings.Join(header, "")) == "" {
		return reg, &SyntaxError{Line: headerLine, Msg: "CSV header row is empty"}
	}
	from := map[string]int{}
	for i, h := range header {
		name := columnName(h, i+1)
		if prev, dup := from[name]; dup {
			_, col := r.FieldPos(i)
			return reg, &SyntaxError{Line: headerLine, Column: col, Msg: fmt.Sprintf("columns %d and %d are both named %q", prev, i+1, name)}
		}
		from[name] = i + 1
		reg.Columns = append(reg.Columns, name)
	}
	secret := make([]bool, len(reg.Columns))
	for i, c := range reg.Columns {
		secret[i] = isSecretKey(c)
	}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return reg, nil
		}
		if err != nil {
			return reg, csvError(src, err)
		}
		line, _ := r.FieldPos(0)
		if blankRecord(record) {
			continue
		}
		if len(record) != len(reg.Columns) {
			reg.Problems = append(reg.Problems, &SyntaxError{Line: line, Msg: fmt.Sprintf("row has %d fields but the header has %d; left out", len(record), len(reg.Columns))})
			continue
		}
		row := make(map[string]any, len(record))
		for i, v := range record {
			if secret[i] {
				row[reg.Columns[i]] = Redacted
				continue
			}
			row[reg.Columns[i]] = strings.ToValidUTF8(strings.TrimSpace(v), "\uFFFD")
		}
		reg.Rows = append(reg.Rows, row)
		reg.RowLines = append(reg.RowLines, line)
	}
}

func csvError(src []byte, err error) *SyntaxError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if pe.StartLine != pe.Line {
			// A quoted field ran over lines: the opening quote is what to look at.
			msg = fmt.Sprintf("%s (in the row starting on line %d)", msg, pe.StartLine)
		}
		return &SyntaxError{Line: clampLine(pe.Line, src), Column: pe.Column, Msg: msg}
	}
	return &SyntaxError{Line: 1, Msg: err.Error()}
}

func blankRecord(record []string) bool {
	for _, v := range record {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// columnName turns a header cell into lower_snake: "Risk Owner" and "risk-owner" become
// "risk_owner", "Likelihood (1-5)" becomes "likelihood_1_5". A blank cell becomes
// "column_<n>" so its values are not lost.
func columnName(h string, n int) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToValidUTF8(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), "") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		underscore = true
	}
	if b.Len() == 0 {
		return fmt.Sprintf("column_%d", n)
	}
	return b.String()
}
