package gitobj

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Object is an object handed to a Walk visitor. Data and Spans are valid
// only during the call.
type Object struct {
	Hash Hash
	Type Type
	Data []byte
	// Spans, for an object stored as a delta (and only when the walk asks
	// for spans of its type), are the parts of Data copied from its delta
	// base or inserted; Base is that base. Nil for whole objects.
	Spans []Span
	Base  Hash
	// Depth is the object's depth in the delta tree being walked by this
	// worker (0 for the first object of a task; -1 when not walked as part
	// of a tree). A visitor that keeps what it learnt of the object at
	// each depth finds a delta's base at Depth-1, as long as it checks
	// that what it kept there is Base: a delta family handed over to
	// another worker starts again at depth 1 there.
	Depth int
	// Worker is the visiting goroutine's number, in [0, workers).
	Worker int
	// Size is the inflated size. Data is nil when the object was not
	// inflated: a blob over MaxBlobSize, or stored as a delta of one.
	Size int64
	// Index is what DB.Index(Hash) returns, -1 for a loose object: the
	// walk knows it without looking the hash up.
	Index int
}

// WalkOptions tune Walk.
type WalkOptions struct {
	// Phases lists the object types of each phase; the phases run one
	// after the other, each on all workers. (Deltas only ever join objects
	// of one type, so each delta tree belongs to one phase.)
	Phases [][]Type
	// Workers; 0 means GOMAXPROCS.
	Workers int
	// Spans reports the types for which visitors get Spans.
	Spans func(Type) bool
	// Visit is called once per object (objects stored in several packs
	// may be visited more than once), concurrently from the workers.
	Visit func(o *Object)
	// Progress, when set, is called now and then with the bytes of pack
	// data (compressed) processed so far and the total.
	Progress func(done, total int64)
	// AfterPhase, when set, runs between phases (the history scanner
	// learns which blobs matter before it reads the trees).
	AfterPhase func(phase int)
	// Planned, when set, is called once every pack's delta forest is
	// built, before any object is inflated (debug timing; the history
	// scanner resolves its tips meanwhile). An error stops the walk before
	// it reads anything: Walk returns it alone.
	Planned func() error
	// MaxBlobSize: a blob larger than this is not inflated (a few
	// kilobytes of zlib can claim gigabytes) but visited with nil Data and
	// its Size, and so is every blob stored as a delta of it (its base is
	// not in hand). 0 means no limit. Commits, trees and tags over
	// MaxMetaSize are errors.
	MaxBlobSize int64
}

// Walk visits every object of the database: each pack's delta trees
// (every entry inflated exactly once, applied to its base while the base
// is in hand, so no delta-base cache and no re-inflation), then the loose
// objects. Per-object problems (corrupt data, missing delta bases) are
// returned, each naming the object; the walk goes on without the objects
// that depend on a failed one.
func (db *DB) Walk(opts WalkOptions) []error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var errs []error
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	var plans []*packPlan
	var total int64
	for _, p := range db.packs {
		p.buildTable()
		p.mapData()
	}
	for pi, p := range db.packs {
		pl, err := db.plan(pi, p)
		if err != nil {
			fail(err)
			continue
		}
		plans = append(plans, pl)
		total += p.size
	}
	if opts.Planned != nil {
		if err := opts.Planned(); err != nil {
			return []error{err}
		}
	}
	rss := openRSSProbe()
	// The walk reads the indexes' names and CRCs from copies (hot) instead
	// of their mapped pages, which counted in the file-backed pages before:
	// the copies come out of the budget, so that the peak stays what it was.
	budget := int64(mapBudget)
	for _, p := range db.packs {
		if hot := p.hot.Load(); hot != nil {
			budget -= int64(len(hot.names) + len(hot.crcs))
		}
	}
	budget = max(budget, mapBudget/2)
	var rssBase int64
	if rss != nil {
		defer rss.close()
		rssBase, _ = rss.fileBytes()
	}
	var done, entries atomic.Int64
	loose, err := db.LooseObjects()
	if err != nil {
		fail(err)
	}
	// The loose objects' types, from their headers (an unreadable one is
	// reported once, not once per phase).
	looseType := make([]Type, len(loose))
	hdrs := db.NewReader(0)
	for i, h := range loose {
		t, _, _, err := hdrs.ReadLimited(h, 0)
		if err != nil {
			fail(err)
		}
		looseType[i] = t
	}
	for phaseNo, phase := range opts.Phases {
		// Tasks: the roots of this phase's delta trees, in pack order, so
		// that the workers move through each pack front to back and the
		// pages a fault maps around an entry are mostly those read next.
		// (Largest delta trees first, the earlier order, read all over the
		// pack from the start: terraform's walk filled its mapping budget
		// and dropped its pages 47 times, now 12, and spent 1.05 s of
		// system time, now 0.48 s. Idle workers take half of a busy one's
		// delta family (share), so a large family last is not left to one.)
		q := &taskQueue{workers: workers}
		q.cond = sync.NewCond(&q.mu)
		n := 0 // (an upper bound: the roots of every phase)
		for _, pl := range plans {
			n += len(pl.roots)
		}
		q.roots = make([]rootTask, 0, n)
		for _, pl := range plans {
			for _, r := range pl.roots {
				if slices.Contains(phase, pl.typ[r]) {
					q.roots = append(q.roots, rootTask{plan: pl, pos: r})
				}
			}
		}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				wk := &walkWorker{db: db, opts: &opts, id: w, fail: fail, z: walkInflater(), q: q, done: &done, entries: &entries, total: total, rss: rss, rssBase: rssBase, mapBudget: budget}
				for {
					t, ok := q.pop(wk.flushReaders)
					if !ok {
						break
					}
					switch {
					case t.deferred:
						wk.deferredKids(t)
					case t.kids == nil:
						wk.root(t.plan, t.pos)
						wk.progress(int64(t.plan.ends[t.pos] - t.plan.offs[t.pos]))
					default:
						wk.taken, wk.resShared = t.res, t.res // the base copy's share
						wk.kids(t.plan, t.kids, t.typ, t.base, t.baseHash, 0, false)
					}
					wk.endTask()
				}
				wk.flushReaders()
				wk.obj = Object{} // (it points into a buffer the pool may hand out)
				// Loose objects of this phase, striped over the workers.
				rd := db.NewMeteredReader(0)
				defer rd.Release()
				for i := w; i < len(loose); i += workers {
					if !slices.Contains(phase, looseType[i]) {
						continue
					}
					t, b, size, err := rd.ReadLimited(loose[i], wk.max(looseType[i]))
					if err != nil {
						fail(err)
						continue
					}
					opts.Visit(&Object{Hash: loose[i], Type: t, Data: b, Size: size, Worker: w, Depth: -1, Index: -1})
				}
			}(w)
		}
		wg.Wait()
		db.mem.drain()
		if opts.AfterPhase != nil {
			opts.AfterPhase(phaseNo)
		}
	}
	return errs
}

// planSplitMin is the smallest pack whose entry headers are read in two
// halves at once (tests lower it).
var planSplitMin = 1 << 16

// rootTask is a delta tree root to walk: what the queue holds of it (a
// walkTask is six times larger, and tldr has 200k roots per phase).
type rootTask struct {
	plan *packPlan
	pos  uint32
}

// walkTask is a delta tree root, or (kids != nil) children of a base:
// handed over by a busy worker to an idle one with its own copy of the
// base (res: the budget that copy holds), or put off (deferred) by a worker
// that could not take from the memory budget what applying them needs;
// a deferred task reads its base again through a Reader.
type walkTask struct {
	plan     *packPlan
	pos      uint32
	kids     []uint32
	base     []byte
	typ      Type
	baseHash Hash
	res      int64
	deferred bool
}

// taskQueue hands out shared subtrees first (they hold budget), then
// subtrees put off, then roots (largest first).
type taskQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	roots    []rootTask
	next     int
	shared   []walkTask
	deferred []walkTask
	workers  int
	idle     atomic.Int32
	done     bool
}

// pop returns the next task; before waiting idle it calls idle (a worker
// then gives back the budget its readers' caches hold).
func (q *taskQueue) pop(idle func()) (walkTask, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if n := len(q.shared); n > 0 {
			t := q.shared[n-1]
			q.shared = q.shared[:n-1]
			return t, true
		}
		if len(q.deferred) > 0 {
			t := q.deferred[0]
			q.deferred = q.deferred[1:]
			return t, true
		}
		if q.next < len(q.roots) {
			r := q.roots[q.next]
			q.next++
			return walkTask{plan: r.plan, pos: r.pos}, true
		}
		if q.done || int(q.idle.Load())+1 == q.workers {
			q.done = true
			q.cond.Broadcast()
			return walkTask{}, false
		}
		if idle != nil {
			idle()
		}
		q.idle.Add(1)
		q.cond.Wait()
		q.idle.Add(-1)
	}
}

// share hands work to idle workers.
func (q *taskQueue) share(t walkTask) {
	q.mu.Lock()
	q.shared = append(q.shared, t)
	q.mu.Unlock()
	q.cond.Signal()
}

// putOff queues work for when the memory budget allows it.
func (q *taskQueue) putOff(t walkTask) {
	q.mu.Lock()
	q.deferred = append(q.deferred, t)
	q.mu.Unlock()
	q.cond.Signal()
}

// packPlan is a pack's delta forest, built from its entry headers.
type packPlan struct {
	pi     int
	p      *Pack
	order  []uint32 // entry numbers by offset
	offs   []uint64 // offsets, by position
	ends   []uint64
	typ    []Type  // resolved type, by position
	base   []int32 // delta base position, -1 for whole objects and external bases
	ext    []Hash  // for positions with an external RefDelta base (sparse: see extPos)
	extPos map[uint32]int
	first  []uint32 // children of position i: kids[first[i]:first[i+1]]
	kids   []uint32
	roots  []uint32
}

// plan reads every entry header of a pack (sequentially, in offset order)
// and builds its delta forest.
func (db *DB) plan(pi int, p *Pack) (*packPlan, error) {
	n := p.n
	pl := &packPlan{pi: pi, p: p, extPos: map[uint32]int{}}
	pl.offs = make([]uint64, n)
	pl.order = make([]uint32, n)
	offByEntry := make([]uint64, n)
	for i := 0; i < n; i++ {
		o, err := p.offsetAt(i)
		if err != nil {
			return nil, err
		}
		offByEntry[i] = o
		pl.order[i] = uint32(i)
	}
	if n < 1<<24 && p.size < 1<<40 {
		// Sorting offset<<24|entry as integers is three times faster
		// than sorting entries through a comparison function (a third
		// of the walk's serial start on tldr).
		keys := make([]uint64, n)
		for i, o := range offByEntry {
			keys[i] = o<<24 | uint64(i)
		}
		slices.Sort(keys)
		for i, k := range keys {
			pl.order[i] = uint32(k & (1<<24 - 1))
		}
	} else {
		slices.SortFunc(pl.order, func(a, b uint32) int { return cmp.Compare(offByEntry[a], offByEntry[b]) })
	}
	pl.ends = make([]uint64, n)
	end := uint64(p.size - 20)
	for i := n - 1; i >= 0; i-- {
		o := offByEntry[pl.order[i]]
		if o >= end {
			return nil, fmt.Errorf("%s: corrupt pack index: two objects at offset %d", p.Path, o)
		}
		pl.offs[i] = o
		pl.ends[i] = end
		end = o
	}
	pl.typ = make([]Type, n)
	pl.base = make([]int32, n)
	posOf := make([]uint32, n) // entry -> position (REF_DELTA bases)
	for i, e := range pl.order {
		posOf[e] = uint32(i)
	}
	// Headers, through a sliding window over the pack; large packs in
	// two halves at once (on terraform's 351k entries, mostly REF_DELTA,
	// this loop was most of the walk's serial start).
	parts := 1
	if n >= planSplitMin {
		parts = 2
	}
	type extBase struct {
		pos  uint32
		hash Hash
	}
	exts := make([][]extBase, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := 0; k < parts; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			const win = 4 << 20
			buf := make([]byte, win)
			bufOff, bufLen := uint64(0), 0
			for i := k * n / parts; i < (k+1)*n/parts; i++ {
				o := pl.offs[i]
				if o < bufOff || o+32 > bufOff+uint64(bufLen) {
					bufOff = o
					m, err := p.f.ReadAt(buf, int64(o))
					if err != nil && !errors.Is(err, io.EOF) {
						errs[k] = fmt.Errorf("%s: read: %w", p.Path, err)
						return
					}
					bufLen = m
				}
				h, err := parseHeader(buf[o-bufOff:bufLen], o)
				if err != nil {
					errs[k] = &ObjectError{Hash: p.hashAt(int(pl.order[i])), Pack: p.Path, Off: o, Err: err}
					return
				}
				pl.base[i] = -1
				switch h.typ {
				case OfsDelta:
					j, ok := slices.BinarySearch(pl.offs[:i], h.baseOff)
					if !ok {
						errs[k] = &ObjectError{Hash: p.hashAt(int(pl.order[i])), Pack: p.Path, Off: o, Err: fmt.Errorf("no delta base at offset %d", h.baseOff)}
						return
					}
					pl.base[i] = int32(j)
				case RefDelta:
					if e := p.find(h.baseRef); e >= 0 {
						pl.base[i] = int32(posOf[e])
					} else {
						exts[k] = append(exts[k], extBase{uint32(i), h.baseRef})
					}
				default:
					pl.typ[i] = h.typ
				}
			}
		}(k)
	}
	wg.Wait()
	for k := range parts {
		if errs[k] != nil {
			return nil, errs[k] // the first in pack order, as one pass would
		}
	}
	for _, ext := range exts {
		for _, x := range ext {
			pl.extPos[x.pos] = len(pl.ext)
			pl.ext = append(pl.ext, x.hash)
		}
	}
	// Children lists; roots are whole objects and external-base deltas.
	count := make([]uint32, n+1)
	for i := 0; i < n; i++ {
		if b := pl.base[i]; b >= 0 {
			count[b+1]++
		} else {
			pl.roots = append(pl.roots, uint32(i))
		}
	}
	for i := 1; i <= n; i++ {
		count[i] += count[i-1]
	}
	pl.first = count
	pl.kids = make([]uint32, count[n])
	fill := slices.Clone(count[:n])
	for i := 0; i < n; i++ {
		if b := pl.base[i]; b >= 0 {
			pl.kids[fill[b]] = uint32(i)
			fill[b]++
		}
	}
	// Types from the roots down (iterative: chains are deep).
	seen := make([]bool, n)
	type frame struct {
		pos  uint32
		kid  uint32
		kids []uint32
	}
	for _, r := range pl.roots {
		if _, ext := pl.extPos[r]; ext {
			pl.typ[r] = Invalid // learnt when its base is read
		}
		stack := []frame{{pos: r, kids: pl.kids[pl.first[r]:pl.first[r+1]]}}
		seen[r] = true
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if int(f.kid) < len(f.kids) {
				c := f.kids[f.kid]
				f.kid++
				if seen[c] {
					continue
				}
				seen[c] = true
				pl.typ[c] = pl.typ[f.pos]
				stack = append(stack, frame{pos: c, kids: pl.kids[pl.first[c]:pl.first[c+1]]})
				continue
			}
			stack = stack[:len(stack)-1]
		}
	}
	for i := 0; i < n; i++ {
		if !seen[i] {
			return nil, &ObjectError{Hash: p.hashAt(int(pl.order[i])), Pack: p.Path, Off: pl.offs[i], Err: errors.New("delta chain loops (corrupt pack)")}
		}
	}
	// External-base roots: their type is their base's, read now (rare:
	// thin packs completed with loose bases).
	if len(pl.ext) > 0 {
		rd := db.NewReader(0)
		for pos, k := range pl.extPos {
			t, _, _, err := rd.ReadLimited(pl.ext[k], 0) // its type only
			if err != nil {
				return nil, &ObjectError{Hash: p.hashAt(int(pl.order[pos])), Pack: p.Path, Off: pl.offs[pos], Err: fmt.Errorf("delta base: %w", err)}
			}
			// propagate to the subtree
			stack := []uint32{pos}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				pl.typ[x] = t
				stack = append(stack, pl.kids[pl.first[x]:pl.first[x+1]]...)
			}
		}
	}
	return pl, nil
}

// walkWorker resolves delta trees depth first, keeping one buffer per
// depth so that a base stays in hand while its children are applied.
//
// Everything it holds comes out of the database's memory budget, taken per
// task: the buffer at each depth (res[d] covers cap(bufs[d])), the delta
// buffer, what reading an external or put-off base needs. A worker waits
// for the budget only at the start of a task, holding nothing; deeper in a
// delta tree it only tries, and when the budget is spent it puts the rest
// of the family off (a deferred task, which reads the base again through a
// Reader) instead of waiting while it holds some.
type walkWorker struct {
	db      *DB
	opts    *WalkOptions
	id      int
	fail    func(error)
	z       *inflater
	raw     []byte
	delta   []byte
	bufs    [][]byte
	spans   []Span
	obj     Object
	rd      *Reader // external delta bases
	deep    *Reader // bases of put-off families
	q       *taskQueue
	done    *atomic.Int64
	entries *atomic.Int64
	total   int64
	rss     *rssProbe // nil: drop at every check
	rssBase int64     // file-backed RSS when the walk started
	// mapBudget bounds the pack pages mapped since then (mapBudget, less
	// what the index copies hold).
	mapBudget int64

	taken     int64   // of the budget, in this task
	res       []int64 // taken for bufs[d]
	resDelta  int64   // taken for delta
	resRaw    int64   // taken for raw
	resRead   int64   // taken for reads through rd or deep
	resShared int64   // a shared task's base copy
	prepaid   int64   // taken at a put-off task's start for its first kid
}

// keepBuf is the largest buffer a worker keeps from one task to the next
// (outside the budget; larger ones are dropped when a task ends).
const keepBuf = 64 << 10

// grow makes the budget taken for a slot cover n bytes. It waits only
// when the worker holds nothing (the start of a task); otherwise it
// reports false when the budget is spent.
func (w *walkWorker) grow(slot *int64, n int64) bool {
	if *slot >= n {
		return true
	}
	extra := n - *slot
	if w.prepaid >= extra {
		w.prepaid -= extra
		*slot = n
		return true // (already counted in taken)
	}
	if !w.db.mem.tryTake(extra) {
		if w.taken > 0 {
			return false
		}
		w.db.mem.take(extra, w.flushReaders)
	}
	*slot = n
	w.taken += extra
	return true
}

// growBuf makes bufs[d] a buffer of at least n bytes' capacity, all of it
// covered by the budget: a larger one from the budget's pool, or a new one.
func (w *walkWorker) growBuf(d int, n int64) bool {
	for len(w.res) <= d {
		w.res = append(w.res, 0)
	}
	w.buf(d)
	if c := int64(cap(w.bufs[d])); c >= n {
		return w.grow(&w.res[d], c) // (a small buffer kept from the last task)
	}
	w.dropBuf(d)
	if p := w.db.mem.getBuf(int(n)); p != nil {
		w.bufs[d], w.res[d] = p, int64(cap(p))
		w.taken += w.res[d]
		return true
	}
	// Room to grow: a file's next version is usually a little larger,
	// and its buffer should come back from the pool.
	if n > keepBuf {
		n = (n + n/16 + 4095) &^ 4095
	}
	if !w.grow(&w.res[d], n) {
		return false
	}
	w.bufs[d] = make([]byte, 0, n)
	return true
}

// dropBuf lets go of bufs[d]: a large one goes to the budget's pool with
// its share, a small one is simply forgotten; what was taken for it is
// given back.
func (w *walkWorker) dropBuf(d int) {
	b := w.bufs[d]
	if c := int64(cap(b)); c > keepBuf && w.res[d] >= c {
		w.db.mem.putBuf(b)
		w.res[d] -= c
		w.taken -= c
	}
	w.db.mem.give(w.res[d])
	w.taken -= w.res[d]
	w.res[d] = 0
	w.bufs[d] = nil
}

// flushReaders gives back what the readers' caches hold (they are kept
// from task to task, so that a put-off family's base is read from the
// bases its predecessor left there, not again from its chain's root).
func (w *walkWorker) flushReaders() {
	for _, r := range []*Reader{w.rd, w.deep} {
		if r != nil {
			r.Release()
		}
	}
}

// endTask gives back what the task took: buffers over keepBuf are
// dropped (the readers' caches stay, until the worker waits idle).
func (w *walkWorker) endTask() {
	w.obj = Object{}
	for d := range w.bufs {
		if cap(w.bufs[d]) > keepBuf {
			w.dropBuf(d)
		}
	}
	if cap(w.delta) > keepBuf {
		w.delta = nil
	}
	if cap(w.raw) > keepBuf {
		w.raw = nil
	}
	w.db.mem.give(w.taken)
	w.taken, w.resDelta, w.resRaw, w.resRead, w.resShared, w.prepaid = 0, 0, 0, 0, 0, 0
	clear(w.res)
}

func (w *walkWorker) progress(n int64) {
	d := w.done.Add(n)
	// The mapped pages read so far leave the process (not the page
	// cache) once they add up to mapBudget, checked every dropEvery bytes
	// or dropEntries entries: a walk of terraform's 255 MB pack would
	// otherwise count it all in its peak RSS (the kernel maps a large
	// folio of the page cache, not a page, at each fault: scattered small
	// entries map the whole pack).
	if e := w.entries.Add(1); (d/dropEvery != (d-n)/dropEvery || e%dropEntries == 0) && w.mappedOverBudget() {
		for _, p := range w.db.packs {
			if p.mapped != nil {
				dropPages(p.mapped)
			}
		}
	}
	if w.opts.Progress != nil {
		w.opts.Progress(d, w.total)
	}
}

// dropEvery and dropEntries bound the pack bytes and entries a walk reads
// between two checks of its mapped pages; mapBudget bounds those pages.
// (128 MiB until the walk went through packs in order: a drop then costs
// few faults, and 112 MiB keeps terraform's peak RSS under what it was,
// 333 vs 360 MiB, for 0.07 s more system time.)
const (
	dropEvery   = 16 << 20
	dropEntries = 512
	mapBudget   = 112 << 20
)

// mappedOverBudget reports whether the file-backed pages the walk has
// mapped since it started (or, without a probe, may have) exceed
// mapBudget.
func (w *walkWorker) mappedOverBudget() bool {
	if w.rss == nil {
		return true
	}
	n, ok := w.rss.fileBytes()
	return !ok || n-w.rssBase > w.mapBudget
}

func (w *walkWorker) entryErr(pl *packPlan, pos uint32, err error) error {
	if oe, ok := err.(*ObjectError); ok && oe.Hash == pl.p.hashAt(int(pl.order[pos])) {
		return err // already names the object (read through a Reader)
	}
	return &ObjectError{Hash: pl.p.hashAt(int(pl.order[pos])), Pack: pl.p.Path, Off: pl.offs[pos], Err: err}
}

// errBudget says the memory budget could not cover an entry's bytes.
var errBudget = errors.New("memory budget spent")

// max is the largest object of type t that is inflated (-1: no limit).
func (w *walkWorker) max(t Type) int64 {
	if t != BlobObject {
		return MaxMetaSize
	}
	if w.opts.MaxBlobSize > 0 {
		return w.opts.MaxBlobSize
	}
	return -1
}

// entry reads the entry at pos: its header and its compressed data, after
// checking its raw bytes against the CRC-32 the index records: every byte
// the walk takes from the pack is checked (see walkInflater).
func (w *walkWorker) entry(pl *packPlan, pos uint32) ([]byte, entryHeader, error) {
	off, end := pl.offs[pos], pl.ends[pos]
	b, err := w.bytes(pl, off, end)
	if err != nil {
		return nil, entryHeader{}, err
	}
	if err := pl.p.checkCRC(int(pl.order[pos]), b); err != nil {
		return nil, entryHeader{}, err
	}
	h, err := parseHeader(b, off)
	if err != nil {
		return nil, h, err
	}
	return b[h.dataOff-off:], h, nil
}

// bytes reads the pack bytes [off, end): one pread of exactly the entry.
// (A 128 KiB read window shared by nearby entries of a delta family was
// tried: on terraform it tripled system time, 0.6 s to 1.7 s, copying
// windows that served one entry.)
func (w *walkWorker) bytes(pl *packPlan, off, end uint64) ([]byte, error) {
	if m := pl.p.mapped; m != nil && end <= uint64(len(m)) {
		return m[off:end:end], nil // read-only: callers never write it
	}
	n := int(end - off)
	if cap(w.raw) < n {
		if !w.grow(&w.resRaw, int64(n)) {
			return nil, errBudget
		}
		w.raw = make([]byte, n)
	}
	b := w.raw[:n]
	if _, err := pl.p.f.ReadAt(b, int64(off)); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return b, nil
}

func (w *walkWorker) buf(depth int) []byte {
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, nil)
	}
	return w.bufs[depth]
}

func (w *walkWorker) root(pl *packPlan, pos uint32) {
	data, h, err := w.entry(pl, pos)
	if err != nil {
		w.fail(w.entryErr(pl, pos, err))
		return
	}
	if h.typ != RefDelta {
		if max := w.max(h.typ); max >= 0 && int64(h.size) > max {
			w.skip(pl, pos, h.typ, int64(h.size))
			return
		}
		if err := checkSize(h.typ, int64(h.size), int64(len(data))); err != nil {
			w.fail(w.entryErr(pl, pos, err))
			return
		}
		w.growBuf(0, int64(h.size)) // holding nothing: waits if it must
		out, err := w.z.inflate(data, h.size, w.buf(0))
		if err != nil {
			w.fail(w.entryErr(pl, pos, err))
			return
		}
		w.bufs[0] = out[:0]
		w.visit(pl, pos, h.typ, out, Hash{}, false, 0)
		w.descend(pl, pos, h.typ, out, 0)
		return
	}
	// An external base (another pack or a loose object).
	if w.rd == nil {
		w.rd = w.db.newWalkReader(16 << 20)
	}
	_, target, err := w.z.deltaSizes(data)
	if err != nil {
		w.fail(w.entryErr(pl, pos, err))
		return
	}
	bt, _, _, err := w.rd.ReadLimited(h.baseRef, 0)
	if err != nil {
		w.fail(w.entryErr(pl, pos, fmt.Errorf("delta base: %w", err)))
		return
	}
	max := w.max(bt)
	if max >= 0 && int64(target) > max {
		w.skip(pl, pos, bt, int64(target))
		return
	}
	// Reading the base (three times its size while it is resolved), the
	// delta and the target, all taken at once while holding nothing.
	w.grow(&w.resRead, 3*max64(w.rd.sizeOf(h.baseRef), 0)+int64(h.size)+int64(target))
	bt, bb, bsize, err := w.rd.ReadLimited(h.baseRef, max)
	if err != nil {
		w.fail(w.entryErr(pl, pos, fmt.Errorf("delta base: %w", err)))
		return
	}
	if bb == nil && bsize > 0 {
		w.skip(pl, pos, bt, int64(target))
		return
	}
	delta, err := w.z.inflate(data, h.size, w.delta)
	if err != nil {
		w.fail(w.entryErr(pl, pos, err))
		return
	}
	w.delta = delta[:0]
	var spans *[]Span
	if w.opts.Spans != nil && w.opts.Spans(bt) {
		w.spans = w.spans[:0]
		spans = &w.spans
	}
	out, err := applyDelta(bb, delta, w.buf(0), spans)
	if err != nil {
		w.fail(w.entryErr(pl, pos, err))
		return
	}
	w.bufs[0] = out[:0]
	w.visit(pl, pos, bt, out, h.baseRef, true, 0)
	w.descend(pl, pos, bt, out, 0)
}

func max64(a, b int64) int64 { return max(a, b) }

// deferredKids applies a put-off family to its base, read again through a
// Reader: it starts holding nothing, so it may wait for the budget.
func (w *walkWorker) deferredKids(t walkTask) {
	if w.deep == nil {
		w.deep = w.db.newWalkReader(4 * max(w.max(BlobObject), 16<<20))
	}
	// Taken at once while holding nothing: reading the base, and the
	// first kid (its delta and target), so that every put-off task makes
	// progress however small the budget.
	first := int64(0)
	if raw, h, err := w.entry(t.plan, t.kids[0]); err == nil {
		if _, target, err := w.z.deltaSizes(raw); err == nil {
			first = int64(target) + int64(h.size)
		}
	}
	w.grow(&w.resRead, 3*max64(w.deep.sizeOf(t.baseHash), 0)+first)
	w.prepaid = first
	w.resRead -= first
	_, base, size, err := w.deep.ReadLimited(t.baseHash, w.max(t.typ))
	if err == nil && base == nil && size > 0 {
		err = errors.New("over the size limit") // (was in hand when put off: not expected)
	}
	if err != nil {
		for _, k := range t.kids {
			w.fail(w.entryErr(t.plan, k, fmt.Errorf("delta base %s: %w", t.baseHash, err)))
		}
		return
	}
	w.kids(t.plan, t.kids, t.typ, base, t.baseHash, 0, false)
}

// skip visits pos and everything stored as a delta of it without
// inflating them: pos is over its type's limit, so none of them can be
// resolved in bounded memory. Blobs are visited with nil Data and their
// declared sizes; commits, trees and tags are errors.
func (w *walkWorker) skip(pl *packPlan, pos uint32, t Type, size int64) {
	stack := []uint32{pos}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		stack = append(stack, pl.kids[pl.first[x]:pl.first[x+1]]...)
		if x != pos { // (the caller counts pos itself)
			w.progress(int64(pl.ends[x] - pl.offs[x]))
			data, _, err := w.entry(pl, x)
			var target uint64
			if err == nil {
				_, target, err = w.z.deltaSizes(data)
			}
			if err != nil {
				w.fail(w.entryErr(pl, x, err))
				continue
			}
			size = int64(target)
		}
		if t != BlobObject {
			w.fail(w.entryErr(pl, x, fmt.Errorf("%s of %d bytes (or a delta of one): larger than the %d bytes aaiguard inflates for a %s (hostile repository?)", t, size, MaxMetaSize, t)))
			continue
		}
		w.obj = Object{Hash: pl.p.hashAt(int(pl.order[x])), Type: t, Size: size, Worker: w.id, Depth: -1}
		w.obj.Index = w.index(pl, x, w.obj.Hash)
		w.opts.Visit(&w.obj)
	}
}

func (w *walkWorker) visit(pl *packPlan, pos uint32, t Type, data []byte, base Hash, delta bool, depth int) {
	w.obj = Object{Hash: pl.p.hashAt(int(pl.order[pos])), Type: t, Data: data, Size: int64(len(data)), Worker: w.id, Depth: depth}
	w.obj.Index = w.index(pl, pos, w.obj.Hash)
	if delta && w.opts.Spans != nil && w.opts.Spans(t) {
		w.obj.Spans, w.obj.Base = w.spans, base
	}
	w.opts.Visit(&w.obj)
}

// descend applies the children of pos (whose content is data, at depth d)
// and recurses into theirs.
func (w *walkWorker) descend(pl *packPlan, pos uint32, t Type, data []byte, d int) {
	kids := pl.kids[pl.first[pos]:pl.first[pos+1]]
	if len(kids) == 0 {
		return
	}
	w.kids(pl, kids, t, data, pl.p.hashAt(int(pl.order[pos])), d, true)
}

// kids applies deltas kids to base (at depth d) and descends into each.
// While another worker is idle, half of the remaining kids are handed over
// with a copy of the base: one delta family (a file's thousands of
// versions) would otherwise keep a single core busy. When the memory
// budget cannot cover the next kid, the remaining ones are put off. own
// says data is bufs[d]: once the last kid is applied, that buffer is let
// go before descending, so that a chain (one kid each, the usual shape of
// a file's versions) holds two objects in hand, not all of its bases.
func (w *walkWorker) kids(pl *packPlan, kids []uint32, t Type, data []byte, baseHash Hash, d int, own bool) {
	wantSpans := w.opts.Spans != nil && w.opts.Spans(t)
	putOff := func(rest []uint32) {
		w.q.putOff(walkTask{plan: pl, kids: rest, typ: t, baseHash: baseHash, deferred: true})
	}
	for i := 0; i < len(kids); i++ {
		if rest := len(kids) - i; rest >= 2 && w.q.idle.Load() > 0 && w.db.mem.tryTake(int64(len(data))) {
			half := i + rest/2
			w.q.share(walkTask{plan: pl, kids: kids[half:], base: slices.Clone(data), typ: t, baseHash: baseHash, res: int64(len(data))})
			kids = kids[:half]
		}
		k := kids[i]
		raw, h, err := w.entry(pl, k)
		if errors.Is(err, errBudget) {
			putOff(kids[i:])
			return
		}
		if err != nil {
			w.fail(w.entryErr(pl, k, err))
			continue
		}
		if h.size <= smallDelta && !w.grow(&w.resDelta, int64(h.size)) {
			putOff(kids[i:])
			return
		}
		delta, target, err := w.z.inflateDelta(raw, h.size, w.delta)
		if err != nil {
			w.fail(w.entryErr(pl, k, err))
			continue
		}
		if max := w.max(t); max >= 0 && int64(target) > max {
			w.skip(pl, k, t, int64(target))
			w.progress(int64(pl.ends[k] - pl.offs[k]))
			continue
		}
		if h.size > smallDelta && !w.grow(&w.resDelta, int64(h.size)) {
			putOff(kids[i:])
			return
		}
		if delta == nil {
			if delta, err = w.z.inflate(raw, h.size, w.delta); err != nil {
				w.fail(w.entryErr(pl, k, err))
				continue
			}
		}
		w.delta = delta[:0]
		// The target's buffer only once the delta is known to build it.
		tgtSize, instr, err := checkDelta(data, delta)
		if err != nil {
			w.fail(w.entryErr(pl, k, err))
			continue
		}
		if !w.growBuf(d+1, int64(target)) {
			putOff(kids[i:])
			return
		}
		var spans *[]Span
		if wantSpans {
			w.spans = w.spans[:0]
			spans = &w.spans
		}
		out, err := applyChecked(data, instr, tgtSize, w.buf(d+1), spans)
		if err != nil {
			w.fail(w.entryErr(pl, k, err))
			continue
		}
		w.bufs[d+1] = out[:0]
		if own && i == len(kids)-1 && int64(len(data)) > keepBuf {
			w.dropBuf(d) // (data is not used again)
		}
		w.visit(pl, k, t, out, baseHash, true, d+1)
		w.progress(int64(pl.ends[k] - pl.offs[k]))
		w.descend(pl, k, t, out, d+1)
	}
}
