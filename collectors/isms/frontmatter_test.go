package isms

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		present  bool
		meta     map[string]any
		lines    map[string]int
		headings []string
		errLine  int // 0: no error
		errMsg   string
	}{
		{
			name:     "no front matter",
			src:      "# Title\nText\n## Sub #\n#hashtag\n    # indented code\n",
			meta:     map[string]any{},
			lines:    map[string]int{},
			headings: []string{"Title", "Sub"},
		},
		{
			name:    "types: dates stay strings, ints stay ints",
			src:     "---\napproved_on: 2026-01-10\nreviewed: 2026-01-10T10:00:00Z\nversion: 1.3\nrevision: 7\nhex: 0x1F\nbig: 99999999999999999999\nquoted: \"12\"\nok: true\nnone: ~\nnan: .nan\nleading: 017\n---\n",
			present: true,
			meta: map[string]any{
				"approved_on": "2026-01-10", "reviewed": "2026-01-10T10:00:00Z", "version": 1.3, "revision": 7, "hex": 31,
				"big": "99999999999999999999", "quoted": "12", "ok": true, "none": nil, "nan": ".nan", "leading": 17,
			},
			lines: map[string]int{"approved_on": 2, "reviewed": 3, "version": 4, "revision": 5, "hex": 6, "big": 7, "quoted": 8, "ok": 9, "none": 10, "nan": 11, "leading": 12},
		},
		{
			name:    "secrets are redacted at any depth",
			src:     "---\nowner: CISO\nsystems:\n  - name: db\n    admin_password: hunter2\n    auth: {API-Key: abc, tokens: [1, 2]}\naccess_key: x\n---\n",
			present: true,
			meta: map[string]any{
				"owner": "CISO",
				"systems": []any{map[string]any{
					"name": "db", "admin_password": Redacted,
					"auth": map[string]any{"API-Key": Redacted, "tokens": Redacted},
				}},
				"access_key": Redacted,
			},
			lines: map[string]int{"owner": 2, "systems": 3, "access_key": 7},
		},
		{
			name:     "CRLF, BOM and a ... terminator; fenced code hides headings",
			src:      "\ufeff---\r\ntype: policy\r\n...\r\n# One\r\n```\r\n# not\r\n~~~\r\n# still not\r\n```\r\n~~~~ sh\r\n## nor\r\n~~~~\r\n## Two\r\n",
			present:  true,
			meta:     map[string]any{"type": "policy"},
			lines:    map[string]int{"type": 2},
			headings: []string{"One", "Two"},
		},
		{
			name:    "merge keys and aliases",
			src:     "---\nbase: &b {owner: A, approver: B}\nreview:\n  <<: *b\n  approver: C\n---\n",
			present: true,
			meta:    map[string]any{"base": map[string]any{"owner": "A", "approver": "B"}, "review": map[string]any{"owner": "A", "approver": "C"}},
			lines:   map[string]int{"base": 2, "review": 3},
		},
		{name: "empty front matter", src: "---\n---\nbody\n", present: true, meta: map[string]any{}, lines: map[string]int{}},
		{name: "unterminated", src: "---\ntype: policy\n# Title\n", present: true, errLine: 1, errMsg: "never closed"},
		{name: "duplicate key", src: "---\ntype: policy\nowner: A\nowner: B\n---\n# Body\n", present: true, headings: []string{"Body"}, errLine: 4, errMsg: `duplicate key "owner" (first on line 3)`},
		{name: "syntax error line is in the file, not the block", src: "---\na: 1\nb: 2\n  c: 3\n---\n", present: true, errLine: 4, errMsg: "mapping values are not allowed"},
		{name: "not a mapping", src: "---\n- a\n- b\n---\n", present: true, errLine: 2, errMsg: "not a list"},
		{name: "second document", src: "---\na: 1\n--- \nb: 2\n---\n", present: true, meta: map[string]any{"a": 1}, lines: map[string]int{"a": 2}},
		{name: "alias bomb", src: "---\n" + aliasBomb(9) + "---\n", present: true, errMsg: "more than 100000 nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, err := ParseFrontMatter([]byte(tt.src))
			assert.Equal(t, tt.present, fm.Present)
			if tt.headings == nil {
				tt.headings = []string{}
			}
			assert.Equal(t, tt.headings, fm.Headings)
			if tt.errMsg != "" {
				var se *SyntaxError
				require.True(t, errors.As(err, &se), "want *SyntaxError, got %v", err)
				if tt.errLine > 0 {
					assert.Equal(t, tt.errLine, se.Line)
				}
				assert.Contains(t, se.Msg, tt.errMsg)
				assert.Empty(t, fm.Meta, "no partial meta on error")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.meta, fm.Meta)
			assert.Equal(t, tt.lines, fm.Lines)
		})
	}
}

// aliasBomb is a "billion laughs" document: each level names the previous one ten times.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= levels; i++ {
		b.WriteString("l" + strconv.Itoa(i) + ": &l" + strconv.Itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestGuessType(t *testing.T) {
	tests := []struct{ src, want string }{
		{"---\ntype: policy\nowner: A\nowner: B\n---\n", "policy"},
		{"---\ntype: \"procedure\"  # comment\n---\n", "procedure"},
		{"---\n  type: nested\n---\n", ""},
		{"---\nowner: A\n---\ntype: body\n", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, guessType([]byte(tt.src)), tt.src)
	}
}
