package isms

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseYAMLRegister(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     Register // nil slices/maps are filled with empty ones
		errLine  int
		errMsg   string
		problems []int // lines of per-row problems
	}{
		{
			name: "top-level list of rows",
			src:  "- id: R-01\n  Risk Owner: IT\n  due: 2026-03-31\n- id: R-02\n  score: 12\n",
			want: Register{
				Columns:  []string{"id", "risk_owner", "due", "score"},
				Rows:     []map[string]any{{"id": "R-01", "risk_owner": "IT", "due": "2026-03-31"}, {"id": "R-02", "score": 12}},
				RowLines: []int{1, 4},
			},
		},
		{
			name: "header and entries; register type from the header",
			src:  "register: Risk-Treatment\nowner: CISO\nreviewed: 2026-01-10\ncontrols: [A.5.1]\nentries:\n  - id: T-1\n    api_token: s3cr3t\n    detail: {password: x, note: ok}\n",
			want: Register{
				Type:     "risk_treatment_plan",
				Meta:     map[string]any{"register": "Risk-Treatment", "owner": "CISO", "reviewed": "2026-01-10", "controls": []any{"A.5.1"}},
				Columns:  []string{"id", "api_token", "detail"},
				Rows:     []map[string]any{{"id": "T-1", "api_token": Redacted, "detail": map[string]any{"password": Redacted, "note": "ok"}}},
				RowLines: []int{6},
			},
		},
		{
			name: "rows under items; unknown register name kept",
			src:  "register: Key Ceremonies\nitems:\n- a: 1\n",
			want: Register{Type: "key_ceremonies", Meta: map[string]any{"register": "Key Ceremonies"}, Columns: []string{"a"}, Rows: []map[string]any{{"a": 1}}, RowLines: []int{3}},
		},
		{
			name: "the only list of mappings holds the rows",
			src:  "title: Suppliers\ntags: [a, b]\nsuppliers:\n  - name: Acme\n",
			want: Register{Meta: map[string]any{"title": "Suppliers", "tags": []any{"a", "b"}}, Columns: []string{"name"}, Rows: []map[string]any{{"name": "Acme"}}, RowLines: []int{4}},
		},
		{
			name: "empty entries",
			src:  "owner: CISO\nentries:\n",
			want: Register{Meta: map[string]any{"owner": "CISO"}},
		},
		{
			name: "rows from aliases and merges",
			src:  "defaults: &d {owner: IT}\nentries:\n  - <<: *d\n    id: 1\n  - &r {id: 2, owner: HR}\n  - *r\n",
			want: Register{
				Meta:     map[string]any{"defaults": map[string]any{"owner": "IT"}},
				Columns:  []string{"id", "owner"},
				Rows:     []map[string]any{{"id": 1, "owner": "IT"}, {"id": 2, "owner": "HR"}, {"id": 2, "owner": "HR"}},
				RowLines: []int{3, 5, 6},
			},
		},
		{
			name:     "a row that is not a mapping is left out with its line",
			src:      "entries:\n  - id: 1\n  - just text\n  - id: 3\n  - {Owner: a, owner: b}\n",
			want:     Register{Columns: []string{"id"}, Rows: []map[string]any{{"id": 1}, {"id": 3}}, RowLines: []int{2, 4}},
			problems: []int{3, 5},
		},
		{name: "bad indentation", src: "entries:\n  - id: A-01\n    name: Laptop\n   owner: IT\n", errLine: 4, errMsg: "did not find expected '-' indicator"},
		{name: "duplicate key in a row", src: "- id: 1\n  owner: a\n  id: 2\n", errLine: 3, errMsg: `duplicate key "id"`},
		{name: "empty", src: "# nothing yet\n", errLine: 1, errMsg: "register is empty"},
		{name: "scalar", src: "hello\n", errLine: 1, errMsg: "not a single value"},
		{name: "entries not a list", src: "a: 1\nentries: oops\n", errLine: 2, errMsg: `"entries" must be a list`},
		{name: "two candidate lists", src: "a: [{x: 1}]\nb: [{y: 1}]\n", errLine: 1, errMsg: "cannot tell which key"},
		{name: "unknown anchor", src: "entries:\n  - id: 1\n  - *nope\n", errLine: 3, errMsg: "unknown anchor"},
		{name: "two documents", src: "- a: 1\n---\n- a: 2\n", errLine: 2, errMsg: "second YAML document"},
		{name: "self-referencing anchor", src: "a: &x [1, *x]\n", errLine: 1, errMsg: "contains it"},
		{name: "tab indentation", src: "entries:\n\t- id: 1\n", errLine: 2, errMsg: "cannot start any token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := ParseYAMLRegister([]byte(tt.src))
			if tt.errMsg != "" {
				requireSyntaxError(t, err, tt.errLine, tt.errMsg)
				return
			}
			require.NoError(t, err)
			want := fillRegister(tt.want)
			var lines []int
			for _, p := range reg.Problems {
				lines = append(lines, p.Line)
			}
			assert.Equal(t, tt.problems, lines)
			reg.Problems = nil
			assert.Equal(t, want, reg)
		})
	}
}

func fillRegister(r Register) Register {
	e := newRegister()
	if r.Meta == nil {
		r.Meta = e.Meta
	}
	if r.Columns == nil {
		r.Columns = e.Columns
	}
	if r.Rows == nil {
		r.Rows = e.Rows
	}
	if r.RowLines == nil {
		r.RowLines = e.RowLines
	}
	return r
}
