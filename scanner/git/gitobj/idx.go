package gitobj

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// Opening a pack index costs what its header costs: the file is mapped,
// not read (tldr's .idx is 16 MB for 592k objects: reading it and checking
// the order of every name was 10 ms of a 60 ms staged scan that looks up
// a dozen objects). What a lookup relies on is verified when it is first
// relied on: a binary search checks the order of the names of its
// first-byte bucket (n/256 names) the first time it searches that bucket,
// and a database searched often builds the finer two-byte fanout, which
// checks every name once. A damaged index is still an error, naming the
// file, when the object looked up is not found (DB.missing verifies the
// whole index first): never a silent "missing" in a partial clone, whose
// missing objects are noted, not failed.

// fan16After is the number of binary searches in a pack after which its
// two-byte fanout is built: a few lookups (staged) never pay for it, a
// selective history pass (thousands) soon does.
const fan16After = 2048

// idxLookup is the lazily verified search side of a pack index.
type idxLookup struct {
	name  string // the .idx path, for errors
	unmap []byte // the mapping of the .idx file, when mapped
	// sorted has bit b set once first-byte bucket b was checked in order.
	sorted   [4]atomic.Uint64
	searches atomic.Int64
	// fan16[k], once built, is the number of names whose first two bytes
	// are below k.
	fan16   atomic.Pointer[[]uint32]
	fanOnce sync.Once
	damage  atomic.Pointer[error]
}

// readIndexFile maps a pack index read-only (read into memory where it
// cannot be mapped).
func readIndexFile(path string) ([]byte, []byte, error) {
	f, err := regularfile.Open(path, true) // (a FIFO must not hang the open)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, regularfile.Cause(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if st.Size() > 0 {
		if b, err := mapFile(f, st.Size()); err == nil {
			return b, b, nil
		}
	}
	b, err := regularfile.Read(path, true, maxIndex)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, regularfile.Cause(err))
	}
	return b, nil, nil
}

// closeIndex unmaps the index.
func (p *Pack) closeIndex() {
	if p.lk.unmap != nil {
		unmapFile(p.lk.unmap)
		p.lk.unmap = nil
		p.idx, p.names, p.crcs, p.offs32, p.offs64, p.fanout = nil, nil, nil, nil, nil, nil
	}
}

// parseIndex checks a version 2 pack index's header, fanout table and size,
// and slices its tables.
func (p *Pack) parseIndex(name string) error {
	p.lk.name = name
	b := p.idx
	bad := func(why string) error { return fmt.Errorf("%s: corrupt pack index: %s", name, why) }
	if len(b) < 8+1024+40 || !bytes.Equal(b[:4], []byte{0xff, 't', 'O', 'c'}) {
		return bad("not a version 2 index")
	}
	if v := binary.BigEndian.Uint32(b[4:]); v != 2 {
		return bad(fmt.Sprintf("unsupported version %d", v))
	}
	p.fanout = b[8 : 8+1024]
	prev := uint32(0)
	for i := 0; i < 256; i++ {
		c := binary.BigEndian.Uint32(p.fanout[4*i:])
		if c < prev {
			return bad("fanout table not monotonic")
		}
		prev = c
	}
	n := int(prev)
	p.n = n
	t := 8 + 1024
	if len(b) < t+n*28+40 {
		return bad(fmt.Sprintf("too short for %d objects (truncated?)", n))
	}
	p.names = b[t : t+n*20]
	p.crcs = b[t+n*20 : t+n*24]
	p.offs32 = b[t+n*24 : t+n*28]
	p.offs64 = b[t+n*28 : len(b)-40]
	return nil
}

// bucket is the range of entries whose names start with byte b.
func (p *Pack) bucket(b byte) (lo, hi int) {
	if b > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[4*(int(b)-1):]))
	}
	return lo, int(binary.BigEndian.Uint32(p.fanout[4*int(b):]))
}

// search binary-searches the index for h: the entry number, or -1.
func (p *Pack) search(h Hash) int {
	var lo, hi int
	if fp := p.lk.fan16.Load(); fp != nil {
		k := int(binary.BigEndian.Uint16(h[:]))
		lo, hi = int((*fp)[k]), int((*fp)[k+1])
	} else {
		if p.lk.searches.Add(1) == fan16After {
			p.lk.fanOnce.Do(p.makeFan16)
		}
		lo, hi = p.bucket(h[0])
		if !p.bucketInOrder(h[0], lo, hi) {
			return -1
		}
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c := bytes.Compare(p.names[20*m:20*m+20], h[:])
		if c == 0 {
			return m
		}
		if c < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return -1
}

// bucketInOrder reports whether the names of bucket b (entries lo..hi)
// all start with b and are strictly ascending, checking once; a bucket out
// of order marks the index damaged.
func (p *Pack) bucketInOrder(b byte, lo, hi int) bool {
	word, bit := &p.lk.sorted[b>>6], uint64(1)<<(b&63)
	if word.Load()&bit != 0 {
		return true
	}
	for i := lo; i < hi; i++ {
		if p.names[20*i] != b || i > lo && bytes.Compare(p.names[20*(i-1):20*i], p.names[20*i:20*i+20]) >= 0 {
			p.damaged(fmt.Sprintf("object names not sorted (entry %d)", i))
			return false
		}
	}
	word.Or(bit)
	return true
}

// makeFan16 checks the order of every name and builds the two-byte
// fanout; on a name out of order it is not built (the buckets then say
// which).
func (p *Pack) makeFan16() {
	f := make([]uint32, 1<<16+1)
	for i := 0; i < p.n; i++ {
		if i > 0 && bytes.Compare(p.names[20*(i-1):20*i], p.names[20*i:20*i+20]) >= 0 {
			p.damaged(fmt.Sprintf("object names not sorted (entry %d)", i))
			return
		}
		f[int(binary.BigEndian.Uint16(p.names[20*i:]))+1]++
	}
	for k := 1; k <= 1<<16; k++ {
		f[k] += f[k-1]
	}
	// The first-byte fanout must agree with the names it counts.
	for b := 0; b < 256; b++ {
		if _, hi := p.bucket(byte(b)); uint32(hi) != f[(b+1)<<8] {
			p.damaged("fanout table does not match the object names")
			return
		}
	}
	p.lk.fan16.Store(&f)
}

// verify checks the whole index, once: every name in order and the
// first-byte fanout agreeing with the names. A lookup that misses is
// verified before the object is called missing: an entry whose name the
// fanout puts in another bucket is found by no search, and checking only
// the buckets searched would call it missing (a note, in a partial clone).
func (p *Pack) verify() error {
	p.lk.fanOnce.Do(p.makeFan16)
	if e := p.lk.damage.Load(); e != nil {
		return *e
	}
	return nil
}

func (p *Pack) damaged(why string) {
	err := fmt.Errorf("%s: corrupt pack index: %s", p.lk.name, why)
	p.lk.damage.CompareAndSwap(nil, &err)
}

// missing is the error for an object no pack and no loose file holds: the
// damage found in a pack index, if any (the object may be in the damaged
// part), else a MissingError.
func (db *DB) missing(h Hash) error {
	for _, p := range db.packs {
		if err := p.verify(); err != nil {
			return fmt.Errorf("object %s: %w", h, err)
		}
	}
	return &MissingError{Hash: h}
}

// Checksum is the pack's SHA-1 trailer (as its index records it): the
// pack's identity, for a scan cache that must know which packs it read.
func (p *Pack) Checksum() Hash {
	var h Hash
	copy(h[:], p.idx[len(p.idx)-40:len(p.idx)-20])
	return h
}

// Contains reports whether the pack holds h.
func (p *Pack) Contains(h Hash) bool { return p.find(h) >= 0 }

// HashAt is the name of the pack's entry i, in [0, Count()).
func (p *Pack) HashAt(i int) Hash { return p.hashAt(i) }
