package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
)

// progressPrinter shows collection progress on stderr. On a terminal it redraws one line
// per report; elsewhere (CI logs with --progress) it writes a line per source at most every
// logEvery, plus the first and the last, so a log stays readable.
type progressPrinter struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	logEvery time.Duration
	now      func() time.Time
	printed  map[string]time.Time // per collector+source: when its last line was written
	open     bool                 // a terminal line is drawn and not yet ended
}

func newProgressPrinter(w io.Writer, terminal bool) *progressPrinter {
	return &progressPrinter{w: w, terminal: terminal, logEvery: 10 * time.Second, now: time.Now, printed: map[string]time.Time{}}
}

// report is an evidence.ProgressFunc.
func (p *progressPrinter) report(pr evidence.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := pr.Collector + "\x00" + pr.Source
	finished := pr.Total > 0 && pr.Done >= pr.Total
	line := progressLine(pr)
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.open = !finished
		if finished {
			fmt.Fprintln(p.w)
		}
		return
	}
	last, seen := p.printed[key]
	if seen && !finished && p.now().Sub(last) < p.logEvery {
		return
	}
	p.printed[key] = p.now()
	fmt.Fprintln(p.w, line)
}

// done ends a terminal line left open (a source that stopped early), so logs that follow
// start on their own line.
func (p *progressPrinter) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

func progressLine(pr evidence.Progress) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", pr.Collector, pr.Source)
	if pr.Total > 0 {
		fmt.Fprintf(&b, "%d/%d %s", pr.Done, pr.Total, pr.Unit)
	} else {
		fmt.Fprintf(&b, "%d %s", pr.Done, pr.Unit)
	}
	fmt.Fprintf(&b, " · %d requests", pr.Requests)
	if pr.Retries > 0 {
		fmt.Fprintf(&b, " · %d retries, waited %s", pr.Retries, pr.Slept.Round(time.Second))
	}
	return b.String()
}

// isTerminal tells whether w is a character device (a terminal), without a dependency.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
