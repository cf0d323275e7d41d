package git

import (
	"container/heap"
	"regexp"
)

// Subjects the hosting services write when they merge a pull request. A merge commit with
// one of them brings in its branch; a squash ("Title (#34)") or a single-parent "Merged PR"
// is the pull request itself.
var (
	prMergeSubject = regexp.MustCompile(`^(Merge pull request #\d+|Merged in \S+ \(pull request #\d+\)|Merged PR \d+:)`)
	squashSubject  = regexp.MustCompile(`\(#\d+\)$`)
)

func pullRequestSubject(subject string) bool {
	return prMergeSubject.MatchString(subject) || squashSubject.MatchString(subject)
}

// graph is the walked history: parents by index, and a topological rank (children before
// parents) computed here rather than trusted from git's output order.
type graph struct {
	parents [][]int
	rank    []int
}

func newGraph(commits []*commitRecord) graph {
	index := make(map[string]int, len(commits))
	for i, c := range commits {
		index[c.sha] = i
	}
	g := graph{parents: make([][]int, len(commits)), rank: make([]int, len(commits))}
	children := make([]int, len(commits))
	for i, c := range commits {
		for _, p := range c.parents {
			if j, ok := index[p]; ok {
				g.parents[i] = append(g.parents[i], j)
				children[j]++
			}
		}
	}
	// Kahn's algorithm, starting from the commits nothing in the walk descends from.
	var ready []int
	for i := len(commits) - 1; i >= 0; i-- {
		if children[i] == 0 {
			ready = append(ready, i)
		}
	}
	for n := 0; len(ready) > 0; n++ {
		i := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		g.rank[i] = n
		for k := len(g.parents[i]) - 1; k >= 0; k-- {
			j := g.parents[i][k]
			if children[j]--; children[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	return g
}

// pullRequests tells, for each commit, whether it came in through a pull request: its
// subject says so, or it is on the branch of a pull-request merge M, i.e. reachable from
// a later parent of M and not from its first parent.
func pullRequests(commits []*commitRecord) []bool {
	in := make([]bool, len(commits))
	if len(commits) == 0 {
		return in
	}
	g := newGraph(commits)
	// The first-parent chain from the newest commit: a merge whose other parents lie further
	// down this chain brought nothing in (in a monorepo, every pull request that did not touch
	// the ISMS), so it is skipped without a walk.
	chain := make([]int, len(commits))
	for i := range chain {
		chain[i] = -1
	}
	for i, n := 0, 0; i >= 0 && chain[i] < 0; n++ {
		chain[i] = n
		if len(g.parents[i]) == 0 {
			break
		}
		i = g.parents[i][0]
	}
	p := newPainter(g)
	for i, c := range commits {
		if pullRequestSubject(c.subject) {
			in[i] = true
		}
		ps := g.parents[i]
		if len(ps) < 2 || !prMergeSubject.MatchString(c.subject) || alreadyMerged(chain, ps) {
			continue
		}
		p.branch(ps[0], ps[1:], func(j int) { in[j] = true })
	}
	return in
}

// alreadyMerged: the first parent is on the chain and every other parent further down it.
func alreadyMerged(chain []int, ps []int) bool {
	if chain[ps[0]] < 0 {
		return false
	}
	for _, o := range ps[1:] {
		if chain[o] < 0 || chain[o] <= chain[ps[0]] {
			return false
		}
	}
	return true
}

const (
	fromFirst = 1 << iota // reachable from the merge's first parent
	fromOther             // reachable from one of its other parents
)

// painter computes first..others (git's A..B) by walking both sides at once in rank order,
// the way git paints merge bases: a commit's marks are final when it is taken from the
// queue, because every child of it has a lower rank and was taken before.
type painter struct {
	g       graph
	flags   []uint8
	touched []int
	queue   rankQueue
}

func newPainter(g graph) *painter {
	return &painter{g: g, flags: make([]uint8, len(g.rank)), queue: rankQueue{rank: g.rank}}
}

func (p *painter) branch(first int, others []int, member func(int)) {
	for _, i := range p.touched {
		p.flags[i] = 0
	}
	p.touched, p.queue.items = p.touched[:0], p.queue.items[:0]
	pending := 0 // queued commits marked fromOther only: the walk goes on while there are any
	mark := func(i int, f uint8) {
		old := p.flags[i]
		if old|f == old {
			return
		}
		p.flags[i] = old | f
		switch {
		case old == 0:
			p.touched = append(p.touched, i)
			heap.Push(&p.queue, i)
			if f == fromOther {
				pending++
			}
		case old == fromOther:
			pending-- // now reachable from the first parent too
		}
	}
	mark(first, fromFirst)
	for _, o := range others {
		mark(o, fromOther)
	}
	for pending > 0 {
		i := heap.Pop(&p.queue).(int)
		f := p.flags[i]
		if f == fromOther {
			pending--
			member(i)
		}
		for _, j := range p.g.parents[i] {
			mark(j, f)
		}
	}
}

// rankQueue is a min-heap of commit indices by topological rank.
type rankQueue struct {
	rank  []int
	items []int
}

func (q *rankQueue) Len() int           { return len(q.items) }
func (q *rankQueue) Less(a, b int) bool { return q.rank[q.items[a]] < q.rank[q.items[b]] }
func (q *rankQueue) Swap(a, b int)      { q.items[a], q.items[b] = q.items[b], q.items[a] }
func (q *rankQueue) Push(x any)         { q.items = append(q.items, x.(int)) }
func (q *rankQueue) Pop() any {
	n := len(q.items) - 1
	x := q.items[n]
	q.items = q.items[:n]
	return x
}
