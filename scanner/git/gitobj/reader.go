package gitobj

import (
	"bufio"
	"bytes"
	"container/list"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/klauspost/compress/zlib"

	"github.com/aaiguard/aaiguard/scanner/git/inflate"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// Reader reads objects by name with a delta-base cache. It is not safe for
// concurrent use: give each goroutine its own.
//
// What a reader holds comes out of the database's memory budget (see
// budget.go): its cache, and while it resolves an object three times the
// object's size (the object, its delta, its base), of which the object
// itself stays counted until the next read. A reader that cannot get that
// much empties its cache and waits.
type Reader struct {
	db    *DB
	z     *inflater
	cache *baseCache
	buf   []byte // compressed bytes of the current entry
	// metered: the reader takes from the budget what it resolves (walk
	// workers' readers are not: the worker has taken it).
	metered bool
	last    int64 // taken for the object last returned
	// spare is the largest buffer the cache evicted, still counted in the
	// budget (spareRes), for the next object to be built in: a reader
	// that resolves 10 MiB blobs one after another would otherwise leave
	// the garbage collector twice its budget to find.
	spare    []byte
	spareRes int64
}

// NewReader returns a Reader whose delta-base cache holds up to cacheBytes
// bytes of inflated objects. It is not metered: what it holds is outside
// the database's memory budget (it is for a goroutine reading objects one
// at a time; see NewMeteredReader for readers that run side by side).
//
// An object read is valid until the next read: its buffer may then be
// reused.
func (db *DB) NewReader(cacheBytes int64) *Reader {
	return &Reader{db: db, z: &inflater{}, cache: newBaseCache(cacheBytes, nil)}
}

// NewMeteredReader is NewReader for one of many goroutines reading side by
// side: everything it holds (its cache, the object it resolves and the one
// it last returned) comes out of the database's memory budget, so that
// their total does not grow with their number. A read that cannot get its
// share waits (having emptied the reader's cache) until others give back;
// an object larger than the whole budget is read alone. The caller must
// call Release when done (defer it), or other readers may wait forever.
func (db *DB) NewMeteredReader(cacheBytes int64) *Reader {
	r := &Reader{db: db, z: &inflater{}, cache: newBaseCache(cacheBytes, db.mem), metered: true}
	r.cache.spare = r.keepSpare
	return r
}

// newWalkReader is a reader for a walk worker, which takes from the budget
// itself what the reads need (its cache still takes its own share).
func (db *DB) newWalkReader(cacheBytes int64) *Reader {
	r := &Reader{db: db, z: &inflater{}, cache: newBaseCache(cacheBytes, db.mem)}
	r.cache.spare = r.keepSpare
	return r
}

// keepSpare keeps an evicted cache entry's buffer (and its share of the
// budget) when it is larger than the spare in hand.
func (r *Reader) keepSpare(b []byte) bool {
	if cap(b) < keepBuf || cap(b) <= cap(r.spare) {
		return false
	}
	r.db.mem.give(r.spareRes)
	r.spare, r.spareRes = b[:0], int64(len(b))
	return true
}

// takeSpare returns the spare as a destination for n bytes when it is
// large enough (its share of the budget given back: the read in progress
// has taken for what it builds), or nil.
func (r *Reader) takeSpare(n uint64) []byte {
	if uint64(cap(r.spare)) < n {
		return nil
	}
	b := r.spare
	r.db.mem.give(r.spareRes)
	r.spare, r.spareRes = nil, 0
	return b
}

// Release gives back what the reader holds of the memory budget (its cache
// and the last object); the objects it returned must no longer be used.
// The reader stays usable.
func (r *Reader) Release() {
	r.cache.flush()
	if r.cache.mem == nil {
		return
	}
	r.db.mem.give(r.spareRes)
	r.spare, r.spareRes = nil, 0
	r.db.mem.give(r.last)
	r.last = 0
	if cap(r.buf) > 1<<20 {
		r.buf = nil
	}
}

// sizeOf is the inflated size of object h, from its header (and for a
// delta the start of its data), or -1 when that cannot be told.
func (r *Reader) sizeOf(h Hash) int64 {
	for _, p := range r.db.packs {
		if e := p.find(h); e >= 0 {
			off, err := p.offsetAt(e)
			if err != nil {
				return -1
			}
			hdr, data, err := p.readAt(off, 0, &r.buf)
			if err != nil {
				return -1
			}
			if hdr.typ != OfsDelta && hdr.typ != RefDelta {
				return int64(hdr.size)
			}
			if _, target, err := r.z.deltaSizes(data); err == nil {
				return int64(target)
			}
			return -1
		}
	}
	if path, err := r.db.loosePath(h); err == nil {
		if _, _, size, err := readLoose(path, h, 0); err == nil {
			return size
		}
	}
	return -1
}

// reserve takes from the budget what reading h (up to limit) needs.
func (r *Reader) reserve(h Hash, limit int64) int64 {
	r.db.mem.give(r.last)
	r.last = 0
	size := r.sizeOf(h)
	if size <= 0 || limit >= 0 && size > limit {
		return 0 // not inflated (or an error the read reports)
	}
	need := 3 * size
	if !r.db.mem.tryTake(need) {
		r.db.mem.take(need, r.Release)
	}
	return need
}

// ObjectError is a failure to read one object: it names the object and,
// for packed objects, the pack and offset.
type ObjectError struct {
	Hash Hash
	Pack string
	Off  uint64
	Err  error
}

func (e *ObjectError) Error() string {
	name := "object"
	if !e.Hash.IsZero() {
		name = "object " + e.Hash.String()
	}
	if e.Pack != "" {
		return fmt.Sprintf("%s (%s at offset %d): %v", name, e.Pack, e.Off, e.Err)
	}
	return fmt.Sprintf("%s: %v", name, e.Err)
}

func (e *ObjectError) Unwrap() error { return e.Err }

// Read returns an object's type and content. The content may be shared
// with the cache: callers must not modify it.
func (r *Reader) Read(h Hash) (Type, []byte, error) {
	t, b, _, err := r.read(h, -1)
	return t, b, err
}

// ReadLimited is Read for objects of at most limit bytes (limit < 0: no
// limit). A larger object's content is not read: it returns its type and
// size with a nil content. So does an object stored as a delta of an
// object over the limit (its base is not inflated); its size is then at
// most limit. Commits, trees and tags over MaxMetaSize are errors.
func (r *Reader) ReadLimited(h Hash, limit int64) (Type, []byte, int64, error) {
	return r.read(h, limit)
}

func (r *Reader) read(h Hash, limit int64) (Type, []byte, int64, error) {
	if !r.metered {
		return r.readObject(h, limit)
	}
	need := r.reserve(h, limit)
	t, b, size, err := r.readObject(h, limit)
	// The object and the compressed-bytes buffer (kept for the next read:
	// dropping it would only make garbage) stay counted.
	if int64(len(b)+cap(r.buf)) > need && cap(r.buf) > 1<<20 {
		r.buf = nil
	}
	r.last = min(int64(len(b)+cap(r.buf)), need)
	r.db.mem.give(need - r.last)
	return t, b, size, err
}

func (r *Reader) readObject(h Hash, limit int64) (Type, []byte, int64, error) {
	for pi, p := range r.db.packs {
		if e := p.find(h); e >= 0 {
			off, err := p.offsetAt(e)
			if err != nil {
				return Invalid, nil, 0, &ObjectError{Hash: h, Err: err}
			}
			t, b, size, err := r.readPacked(pi, off, limit, 0)
			if err == nil && b != nil {
				// Every object handed out hashes to its name (a corrupt
				// base shows in the objects built from it).
				if err = verifyHash(h, t, b); err != nil {
					t, b, size = Invalid, nil, 0
				}
			}
			if err != nil {
				var oe *ObjectError
				if !errors.As(err, &oe) {
					err = &ObjectError{Hash: h, Pack: p.Path, Off: off, Err: err}
				} else if oe.Hash.IsZero() {
					oe.Hash = h
				}
			}
			return t, b, size, err
		}
	}
	path, err := r.db.loosePath(h)
	if err != nil {
		return Invalid, nil, 0, err
	}
	t, b, size, err := readLoose(path, h, limit)
	if err != nil {
		return Invalid, nil, 0, &ObjectError{Hash: h, Err: fmt.Errorf("loose object %s: %w", path, err)}
	}
	return t, b, size, nil
}

// readLoose reads the loose object file at path, which git names h. The
// zlib stream is read to its end (its Adler-32 is checked there), nothing
// may follow it, and the content must hash to h: a corrupt loose object is
// an error, never content. With limit >= 0, an object larger than limit is
// not read (type and size only, from its header; it is not scanned either).
func readLoose(path string, h Hash, limit int64) (Type, []byte, int64, error) {
	f, err := regularfile.Open(path, true)
	if err != nil {
		return Invalid, nil, 0, regularfile.Cause(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Invalid, nil, 0, regularfile.Cause(err)
	}
	// A bufio.Reader is an io.ByteReader: the inflater reads exactly the
	// zlib stream from it, so what is left afterwards is trailing garbage.
	br := bufio.NewReaderSize(f, int(min(max(st.Size(), 16), 64<<10)))
	zr, err := zlib.NewReader(br)
	if err != nil {
		return Invalid, nil, 0, fmt.Errorf("zlib: %w", err)
	}
	defer zr.Close()
	t, size, err := looseHeader(zr)
	if err != nil {
		return Invalid, nil, 0, err
	}
	if err := checkSize(t, size, st.Size()); err != nil {
		return Invalid, nil, 0, err
	}
	if limit >= 0 && size > limit {
		return t, nil, size, nil
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(zr, b); err != nil {
		return Invalid, nil, 0, fmt.Errorf("truncated object: %w", err)
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n > 0 {
		return Invalid, nil, 0, fmt.Errorf("more data than the %d bytes its header says: %w", size, ErrCorrupt)
	} else if err != io.EOF {
		if err == nil {
			err = io.ErrNoProgress
		}
		return Invalid, nil, 0, fmt.Errorf("zlib: %w", err) // a bad Adler-32 ends here
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return Invalid, nil, 0, fmt.Errorf("bytes after the end of its zlib stream: %w", ErrCorrupt)
	}
	if err := verifyHash(h, t, b); err != nil {
		return Invalid, nil, 0, err
	}
	return t, b, size, nil
}

// looseHeader reads "<type> <size>\x00" from the start of a loose object.
func looseHeader(r io.Reader) (Type, int64, error) {
	var hdr [32]byte
	n := 0
	for {
		if n == len(hdr) {
			return Invalid, 0, errors.New("bad object header: too long")
		}
		if _, err := io.ReadFull(r, hdr[n:n+1]); err != nil {
			return Invalid, 0, fmt.Errorf("bad object header: %w", err)
		}
		if hdr[n] == 0 {
			break
		}
		n++
	}
	typ, sz, ok := bytes.Cut(hdr[:n], []byte{' '})
	if !ok {
		return Invalid, 0, errors.New("bad object header")
	}
	t := parseType(string(typ))
	if t == Invalid {
		return Invalid, 0, fmt.Errorf("invalid object type %q", typ)
	}
	size, err := strconv.ParseInt(string(sz), 10, 64)
	if err != nil || size < 0 {
		return Invalid, 0, fmt.Errorf("bad object size %q", sz)
	}
	return t, size, nil
}

// MaxMetaSize bounds the inflated size of commits, trees and tags. Git sets
// no such limit, but a tree of 256 MiB would list millions of files in one
// directory: larger is a hostile repository (a few kilobytes of zlib can
// claim gigabytes), reported as an error rather than inflated.
const MaxMetaSize = 256 << 20

// maxDeflateRatio is deflate's largest expansion: a 258-byte match costs at
// least two bits, so a stream inflates to at most about 1032 times its
// size. An object that claims more than its compressed bytes could ever
// inflate to is corrupt, and is refused before anything is allocated for it.
const maxDeflateRatio = 1032

// checkSize refuses an object whose declared size is impossible for the
// compressed bytes that hold it, or too large for its type.
func checkSize(t Type, size, compressed int64) error {
	if size < 0 || size > 1<<40 || compressed >= 0 && size > compressed*maxDeflateRatio+1024 {
		return fmt.Errorf("corrupt object: claims %d bytes inflated from %d compressed bytes", size, compressed)
	}
	if t != BlobObject && t != Invalid && size > MaxMetaSize {
		return fmt.Errorf("%s of %d bytes: larger than the %d bytes aaiguard inflates for a %s (hostile repository?)", t, size, MaxMetaSize, t)
	}
	return nil
}

const maxDeltaDepth = 10000

// readPacked resolves the entry at offset off of pack pi. A blob larger
// than limit (limit >= 0) is not inflated: its type and size come back
// with nil content. That includes a blob stored as a delta of a blob over
// the limit (its base is not inflated either), so a few kilobytes of pack
// cannot make aaiguard inflate gigabytes; a zero limit asks for the type
// and size only.
func (r *Reader) readPacked(pi int, off uint64, limit int64, depth int) (Type, []byte, int64, error) {
	p := r.db.packs[pi]
	if c, ok := r.cache.get(pi, off); ok {
		return c.typ, c.data, int64(len(c.data)), nil
	}
	if depth > maxDeltaDepth {
		return Invalid, nil, 0, errors.New("delta chain too long (a cycle?)")
	}
	hdr, data, err := p.readAt(off, limit, &r.buf)
	if err != nil {
		return Invalid, nil, 0, err
	}
	switch hdr.typ {
	case CommitObject, TreeObject, BlobObject, TagObject:
		if data == nil {
			return hdr.typ, nil, int64(hdr.size), nil
		}
		if err := checkSize(hdr.typ, int64(hdr.size), int64(len(data))); err != nil {
			return Invalid, nil, 0, err
		}
		out, err := r.z.inflate(data, hdr.size, r.takeSpare(hdr.size))
		if err != nil {
			return Invalid, nil, 0, err
		}
		r.cache.put(pi, off, hdr.typ, out)
		return hdr.typ, out, int64(len(out)), nil
	}
	if err := checkSize(Invalid, int64(hdr.size), int64(len(data))); err != nil {
		return Invalid, nil, 0, err
	}
	// The delta's first bytes declare the target's size: enough to skip a
	// target over the limit without inflating the delta or its base (whose
	// type is still needed).
	// Inflate the delta before reading its base, which reuses r.buf.
	delta, target, err := r.z.inflateDelta(data, hdr.size, nil)
	if err != nil {
		return Invalid, nil, 0, err
	}
	if limit >= 0 && int64(target) > limit {
		bt, _, _, err := r.deltaBase(pi, hdr, 0, depth)
		if err != nil {
			return Invalid, nil, 0, err
		}
		return bt, nil, int64(target), nil
	}
	if delta == nil {
		if delta, err = r.z.inflate(data, hdr.size, nil); err != nil {
			return Invalid, nil, 0, err
		}
	}
	bt, base, baseSize, err := r.deltaBase(pi, hdr, limit, depth)
	if err != nil {
		return Invalid, nil, 0, err
	}
	if err := checkSize(bt, int64(target), -1); err != nil {
		return Invalid, nil, 0, err
	}
	if base == nil && baseSize > 0 {
		return bt, nil, int64(target), nil // its base is over the limit
	}
	out, err := applyDelta(base, delta, r.takeSpare(target), nil)
	if err != nil {
		return Invalid, nil, 0, err
	}
	r.cache.put(pi, off, bt, out)
	return bt, out, int64(len(out)), nil
}

// deltaBase reads the base of the delta entry hdr of pack pi.
func (r *Reader) deltaBase(pi int, hdr entryHeader, limit int64, depth int) (Type, []byte, int64, error) {
	if hdr.typ == OfsDelta {
		return r.readPacked(pi, hdr.baseOff, limit, depth+1)
	}
	return r.readRef(hdr.baseRef, limit, depth+1)
}

// readRef reads a RefDelta base: from any pack or loose.
func (r *Reader) readRef(h Hash, limit int64, depth int) (Type, []byte, int64, error) {
	for pi, p := range r.db.packs {
		if e := p.find(h); e >= 0 {
			off, err := p.offsetAt(e)
			if err != nil {
				return Invalid, nil, 0, err
			}
			return r.readPacked(pi, off, limit, depth)
		}
	}
	path, err := r.db.loosePath(h)
	if err != nil {
		return Invalid, nil, 0, fmt.Errorf("delta base %s: %w", h, err)
	}
	return readLoose(path, h, limit)
}

// readAt reads the header of the entry at off and, unless it is a
// non-delta object larger than limit, its compressed data. Without the
// offset order (random access), the data's length is bounded by the worst
// case of zlib's expansion of the declared size.
func (p *Pack) readAt(off uint64, limit int64, buf *[]byte) (entryHeader, []byte, error) {
	var small [64]byte
	end := uint64(p.size - 20)
	if off < 12 || off >= end {
		return entryHeader{}, nil, fmt.Errorf("offset %d outside the pack", off)
	}
	n, err := p.f.ReadAt(small[:min(uint64(len(small)), end-off)], int64(off))
	if err != nil && err != io.EOF {
		return entryHeader{}, nil, fmt.Errorf("read: %w", err)
	}
	hdr, err := parseHeader(small[:n], off)
	if err != nil {
		return hdr, nil, err
	}
	if hdr.typ != OfsDelta && hdr.typ != RefDelta && limit >= 0 && int64(hdr.size) > limit {
		return hdr, nil, nil
	}
	// zlib's own bound (deflateBound) is far below this; fixed Huffman
	// codes (9 bits for some bytes) stay under size/8. A stream that still
	// does not fit (no zlib writes one) is reported as truncated: an error
	// naming the object, never a partial read.
	want := hdr.size + hdr.size/8 + 64
	if want > end-hdr.dataOff {
		want = end - hdr.dataOff
	}
	if uint64(cap(*buf)) < want {
		*buf = make([]byte, want)
	}
	b := (*buf)[:want]
	if _, err := p.f.ReadAt(b, int64(hdr.dataOff)); err != nil && err != io.EOF {
		return hdr, nil, fmt.Errorf("read: %w", err)
	}
	return hdr, b, nil
}

// inflater inflates the zlib streams of pack entries, whose inflated size
// the entry's header gives, whole into their buffer (scanner/git/inflate).
type inflater struct {
	d inflate.Decoder
}

// walkInflater is the inflater of a walk's worker, which inflates only
// entries whose raw bytes matched the index's CRC-32 (entry): it does not
// compute the streams' Adler-32. Those bytes are the ones index-pack
// inflated and hashed into the entry's name; a stream changed since fails
// the CRC-32 (which also covers the entry's header, where the Adler-32
// does not reach), and one written wrong is caught where it matters by
// hashing any blob with a finding. The CRC-32 reads the mapped pages for
// the first time and costs little more than that first touch; the
// Adler-32 on top was 3% of terraform's pass. Random access (Reader)
// checks the Adler-32 as before.
func walkInflater() *inflater {
	return &inflater{d: inflate.Decoder{SkipChecksum: true}}
}

// inflate inflates data, which must hold exactly size bytes once inflated,
// into dst (reused when large enough). A size that data could not inflate
// to is refused before anything is allocated.
func (z *inflater) inflate(data []byte, size uint64, dst []byte) ([]byte, error) {
	if err := checkSize(Invalid, int64(min(size, 1<<62)), int64(len(data))); err != nil {
		return nil, err
	}
	if uint64(cap(dst)) >= size {
		dst = dst[:size]
	} else {
		dst = make([]byte, size)
	}
	if err := z.d.Inflate(dst, data); err != nil {
		return nil, fmt.Errorf("zlib: %w", err)
	}
	return dst, nil
}

// smallDelta is the largest delta (inflated) that is inflated whole before
// its target size is known: reading the target size first costs a second
// zlib reset and dynamic-Huffman header decode per delta, 8% of the full
// pass's CPU on tldr; a delta that could make a target over the limit is
// no more expensive to inflate than to skip when it is this small.
const smallDelta = 1 << 20

// inflateDelta returns the delta data of a delta entry (nil when the delta
// is over smallDelta: the caller inflates it once it knows it wants the
// target) and the target size it declares.
func (z *inflater) inflateDelta(data []byte, size uint64, dst []byte) (delta []byte, target uint64, err error) {
	if size > smallDelta {
		_, target, err = z.deltaSizes(data)
		return nil, target, err
	}
	delta, err = z.inflate(data, size, dst)
	if err != nil {
		return nil, 0, err
	}
	_, target, err = deltaSizes(delta)
	if err != nil {
		return nil, 0, err
	}
	return delta, target, nil
}

// deltaSizes inflates only the start of a delta's zlib stream: the source
// and target sizes it declares.
func (z *inflater) deltaSizes(data []byte) (src, target uint64, err error) {
	var head [20]byte
	n, err := z.d.Prefix(head[:], data)
	if err != nil {
		return 0, 0, fmt.Errorf("zlib: %w", err)
	}
	return deltaSizes(head[:n])
}

// baseCache is an LRU of resolved pack entries by (pack, offset), bounded
// in bytes, whose entries are taken from the database's memory budget (an
// entry that does not fit is not cached).
type baseCache struct {
	max, used int64
	ll        *list.List
	m         map[cacheKey]*list.Element
	mem       *budget
	// spare, when set, may keep an evicted entry's buffer (and its share
	// of the budget): it reports whether it did.
	spare func([]byte) bool
}

type cacheKey struct {
	pack int
	off  uint64
}

type cached struct {
	key  cacheKey
	typ  Type
	data []byte
}

func newBaseCache(max int64, mem *budget) *baseCache {
	return &baseCache{max: max, ll: list.New(), m: map[cacheKey]*list.Element{}, mem: mem}
}

func (c *baseCache) get(pack int, off uint64) (*cached, bool) {
	el, ok := c.m[cacheKey{pack, off}]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*cached), true
}

func (c *baseCache) put(pack int, off uint64, t Type, data []byte) {
	n := int64(len(data))
	if n > c.max/2 {
		return
	}
	k := cacheKey{pack, off}
	if _, ok := c.m[k]; ok {
		return
	}
	for c.used+n > c.max {
		c.evict()
	}
	for c.mem != nil && !c.mem.tryTake(n) {
		if c.ll.Len() == 0 {
			return // the budget is held elsewhere: not cached
		}
		c.evict()
	}
	c.m[k] = c.ll.PushFront(&cached{key: k, typ: t, data: data})
	c.used += n
}

func (c *baseCache) evict() {
	el := c.ll.Back()
	v := el.Value.(*cached)
	c.ll.Remove(el)
	delete(c.m, v.key)
	c.used -= int64(len(v.data))
	if c.mem != nil && (c.spare == nil || !c.spare(v.data)) {
		c.mem.give(int64(len(v.data)))
	}
}

// flush empties the cache, giving its bytes back to the budget.
func (c *baseCache) flush() {
	if c.used > 0 && c.mem != nil {
		c.mem.give(c.used)
	}
	c.used = 0
	c.ll.Init()
	clear(c.m)
}
