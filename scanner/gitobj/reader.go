package gitobj

import (
	"bytes"
	"compress/zlib"
	"container/list"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-git/go-git/v5/plumbing/format/objfile"
)

// Reader reads objects by name with a delta-base cache. It is not safe for
// concurrent use: give each goroutine its own.
type Reader struct {
	db    *DB
	z     *inflater
	cache *baseCache
	buf   []byte // compressed bytes of the current entry
}

// NewReader returns a Reader whose delta-base cache holds up to cacheBytes
// bytes of inflated objects.
func (db *DB) NewReader(cacheBytes int64) *Reader {
	return &Reader{db: db, z: &inflater{}, cache: newBaseCache(cacheBytes)}
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
// size with a nil content.
func (r *Reader) ReadLimited(h Hash, limit int64) (Type, []byte, int64, error) {
	return r.read(h, limit)
}

func (r *Reader) read(h Hash, limit int64) (Type, []byte, int64, error) {
	for pi, p := range r.db.packs {
		if e := p.find(h); e >= 0 {
			off, err := p.offsetAt(e)
			if err != nil {
				return Invalid, nil, 0, &ObjectError{Hash: h, Err: err}
			}
			t, b, size, err := r.readPacked(pi, off, limit, 0)
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
	t, b, size, err := readLoose(path, limit)
	if err != nil {
		return Invalid, nil, 0, &ObjectError{Hash: h, Err: fmt.Errorf("loose object %s: %w", path, err)}
	}
	return t, b, size, nil
}

func readLoose(path string, limit int64) (Type, []byte, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return Invalid, nil, 0, unwrapPath(err)
	}
	defer f.Close()
	or, err := objfile.NewReader(f)
	if err != nil {
		return Invalid, nil, 0, err
	}
	defer or.Close()
	ot, size, err := or.Header()
	if err != nil {
		return Invalid, nil, 0, err
	}
	t := parseType(ot.String())
	if t == Invalid {
		return Invalid, nil, 0, fmt.Errorf("invalid object type %q", ot)
	}
	if size < 0 || size > 1<<40 {
		return Invalid, nil, 0, fmt.Errorf("invalid object size %d", size)
	}
	if limit >= 0 && size > limit {
		return t, nil, size, nil
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(or, b); err != nil {
		return Invalid, nil, 0, fmt.Errorf("truncated object: %w", err)
	}
	return t, b, size, nil
}

const maxDeltaDepth = 10000

// readPacked resolves the entry at offset off of pack pi.
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
		out, err := r.z.inflate(data, hdr.size, nil)
		if err != nil {
			return Invalid, nil, 0, err
		}
		r.cache.put(pi, off, hdr.typ, out)
		return hdr.typ, out, int64(len(out)), nil
	}
	delta, err := r.z.inflate(data, hdr.size, nil)
	if err != nil {
		return Invalid, nil, 0, err
	}
	_, target, err := deltaSizes(delta)
	if err != nil {
		return Invalid, nil, 0, err
	}
	var bt Type
	var base []byte
	if hdr.typ == OfsDelta {
		bt, base, _, err = r.readPacked(pi, hdr.baseOff, -1, depth+1)
		if err != nil {
			return Invalid, nil, 0, err
		}
	} else {
		bt, base, _, err = r.readRef(hdr.baseRef, depth+1)
		if err != nil {
			return Invalid, nil, 0, err
		}
	}
	if limit >= 0 && int64(target) > limit {
		return bt, nil, int64(target), nil
	}
	out, err := applyDelta(base, delta, nil, nil)
	if err != nil {
		return Invalid, nil, 0, err
	}
	r.cache.put(pi, off, bt, out)
	return bt, out, int64(len(out)), nil
}

// readRef reads a RefDelta base: from any pack or loose.
func (r *Reader) readRef(h Hash, depth int) (Type, []byte, int64, error) {
	for pi, p := range r.db.packs {
		if e := p.find(h); e >= 0 {
			off, err := p.offsetAt(e)
			if err != nil {
				return Invalid, nil, 0, err
			}
			return r.readPacked(pi, off, -1, depth)
		}
	}
	path, err := r.db.loosePath(h)
	if err != nil {
		return Invalid, nil, 0, fmt.Errorf("delta base %s: %w", h, err)
	}
	return readLoose(path, -1)
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
	// codes (9 bits for some bytes) stay under size/8. inflateEntry reads
	// more if a stream still does not fit.
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

// inflater inflates zlib streams, reusing its decompressor.
type inflater struct {
	br bytes.Reader
	zr io.ReadCloser
}

// inflate inflates data, which must hold exactly size bytes once inflated,
// into dst (reused when large enough).
func (z *inflater) inflate(data []byte, size uint64, dst []byte) ([]byte, error) {
	if size > 1<<40 {
		return nil, fmt.Errorf("invalid object size %d", size)
	}
	z.br.Reset(data)
	if z.zr == nil {
		zr, err := zlib.NewReader(&z.br)
		if err != nil {
			return nil, fmt.Errorf("zlib: %w", err)
		}
		z.zr = zr
	} else if err := z.zr.(zlib.Resetter).Reset(&z.br, nil); err != nil {
		return nil, fmt.Errorf("zlib: %w", err)
	}
	if uint64(cap(dst)) >= size {
		dst = dst[:size]
	} else {
		dst = make([]byte, size)
	}
	if _, err := io.ReadFull(z.zr, dst); err != nil {
		return nil, fmt.Errorf("zlib: %w (want %d bytes)", err, size)
	}
	// The stream must end here (checksum included): one more byte means
	// the size lied.
	var one [1]byte
	if n, err := z.zr.Read(one[:]); n > 0 {
		return nil, fmt.Errorf("zlib: more data than the %d bytes the header says", size)
	} else if err != nil && err != io.EOF {
		return nil, fmt.Errorf("zlib: %w", err)
	}
	return dst, nil
}

// baseCache is an LRU of resolved pack entries by (pack, offset), bounded
// in bytes.
type baseCache struct {
	max, used int64
	ll        *list.List
	m         map[cacheKey]*list.Element
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

func newBaseCache(max int64) *baseCache {
	return &baseCache{max: max, ll: list.New(), m: map[cacheKey]*list.Element{}}
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
	if n > c.max/4 {
		return
	}
	k := cacheKey{pack, off}
	if _, ok := c.m[k]; ok {
		return
	}
	c.m[k] = c.ll.PushFront(&cached{key: k, typ: t, data: data})
	c.used += n
	for c.used > c.max {
		el := c.ll.Back()
		v := el.Value.(*cached)
		c.ll.Remove(el)
		delete(c.m, v.key)
		c.used -= int64(len(v.data))
	}
}
