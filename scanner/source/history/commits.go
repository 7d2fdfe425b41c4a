package history

import (
	"bytes"
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
	hash gitobj.Hash
	c    *gitobj.Commit
	// parents are the nodes of c.Parents the walk pushed, in order (nil
	// for one it could not read); nil until the node is walked.
	parents       []*walkNode
	topo          int // its index in topoOrder's nodes
	uninteresting bool
	included      bool
	queued        bool // ever queued (each commit is walked once)
	inQueue       bool
}

// nodeQueue is the walk's queue: newest commit first (then by name).
type nodeQueue = minHeap[*walkNode]

func newerFirst(a, b *walkNode) bool {
	if a.c.CommitTime != b.c.CommitTime {
		return a.c.CommitTime > b.c.CommitTime
	}
	return bytes.Compare(a.hash[:], b.hash[:]) < 0
}

// minHeap is a binary heap of items by less, container/heap without its
// interface calls (the full pass pushes and pops every commit twice). less
// is a strict order on distinct items, so pops come in one order.
type minHeap[T any] struct {
	items []T
	less  func(a, b T) bool
}

func (h *minHeap[T]) push(x T) {
	h.items = append(h.items, x)
	q := h.items
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(q[i], q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *minHeap[T]) pop() T {
	q := h.items
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q = q[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.less(q[r], q[l]) {
			m = r
		}
		if !h.less(q[m], q[i]) {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	h.items = q
	return top
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
	w.queue = nodeQueue{less: newerFirst}
	push := func(h gitobj.Hash, child gitobj.Hash, unint bool) *walkNode {
		n, err := w.node(h, child)
		if err != nil {
			if !w.missing[h] {
				w.missing[h] = true
				w.errs = append(w.errs, err)
			}
			return nil
		}
		if unint {
			w.markUninteresting(n)
		}
		if !n.queued {
			n.queued, n.inQueue = true, true
			if !n.uninteresting {
				w.interesting++
			}
			w.queue.push(n)
		}
		return n
	}
	for _, h := range o.excludes {
		push(h, gitobj.Hash{}, true)
	}
	for _, h := range o.tips {
		push(h, gitobj.Hash{}, false)
	}
	var out []*walkNode
	for len(w.queue.items) > 0 {
		if w.interesting == 0 {
			break
		}
		n := w.queue.pop()
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
		n.parents = make([]*walkNode, len(n.c.Parents))
		for i, p := range n.c.Parents {
			n.parents[i] = push(p, n.hash, false)
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
// parents, ties broken by commit time, then name (Kahn's algorithm). Each
// node must carry its parents (walkNode.parents, as the commit walk sets
// them): a node without them is ordered by its date alone. Git
// history has no cycles, but a corrupt or hostile object store can have
// commits that are their own ancestors (names need not match contents):
// the cycle is broken at its oldest commit so that every commit is still
// scanned, and reported as an error. That commit is compared with no
// parent (everything in it is new): compared with a parent on the cycle,
// content the whole cycle shares would be introduced by no commit.
func topoOrder(nodes []*walkNode, shallow map[gitobj.Hash]bool, db *gitobj.DB) ([]commit, error) {
	for i, n := range nodes {
		n.topo = i
	}
	// selected is the index of a parent among nodes, or -1: the walk
	// handed each node its parents (nodes are exactly the included and
	// interesting ones).
	selected := func(pn *walkNode) int {
		if pn == nil || !pn.included || pn.uninteresting {
			return -1
		}
		return pn.topo
	}
	indeg := make([]int, len(nodes))
	children := make([][]int, len(nodes))
	var seen []int // a commit's parents so far (a parent listed twice counts once)
	for i, n := range nodes {
		if shallow[n.hash] || n.parents == nil {
			continue
		}
		seen = seen[:0]
		for _, pn := range n.parents {
			if j := selected(pn); j >= 0 && !slices.Contains(seen, j) {
				seen = append(seen, j)
				indeg[i]++
				children[j] = append(children[j], i)
			}
		}
	}
	older := func(a, b int) bool {
		x, y := nodes[a], nodes[b]
		if x.c.CommitTime != y.c.CommitTime {
			return x.c.CommitTime < y.c.CommitTime
		}
		return bytes.Compare(x.hash[:], y.hash[:]) < 0
	}
	q := &minHeap[int]{less: older}
	for i := range nodes {
		if indeg[i] == 0 {
			q.push(i)
		}
	}
	out := make([]commit, 0, len(nodes))
	done := make([]bool, len(nodes))
	broken := make([]bool, len(nodes))
	var cyclic []string
	for len(out) < len(nodes) {
		if len(q.items) == 0 {
			// Only commits on or behind a cycle are left: take the
			// oldest as if its parents were done.
			best := -1
			for i := range nodes {
				if !done[i] && (best < 0 || older(i, best)) {
					best = i
				}
			}
			indeg[best] = 0
			broken[best] = true
			cyclic = append(cyclic, nodes[best].hash.String())
			q.push(best)
		}
		i := q.pop()
		if done[i] {
			continue
		}
		done[i] = true
		n := nodes[i]
		c := commit{hash: n.hash, Commit: n.c}
		if !shallow[n.hash] && !broken[i] {
			for k, p := range n.c.Parents {
				if n.parents != nil && selected(n.parents[k]) >= 0 || db.Has(p) {
					c.parents = append(c.parents, p)
				}
			}
		}
		out = append(out, c)
		for _, ch := range children[i] {
			indeg[ch]--
			if indeg[ch] == 0 && !done[ch] {
				q.push(ch)
			}
		}
	}
	if len(cyclic) > 0 {
		return out, fmt.Errorf("the commit graph has a cycle (commit %s is its own ancestor): corrupt or hostile object store", strings.Join(cyclic, ", "))
	}
	return out, nil
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
