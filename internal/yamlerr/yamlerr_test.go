package yamlerr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"gopkg.in/yaml.v3"
)

func TestLocate(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
	}{
		{"bad indent deep in a block", "version: 1\nsources:\n  isms:\n    root: .\n   exclude: [x]\n", 5},
		{"unclosed flow sequence", "a: 1\nb: [x, y\nc: 2\n", 2},
		{"tab indentation", "a:\n\tb: 1\n", 2},
		{"multi-line string before the error is not blamed", "a: \"multi\n  line\"\nb: 1\n  c: 2\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tt.src), &n)
			if !assert.Error(t, err) {
				return
			}
			line, msg, ok := Locate([]byte(tt.src), err)
			assert.True(t, ok)
			assert.NotEmpty(t, msg)
			assert.Equal(t, tt.line, line, "yaml.v3 said: %v", err)
		})
	}
	_, _, ok := Locate(nil, assert.AnError)
	assert.False(t, ok)
}
