package gitobj

import "sync"

// DefaultMemoryBudget is how many bytes of inflated objects a database's
// walks and readers may hold at once, all goroutines together: the objects
// in hand along delta chains, readers' delta-base caches and the objects
// they are resolving. The budget is one per database (one per process in
// aaiguard), so the peak does not grow with the number of cores; a walk
// that would exceed it reads the rest of a delta family later, through a
// reader, instead of keeping its bases in hand.
const DefaultMemoryBudget = 128 << 20

// budget is a counting limit on bytes held. Goroutines take before they
// hold and give back when done; take blocks, tryTake does not. To stay
// deadlock-free, a goroutine blocks in take only while it holds nothing of
// the budget: one that holds some uses tryTake and, when that fails, puts
// the work off (the walk) or flushes what it holds first (readers).
//
// Large buffers a walk worker no longer needs go back to the budget's pool
// (still counted), for the next task to reuse: dropping them would leave
// the garbage collector to find them, and between two collections a walk
// that frees and allocates 10 MiB buffers at every task would hold twice
// its budget. Pooled buffers are dropped when the budget needs their room.
type budget struct {
	mu        sync.Mutex
	cond      sync.Cond
	cap, used int64
	peak      int64
	pool      [][]byte
}

func newBudget(n int64) *budget {
	b := &budget{cap: n}
	b.cond.L = &b.mu
	return b
}

// fits reports whether n more bytes fit. An object larger than the whole
// budget fits when nothing else is held: it is handled alone.
func (b *budget) fits(n int64) bool { return b.used+n <= b.cap || b.used == 0 }

func (b *budget) tryTake(n int64) bool {
	if n <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.makeRoom(n) {
		return false
	}
	b.add(n)
	return true
}

// makeRoom drops pooled buffers until n bytes fit; it reports whether they
// do.
func (b *budget) makeRoom(n int64) bool {
	for !b.fits(n) && len(b.pool) > 0 {
		last := len(b.pool) - 1
		b.used -= int64(cap(b.pool[last]))
		b.pool[last] = nil
		b.pool = b.pool[:last]
	}
	return b.fits(n)
}

// getBuf returns a pooled buffer of at least n bytes' capacity (its bytes
// now the caller's share), or nil.
func (b *budget) getBuf(n int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	best := -1
	for i, p := range b.pool {
		if cap(p) >= n && (best < 0 || cap(p) < cap(b.pool[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	buf := b.pool[best]
	b.pool[best] = b.pool[len(b.pool)-1]
	b.pool[len(b.pool)-1] = nil
	b.pool = b.pool[:len(b.pool)-1]
	return buf[:0]
}

// drain drops the pooled buffers (a walk's phase is over).
func (b *budget) drain() {
	b.mu.Lock()
	for _, p := range b.pool {
		b.used -= int64(cap(p))
	}
	clear(b.pool)
	b.pool = b.pool[:0]
	b.mu.Unlock()
	b.cond.Broadcast()
}

// putBuf hands a buffer, whose capacity the caller had taken, to the pool.
func (b *budget) putBuf(buf []byte) {
	b.mu.Lock()
	b.pool = append(b.pool, buf[:0])
	b.mu.Unlock()
	b.cond.Broadcast() // (a waiter may now drop it to make room)
}

// take waits until n bytes fit. The caller must hold nothing of the budget
// but what release gives back (its caches): release is called, once,
// before waiting. Every goroutine that waits then holds nothing, and every
// other holder is working and gives back when its read or task ends, so
// the wait ends: at the latest when nothing is held, where even an object
// larger than the whole budget fits (fits).
func (b *budget) take(n int64, release func()) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	if !b.makeRoom(n) && release != nil {
		b.mu.Unlock()
		release()
		b.mu.Lock()
	}
	for !b.makeRoom(n) {
		b.cond.Wait()
	}
	b.add(n)
	b.mu.Unlock()
}

func (b *budget) add(n int64) {
	b.used += n
	b.peak = max(b.peak, b.used)
}

func (b *budget) give(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// SetMemoryBudget sets the database's budget for inflated objects held at
// once (DefaultMemoryBudget unless set); call it before reading.
func (db *DB) SetMemoryBudget(n int64) { db.mem = newBudget(n) }

// MemoryPeak is the most the database's walks and readers held of their
// budget at once (tests check the bound).
func (db *DB) MemoryPeak() int64 {
	db.mem.mu.Lock()
	defer db.mem.mu.Unlock()
	return db.mem.peak
}
