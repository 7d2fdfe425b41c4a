package history

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// commit is a selected commit.
type commit struct {
	hash gitobj.Hash
	*gitobj.Commit
	// parents are the parents to compare with (none for a root commit or
	// a shallow boundary); missing parents are left out and reported.
	parents []gitobj.Hash
}

// peeled is a ref's target after following annotated tags.
type peeled struct {
	ref  string
	hash gitobj.Hash
	typ  gitobj.Type
	tags []gitobj.Hash // the annotated tag objects followed
}

// peel follows annotated tags from h to the object they name.
func peel(rd *gitobj.Reader, name string, h gitobj.Hash) (peeled, error) {
	var tags []gitobj.Hash
	for i := 0; i < 100; i++ {
		// The type alone, from the header, unless it is a tag: a commit
		// is read whole (and verified) when the walk gets to it.
		t, _, _, err := rd.ReadLimited(h, 0)
		if err != nil {
			return peeled{}, fmt.Errorf("%s: %w", name, err)
		}
		if t != gitobj.TagObject {
			return peeled{ref: name, hash: h, typ: t, tags: tags}, nil
		}
		tags = append(tags, h)
		_, b, err := rd.Read(h)
		if err != nil {
			return peeled{}, fmt.Errorf("%s: %w", name, err)
		}
		tag, err := gitobj.ParseTag(b)
		if err != nil {
			return peeled{}, fmt.Errorf("%s: tag %s: %w", name, h, err)
		}
		h = tag.Object
	}
	return peeled{}, fmt.Errorf("%s: tags nested too deeply", name)
}

// commitWalk selects commits newest first, in the manner of git rev-list:
// from tips, excluding what is reachable from excludes, no older than
// since, at most max.
type commitWalk struct {
	rd      *gitobj.Reader
	shallow map[gitobj.Hash]bool
	nodes   map[gitobj.Hash]*walkNode
	queue   nodeQueue
	errs    []error
	// missing parents, reported once each
	missing map[gitobj.Hash]bool
	// message, when set, is given each commit read (not the preloaded
	// ones): its message is scanned.
	message func(h gitobj.Hash, content []byte)
	// preloaded commits (parsed by the full pass) are not read again.
	preloaded map[gitobj.Hash]*gitobj.Commit
	// interesting counts the queued commits that are not uninteresting:
	// the walk stops when only uninteresting ones are left.
	interesting int
}

type walkNode struct {
	hash          gitobj.Hash
	c             *gitobj.Commit
	uninteresting bool
	included      bool
	queued        bool // ever queued (each commit is walked once)
	inQueue       bool
}

type nodeQueue []*walkNode

func (q nodeQueue) Len() int { return len(q) }
func (q nodeQueue) Less(i, j int) bool {
	if q[i].c.CommitTime != q[j].c.CommitTime {
		return q[i].c.CommitTime > q[j].c.CommitTime
	}
	return bytes.Compare(q[i].hash[:], q[j].hash[:]) < 0
}
func (q nodeQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *nodeQueue) Push(x any)   { *q = append(*q, x.(*walkNode)) }
func (q *nodeQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

func (w *commitWalk) node(h gitobj.Hash, child gitobj.Hash) (*walkNode, error) {
	if n, ok := w.nodes[h]; ok {
		return n, nil
	}
	if c, ok := w.preloaded[h]; ok {
		n := &walkNode{hash: h, c: c}
		w.nodes[h] = n
		return n, nil
	}
	t, b, err := w.rd.Read(h)
	if err != nil {
		if !child.IsZero() {
			return nil, fmt.Errorf("commit %s (parent of %s): %w", h, child, err)
		}
		return nil, err
	}
	if t != gitobj.CommitObject {
		return nil, fmt.Errorf("object %s is a %s, not a commit", h, t)
	}
	c, err := gitobj.ParseCommit(b)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", h, err)
	}
	if w.message != nil {
		w.message(h, b)
	}
	n := &walkNode{hash: h, c: c}
	w.nodes[h] = n
	return n, nil
}

// markUninteresting marks n and its already-known ancestors.
func (w *commitWalk) markUninteresting(n *walkNode) {
	stack := []*walkNode{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.uninteresting {
			continue
		}
		n.uninteresting = true
		if n.inQueue {
			w.interesting--
		}
		for _, p := range n.c.Parents {
			if pn, ok := w.nodes[p]; ok {
				stack = append(stack, pn)
			}
		}
	}
}

type selectOpts struct {
	tips, excludes []gitobj.Hash
	since          time.Time
	max            int
}

// selectCommits returns the selected commits, newest first. Errors about
// unreadable commits are collected in w.errs; the walk goes on without
// them.
func (w *commitWalk) run(o selectOpts) []*walkNode {
	w.nodes = map[gitobj.Hash]*walkNode{}
	w.missing = map[gitobj.Hash]bool{}
	push := func(h gitobj.Hash, child gitobj.Hash, unint bool) {
		n, err := w.node(h, child)
		if err != nil {
			if !w.missing[h] {
				w.missing[h] = true
				w.errs = append(w.errs, err)
			}
			return
		}
		if unint {
			w.markUninteresting(n)
		}
		if !n.queued {
			n.queued, n.inQueue = true, true
			if !n.uninteresting {
				w.interesting++
			}
			heap.Push(&w.queue, n)
		}
	}
	for _, h := range o.excludes {
		push(h, gitobj.Hash{}, true)
	}
	for _, h := range o.tips {
		push(h, gitobj.Hash{}, false)
	}
	var out []*walkNode
	for w.queue.Len() > 0 {
		if w.interesting == 0 {
			break
		}
		n := heap.Pop(&w.queue).(*walkNode)
		n.inQueue = false
		if !n.uninteresting {
			w.interesting--
		}
		if n.uninteresting {
			for _, p := range n.c.Parents {
				if !w.shallow[n.hash] {
					push(p, n.hash, true)
				}
			}
			continue
		}
		if !o.since.IsZero() && n.c.CommitTime < o.since.Unix() {
			continue
		}
		if o.max > 0 && len(out) >= o.max {
			break
		}
		n.included = true
		out = append(out, n)
		if w.shallow[n.hash] {
			continue
		}
		for _, p := range n.c.Parents {
			push(p, n.hash, false)
		}
	}
	// A commit included before an exclude reached it is not selected.
	kept := out[:0]
	for _, n := range out {
		if !n.uninteresting {
			kept = append(kept, n)
		}
	}
	return kept
}

// topoOrder orders commits oldest first: every commit after its selected
// parents, ties broken by commit time, then name (Kahn's algorithm). Git
// history has no cycles, but a corrupt or hostile object store can have
// commits that are their own ancestors (names need not match contents):
// the cycle is broken at its oldest commit so that every commit is still
// scanned, and reported as an error. That commit is compared with no
// parent (everything in it is new): compared with a parent on the cycle,
// content the whole cycle shares would be introduced by no commit.
func topoOrder(nodes []*walkNode, shallow map[gitobj.Hash]bool, db *gitobj.DB) ([]commit, error) {
	idx := make(map[gitobj.Hash]int, len(nodes))
	for i, n := range nodes {
		idx[n.hash] = i
	}
	indeg := make([]int, len(nodes))
	children := make([][]int, len(nodes))
	var seen []int // a commit's parents so far (a parent listed twice counts once)
	for i, n := range nodes {
		seen = seen[:0]
		for _, p := range n.c.Parents {
			if j, ok := idx[p]; ok && !slices.Contains(seen, j) && !shallow[n.hash] {
				seen = append(seen, j)
				indeg[i]++
				children[j] = append(children[j], i)
			}
		}
	}
	q := &topoQueue{nodes: nodes}
	for i := range nodes {
		if indeg[i] == 0 {
			heap.Push(q, i)
		}
	}
	out := make([]commit, 0, len(nodes))
	done := make([]bool, len(nodes))
	broken := make([]bool, len(nodes))
	var cyclic []string
	for len(out) < len(nodes) {
		if q.Len() == 0 {
			// Only commits on or behind a cycle are left: take the
			// oldest as if its parents were done.
			best := -1
			for i := range nodes {
				if !done[i] && (best < 0 || (&topoQueue{nodes: nodes, items: []int{i, best}}).Less(0, 1)) {
					best = i
				}
			}
			indeg[best] = 0
			broken[best] = true
			cyclic = append(cyclic, nodes[best].hash.String())
			heap.Push(q, best)
		}
		i := heap.Pop(q).(int)
		if done[i] {
			continue
		}
		done[i] = true
		n := nodes[i]
		c := commit{hash: n.hash, Commit: n.c}
		if !shallow[n.hash] && !broken[i] {
			for _, p := range n.c.Parents {
				if _, ok := idx[p]; ok || db.Has(p) {
					c.parents = append(c.parents, p)
				}
			}
		}
		out = append(out, c)
		for _, ch := range children[i] {
			indeg[ch]--
			if indeg[ch] == 0 && !done[ch] {
				heap.Push(q, ch)
			}
		}
	}
	if len(cyclic) > 0 {
		return out, fmt.Errorf("the commit graph has a cycle (commit %s is its own ancestor): corrupt or hostile object store", strings.Join(cyclic, ", "))
	}
	return out, nil
}

type topoQueue struct {
	nodes []*walkNode
	items []int
}

func (q *topoQueue) Len() int { return len(q.items) }
func (q *topoQueue) Less(i, j int) bool {
	a, b := q.nodes[q.items[i]], q.nodes[q.items[j]]
	if a.c.CommitTime != b.c.CommitTime {
		return a.c.CommitTime < b.c.CommitTime
	}
	return bytes.Compare(a.hash[:], b.hash[:]) < 0
}
func (q *topoQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *topoQueue) Push(x any)    { q.items = append(q.items, x.(int)) }
func (q *topoQueue) Pop() any {
	n := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return n
}

// parseRange splits "A..B" (either side may be empty, meaning HEAD).
func parseRange(s string) (from, to string, err error) {
	if strings.Contains(s, "...") {
		return "", "", errors.New("--range takes A..B (symmetric A...B ranges are not supported)")
	}
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return "", "", fmt.Errorf("--range %q: want A..B", s)
	}
	if from == "" {
		from = "HEAD"
	}
	if to == "" {
		to = "HEAD"
	}
	return from, to, nil
}
