package isms

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCSVRegister(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     Register
		errLine  int
		errMsg   string
		problems []int
	}{
		{
			name: "header normalised, values trimmed",
			src:  "ID, Risk Owner ,Due-Date,Likelihood (1-5)\nR-01,  IT ,2026-03-31,3\n",
			want: Register{Columns: []string{"id", "risk_owner", "due_date", "likelihood_1_5"}, Rows: []map[string]any{{"id": "R-01", "risk_owner": "IT", "due_date": "2026-03-31", "likelihood_1_5": "3"}}, RowLines: []int{2}},
		},
		{
			name: "UTF-8 BOM before the header, CRLF lines",
			src:  "\ufeffid,name\r\n1,a\r\n2,b\r\n",
			want: Register{Columns: []string{"id", "name"}, Rows: []map[string]any{{"id": "1", "name": "a"}, {"id": "2", "name": "b"}}, RowLines: []int{2, 3}},
		},
		{
			name:     "ragged row gives its line, other rows survive",
			src:      "id,owner\n1,a\n2,b,extra\n3\n4,d\n",
			want:     Register{Columns: []string{"id", "owner"}, Rows: []map[string]any{{"id": "1", "owner": "a"}, {"id": "4", "owner": "d"}}, RowLines: []int{2, 5}},
			problems: []int{3, 4},
		},
		{
			name: "secret columns redacted; blank rows dropped; quoted multi-line field keeps its start line",
			src:  "system,Admin Password,API-Key,note\ndb,hunter2,abc,\"two\nlines\"\n,,,\nweb,,,x\n",
			want: Register{
				Columns:  []string{"system", "admin_password", "api_key", "note"},
				Rows:     []map[string]any{{"system": "db", "admin_password": Redacted, "api_key": Redacted, "note": "two\nlines"}, {"system": "web", "admin_password": Redacted, "api_key": Redacted, "note": "x"}},
				RowLines: []int{2, 5},
			},
		},
		{
			name: "blank header cell gets a name",
			src:  "id,,owner\n1,x,a\n",
			want: Register{Columns: []string{"id", "column_2", "owner"}, Rows: []map[string]any{{"id": "1", "column_2": "x", "owner": "a"}}, RowLines: []int{2}},
		},
		{name: "header only", src: "id,owner\n", want: Register{Columns: []string{"id", "owner"}}},
		{name: "empty file", src: "", errLine: 1, errMsg: "needs a header row"},
		{name: "empty header", src: " , ,\n1,2,3\n", errLine: 1, errMsg: "header row is empty"},
		{name: "duplicate column", src: "Owner,owner\n", errLine: 1, errMsg: `both named "owner"`},
		{name: "bare quote", src: "id,name\n1,a\n2,b\"c\n", errLine: 3, errMsg: `bare "`},
		{name: "unclosed quote", src: "id,name\n1,\"a\n2,b\n", errLine: 3, errMsg: `extraneous or missing " in quoted-field (in the row starting on line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := ParseCSVRegister([]byte(tt.src))
			if tt.errMsg != "" {
				requireSyntaxError(t, err, tt.errLine, tt.errMsg)
				return
			}
			require.NoError(t, err)
			var lines []int
			for _, p := range reg.Problems {
				lines = append(lines, p.Line)
			}
			assert.Equal(t, tt.problems, lines)
			reg.Problems = nil
			assert.Equal(t, fillRegister(tt.want), reg)
		})
	}
}

func TestParseCSVRegisterKeepsRowsBeforeASyntaxError(t *testing.T) {
	reg, err := ParseCSVRegister([]byte("id\n1\n2\n\"3\n"))
	require.Error(t, err)
	assert.Equal(t, []int{2, 3}, reg.RowLines)
}
