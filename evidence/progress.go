package evidence

import "time"

// Progress is how far a collector is with one source, for people watching a long
// collection. Collectors report it as they go; it never enters evidence.
type Progress struct {
	Collector string // "github", "aws"
	Source    string // the org, account or directory being read
	Unit      string // what Done and Total count: "repositories", "accounts"
	Done      int
	Total     int           // 0 while unknown
	Requests  int           // API requests made so far for this source
	Retries   int           // requests retried after a rate limit, throttling or a server error
	Slept     time.Duration // time spent waiting before retries
}

// ProgressFunc receives progress reports. Collectors call it from several goroutines; a nil
// ProgressFunc means nobody is watching.
type ProgressFunc func(Progress)

// Report calls f if it is set, so collectors need no nil checks.
func (f ProgressFunc) Report(p Progress) {
	if f != nil {
		f(p)
	}
}
