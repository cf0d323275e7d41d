package cli

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/ismscheck/ismscheck/evidence"
)

func TestProgressInALogIsThrottledPerSource(t *testing.T) {
	var out bytes.Buffer
	p := newProgressPrinter(&out, false)
	clock := time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, pr evidence.Progress) { clock = clock.Add(d); p.report(pr) }

	step(0, evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 0, Total: 3, Requests: 4})
	step(time.Second, evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 1, Total: 3, Requests: 20})
	step(time.Second, evidence.Progress{Collector: "aws", Source: "123456789012", Unit: "regions", Done: 1, Total: 0, Requests: 9})
	step(11*time.Second, evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 2, Total: 3, Requests: 38, Retries: 1, Slept: 61500 * time.Millisecond})
	step(time.Second, evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 3, Total: 3, Requests: 55, Retries: 1, Slept: 61500 * time.Millisecond})

	assert.Equal(t, "github acme: 0/3 repositories · 4 requests\n"+
		"aws 123456789012: 1 regions · 9 requests\n"+
		"github acme: 2/3 repositories · 38 requests · 1 retries, waited 1m2s\n"+
		"github acme: 3/3 repositories · 55 requests · 1 retries, waited 1m2s\n", out.String(),
		"first line, then at most one per 10 s per source, and always the last")
}

func TestProgressOnATerminalRedrawsOneLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgressPrinter(&out, true)
	p.report(evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 1, Total: 2, Requests: 7})
	p.report(evidence.Progress{Collector: "github", Source: "acme", Unit: "repositories", Done: 2, Total: 2, Requests: 12})
	p.report(evidence.Progress{Collector: "aws", Source: "123456789012", Unit: "regions", Done: 1, Total: 4, Requests: 3})
	p.done()
	assert.Equal(t, "\r\033[Kgithub acme: 1/2 repositories · 7 requests"+
		"\r\033[Kgithub acme: 2/2 repositories · 12 requests\n"+
		"\r\033[Kaws 123456789012: 1/4 regions · 3 requests\n", out.String())
	p.done()
	assert.NotContains(t, out.String(), "requests\n\n", "done ends an open line once")
}

func TestIsTerminal(t *testing.T) {
	assert.False(t, isTerminal(&bytes.Buffer{}))
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	assert.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a regular file is not a terminal")
}
