package isms

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/yamlerr"
)

func TestLineCounting(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 1},
		{"a", 1},
		{"a\n", 2},
		{"a\r\nb\r\n", 3},
		{"a\rb\rc", 3},
		{"\r\r0", 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, lineCount([]byte(tt.src)), "%q", tt.src)
		assert.Len(t, yamlerr.LineEnds([]byte(tt.src)), tt.want, "%q", tt.src)
	}
	assert.Equal(t, "line 3: bad", (&SyntaxError{Line: 3, Msg: "bad"}).Error())
}

func TestYAMLErrorLineWithLoneCR(t *testing.T) {
	_, err := ParseYAMLRegister([]byte("a: 1\rb: 2\r  c: 3\r"))
	var se *SyntaxError
	assert.ErrorAs(t, err, &se)
	assert.Equal(t, 3, se.Line)
}

// requireSyntaxError checks err is a *SyntaxError on line with a message containing msg.
func requireSyntaxError(t *testing.T, err error, line int, msg string) {
	t.Helper()
	var se *SyntaxError
	require.True(t, errors.As(err, &se), "want *SyntaxError, got %v", err)
	assert.Equal(t, line, se.Line)
	assert.Contains(t, se.Msg, msg)
}
