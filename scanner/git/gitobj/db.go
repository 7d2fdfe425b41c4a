// Package gitobj reads a git object database (packfiles and loose objects)
// for whole-history work: tuned access on top of go-git's idxfile, objfile
// and packfile formats, without go-git's generic object storage.
//
// go-git's storage is built for occasional lookups: every lookup goes
// through a mutex-protected object cache, large objects reopen the pack
// file on each Reader() call, and iterators read every object header to
// filter by type (see docs/DESIGN.md, "History", for the measurements).
// History scanning reads nearly every object once, so this package keeps
// the pack indexes as flat sorted arrays, reads each entry with a single
// pread of its exact compressed bytes, and resolves deltas either through a
// per-reader delta-base cache (random access, [Reader]) or by walking each
// delta tree from its base so that every entry is inflated exactly once
// ([DB.Walk]).
//
// A DB is immutable after Open and safe for concurrent use; a Reader is
// not (use one per goroutine).
package gitobj

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// Type is a git object type, numbered as in packfiles.
type Type uint8

const (
	Invalid      Type = 0
	CommitObject Type = 1
	TreeObject   Type = 2
	BlobObject   Type = 3
	TagObject    Type = 4
	// OfsDelta and RefDelta appear only in pack entry headers.
	OfsDelta Type = 6
	RefDelta Type = 7
)

func (t Type) String() string {
	switch t {
	case CommitObject:
		return "commit"
	case TreeObject:
		return "tree"
	case BlobObject:
		return "blob"
	case TagObject:
		return "tag"
	case OfsDelta:
		return "ofs-delta"
	case RefDelta:
		return "ref-delta"
	}
	return fmt.Sprintf("type %d", t)
}

func parseType(s string) Type {
	switch s {
	case "commit":
		return CommitObject
	case "tree":
		return TreeObject
	case "blob":
		return BlobObject
	case "tag":
		return TagObject
	}
	return Invalid
}

// Hash is a SHA-1 object name.
type Hash = plumbing.Hash

// ErrNotFound is returned (wrapped in *MissingError) for an object that is
// in no pack and not loose.
var ErrNotFound = errors.New("object not found")

// MissingError names a missing object.
type MissingError struct{ Hash Hash }

func (e *MissingError) Error() string { return "missing object " + e.Hash.String() }
func (e *MissingError) Unwrap() error { return ErrNotFound }

// DB is an object database: the packs and loose objects of one objects
// directory and of its alternates.
type DB struct {
	Dir   string // the objects directory
	packs []*Pack
	loose []string // objects directories searched for loose objects (own first, then alternates)
	mem   *budget  // inflated objects held by all walks and readers (budget.go)
}

// Pack is one packfile with its index. The index (version 2) is mapped
// and searched in place: opening a repository costs a look at each
// index's header, not a read or decoding of every entry (staged scans open
// the database for a handful of lookups; see idx.go).
type Pack struct {
	Path string // the .pack file
	f    *os.File
	size int64
	n    int
	idx  []byte // the whole .idx file
	// tables inside idx
	fanout []byte // 256 big-endian uint32
	names  []byte // n*20
	crcs   []byte // n*4: CRC-32 of each entry's raw bytes
	offs32 []byte // n*4
	offs64 []byte
	lk     idxLookup
	// hot, when built (for whole-history walks, which look up hundreds
	// of thousands of names and read an entry's name and CRC-32 per
	// object, in pack order: at random in the index), holds a hash table
	// of the entries and a copy of the index's names and CRCs, in memory
	// that may have huge pages (allocHuge).
	hot       atomic.Pointer[hotIndex]
	tableOnce sync.Once
	// mapped is the pack mapped read-only for walks (nil: read with
	// pread); see mapFile.
	mapped  []byte
	mapOnce sync.Once
}

// mapData maps the pack for a walk, once; on failure walks read with
// pread.
func (p *Pack) mapData() {
	p.mapOnce.Do(func() {
		if b, err := mapFile(p.f, p.size); err == nil {
			p.mapped = b
		}
	})
}

// hotIndex is what a walk reads of a pack index, in memory of its own.
// table is an open-addressing hash table of the entries: each slot holds
// the name's bytes 4..7 (the high half) and its entry number + 1 (the low
// half; 0 is an empty slot). A lookup costs one random read of the table
// and one of the name, where the binary search cost three or four (400 ns
// a lookup on tldr's index under load; BenchmarkHas).
type hotIndex struct {
	table       []uint64
	names, crcs []byte
	free        func()
}

// buildTable builds p.hot, once.
func (p *Pack) buildTable() { p.tableOnce.Do(p.makeTable) }

func (p *Pack) makeTable() {
	if p.n == 0 {
		return
	}
	size := 1
	for 2*size < 3*p.n { // a load under 2/3: the slots of one cache line hold most probes
		size <<= 1
	}
	nn, nc := len(p.names), len(p.crcs)
	mem, free := allocHuge(8*size + nn + nc)
	t := unsafe.Slice((*uint64)(unsafe.Pointer(&mem[0])), size)
	hot := &hotIndex{table: t, names: mem[8*size : 8*size+nn], crcs: mem[8*size+nn:], free: free}
	copy(hot.names, p.names)
	copy(hot.crcs, p.crcs)
	if p.lk.unmap != nil {
		// The walk reads the copies: the index's own pages need not stay
		// in its resident memory.
		dropPages(p.lk.unmap)
	}
	mask := uint32(size - 1)
	for i := 0; i < p.n; i++ {
		key := binary.BigEndian.Uint32(hot.names[20*i+4:])
		for j := key & mask; ; j = (j + 1) & mask {
			if t[j] == 0 {
				t[j] = uint64(key)<<32 | uint64(i+1)
				break
			}
		}
	}
	p.hot.Store(hot)
}

// Open opens the object database of a git directory's objects directory
// (including objects/info/alternates). It checks that each pack matches
// its index (header, object count and trailer checksum), so that a
// truncated or mismatched pack is reported here, naming the file.
func Open(objectsDir string) (*DB, error) {
	db := &DB{Dir: objectsDir, mem: newBudget(DefaultMemoryBudget)}
	if err := db.add(objectsDir, 0); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) add(dir string, depth int) error {
	if depth > 5 {
		return fmt.Errorf("%s: alternates nested too deeply", dir)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("objects directory %s: %w", dir, regularfile.Cause(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("objects directory %s: not a directory", dir)
	}
	db.loose = append(db.loose, dir)
	idxs, err := filepath.Glob(filepath.Join(dir, "pack", "*.idx"))
	if err != nil {
		return err
	}
	slices.Sort(idxs)
	for _, idx := range idxs {
		p, err := openPack(idx)
		if err != nil {
			return err
		}
		db.packs = append(db.packs, p)
	}
	alt, err := regularfile.Read(filepath.Join(dir, "info", "alternates"), true, maxAlternates)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "info", "alternates"), regularfile.Cause(err))
	}
	for _, line := range strings.Split(string(alt), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(dir, line)
		}
		if err := db.add(filepath.Clean(line), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the pack files.
func (db *DB) Close() error {
	for _, p := range db.packs {
		if p.mapped != nil {
			unmapFile(p.mapped)
			p.mapped = nil
		}
		if p.f != nil {
			p.f.Close()
		}
		p.closeIndex()
		if hot := p.hot.Swap(nil); hot != nil {
			hot.free()
		}
	}
	return nil
}

// Packs returns the packs.
func (db *DB) Packs() []*Pack { return db.packs }

// Count is the number of objects in the pack.
func (p *Pack) Count() int { return p.n }

// Size is the size of the pack file in bytes.
func (p *Pack) Size() int64 { return p.size }

// maxAlternates bounds objects/info/alternates (a few paths in practice).
const maxAlternates = 1 << 20

// maxIndex bounds a pack index read into memory: 2 GiB holds the names of
// 75 million objects (the largest public repositories have tens of
// millions); a larger file, or one whose size does not match the object
// count its fan-out table declares, is refused before it is read.
const maxIndex = 2 << 30

func openPack(idxPath string) (*Pack, error) {
	packPath := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	// Index and pack are read only when they are regular files (a FIFO or
	// a link to /dev/zero in objects/pack must not hang or fill memory).
	if err := checkIndexSize(idxPath); err != nil {
		return nil, err
	}
	idx, mapped, err := readIndexFile(idxPath)
	if err != nil {
		return nil, err
	}
	p := &Pack{Path: packPath, idx: idx}
	p.lk.unmap = mapped
	if err := p.parseIndex(idxPath); err != nil {
		p.closeIndex()
		return nil, err
	}
	f, err := regularfile.Open(packPath, true)
	if errors.Is(err, os.ErrNotExist) {
		p.closeIndex()
		return nil, fmt.Errorf("%s: pack index without its pack %s", idxPath, filepath.Base(packPath))
	}
	if err != nil {
		p.closeIndex()
		return nil, fmt.Errorf("%s: %w", packPath, regularfile.Cause(err))
	}
	p.f = f
	if err := p.checkPack(); err != nil {
		f.Close()
		p.closeIndex()
		return nil, err
	}
	return p, nil
}

// checkIndexSize compares a version 2 index's size with the object count
// its fan-out table declares (its last entry), reading only its first
// 1 KiB: a sparse file that claims gigabytes is refused before it is read.
func checkIndexSize(name string) error {
	f, err := regularfile.Open(name, true)
	if err != nil {
		return fmt.Errorf("%s: %w", name, regularfile.Cause(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", name, regularfile.Cause(err))
	}
	var hdr [8 + 1024]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil || string(hdr[:4]) != "\xfftOc" {
		return nil // too short or not version 2: parseIndex says so
	}
	n := int64(binary.BigEndian.Uint32(hdr[8+1020:]))
	min := int64(len(hdr)) + 28*n + 40
	if size := st.Size(); size < min || size > min+8*n || size > maxIndex {
		return fmt.Errorf("%s: corrupt pack index: %d bytes for %d objects (want %d to %d, at most %d)", name, size, n, min, min+8*n, int64(maxIndex))
	}
	return nil
}

// checkPack compares the pack's header and trailer with its index.
func (p *Pack) checkPack() error {
	st, err := p.f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	p.size = st.Size()
	var hdr [12]byte
	if _, err := p.f.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("%s: truncated pack (no header): %w", p.Path, err)
	}
	if string(hdr[:4]) != "PACK" {
		return fmt.Errorf("%s: not a packfile (bad signature)", p.Path)
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return fmt.Errorf("%s: unsupported pack version %d", p.Path, v)
	}
	if c := binary.BigEndian.Uint32(hdr[8:]); int(c) != p.n {
		return fmt.Errorf("%s: pack holds %d objects but its index lists %d", p.Path, c, p.n)
	}
	if p.size < 12+20 {
		return fmt.Errorf("%s: truncated pack", p.Path)
	}
	var trailer [20]byte
	if _, err := p.f.ReadAt(trailer[:], p.size-20); err != nil {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	if !bytes.Equal(trailer[:], p.idx[len(p.idx)-40:len(p.idx)-20]) {
		return fmt.Errorf("%s: truncated or corrupt pack: its checksum does not match its index", p.Path)
	}
	return nil
}

// hashAt returns the name of entry i.
func (p *Pack) hashAt(i int) Hash {
	var h Hash
	names := p.names
	if hot := p.hot.Load(); hot != nil {
		names = hot.names
	}
	copy(h[:], names[20*i:])
	return h
}

// offsetAt returns the offset of entry i.
func (p *Pack) offsetAt(i int) (uint64, error) {
	o := uint64(binary.BigEndian.Uint32(p.offs32[4*i:]))
	if o&(1<<31) != 0 {
		j := 8 * (o &^ (1 << 31))
		if j+8 > uint64(len(p.offs64)) {
			return 0, fmt.Errorf("%s: corrupt pack index: 64-bit offset out of range", p.Path)
		}
		o = binary.BigEndian.Uint64(p.offs64[j:])
	}
	if o < 12 || o >= uint64(p.size-20) {
		return 0, fmt.Errorf("%s: object %s at offset %d is outside the pack (truncated pack?)", p.Path, p.hashAt(i), o)
	}
	return o, nil
}

// find returns the entry number of h, or -1.
func (p *Pack) find(h Hash) int {
	if hot := p.hot.Load(); hot != nil {
		t := hot.table
		key := binary.BigEndian.Uint32(h[4:])
		mask := uint32(len(t) - 1)
		for j := key & mask; ; j = (j + 1) & mask {
			v := t[j]
			if v == 0 {
				return -1
			}
			if uint32(v>>32) == key {
				if i := int(uint32(v)) - 1; string(hot.names[20*i:20*i+20]) == string(h[:]) {
					return i
				}
			}
		}
	}
	return p.search(h)
}

// Index returns a dense number for a packed object, in [0,
// PackedObjects()): its entry in the first pack that holds it. Loose and
// missing objects have none.
func (db *DB) Index(h Hash) (int, bool) {
	base := 0
	for _, p := range db.packs {
		if e := p.find(h); e >= 0 {
			return base + e, true
		}
		base += p.n
	}
	return -1, false
}

// HashAt is the name of the packed object numbered index (what Index
// returns), in [0, PackedObjects()).
func (db *DB) HashAt(index int) Hash {
	for _, p := range db.packs {
		if index < p.n {
			return p.hashAt(index)
		}
		index -= p.n
	}
	panic(fmt.Sprintf("gitobj: object number %d out of range", index))
}

// PackedObjects is the number of pack entries (objects in several packs
// count once per pack).
func (db *DB) PackedObjects() int {
	n := 0
	for _, p := range db.packs {
		n += p.n
	}
	return n
}

// Has reports whether h is in the database.
func (db *DB) Has(h Hash) bool {
	for _, p := range db.packs {
		if p.find(h) >= 0 {
			return true
		}
	}
	_, err := db.loosePath(h)
	return err == nil
}

func (db *DB) loosePath(h Hash) (string, error) {
	s := h.String()
	for _, dir := range db.loose {
		p := filepath.Join(dir, s[:2], s[2:])
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", db.missing(h)
}

// LooseObjects lists the loose objects of the database (its own objects
// directory and its alternates'), skipping those also packed.
func (db *DB) LooseObjects() ([]Hash, error) {
	var out []Hash
	seen := map[Hash]bool{}
	for _, dir := range db.loose {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, regularfile.Cause(err))
		}
		for _, d := range ents {
			if !d.IsDir() || len(d.Name()) != 2 || !isHex(d.Name()) {
				continue
			}
			sub, err := os.ReadDir(filepath.Join(dir, d.Name()))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Join(dir, d.Name()), regularfile.Cause(err))
			}
			for _, f := range sub {
				name := d.Name() + f.Name()
				if len(name) != 40 || !isHex(f.Name()) {
					continue
				}
				h := plumbing.NewHash(name)
				if seen[h] {
					continue
				}
				seen[h] = true
				packed := false
				for _, p := range db.packs {
					if p.find(h) >= 0 {
						packed = true
						break
					}
				}
				if !packed {
					out = append(out, h)
				}
			}
		}
	}
	return out, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// entryHeader is the parsed header of a pack entry.
type entryHeader struct {
	typ     Type
	size    uint64 // inflated size of the entry's data (the delta for deltas)
	dataOff uint64 // where the zlib stream starts
	baseOff uint64 // OfsDelta: the base's offset
	baseRef Hash   // RefDelta: the base's name
}

// parseHeader parses the entry header at the start of b, which holds the
// bytes of the entry at offset off.
func parseHeader(b []byte, off uint64) (entryHeader, error) {
	var h entryHeader
	if len(b) == 0 {
		return h, io.ErrUnexpectedEOF
	}
	c := b[0]
	h.typ = Type((c >> 4) & 7)
	h.size = uint64(c & 15)
	shift := uint(4)
	i := 1
	for c&0x80 != 0 {
		if i >= len(b) || shift > 60 {
			return h, errors.New("bad entry header")
		}
		c = b[i]
		i++
		h.size |= uint64(c&0x7f) << shift
		shift += 7
	}
	switch h.typ {
	case CommitObject, TreeObject, BlobObject, TagObject:
	case OfsDelta:
		if i >= len(b) {
			return h, errors.New("bad delta offset")
		}
		c = b[i]
		i++
		rel := uint64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) || rel > 1<<56 {
				return h, errors.New("bad delta offset")
			}
			c = b[i]
			i++
			rel = ((rel + 1) << 7) | uint64(c&0x7f)
		}
		if rel == 0 || rel > off {
			return h, fmt.Errorf("delta base offset %d out of range", rel)
		}
		h.baseOff = off - rel
	case RefDelta:
		if i+20 > len(b) {
			return h, errors.New("bad delta base name")
		}
		copy(h.baseRef[:], b[i:i+20])
		i += 20
	default:
		return h, fmt.Errorf("invalid object type %d", h.typ)
	}
	h.dataOff = off + uint64(i)
	return h, nil
}

// Location is where an object is stored: a pack's index in the database
// and the offset in it.
type Location struct {
	Pack   int
	Offset uint64
}

// Locate returns where h is stored; loose and missing objects get
// Pack: len(packs).
func (db *DB) Locate(h Hash) Location {
	for pi, p := range db.packs {
		if e := p.find(h); e >= 0 {
			if o, err := p.offsetAt(e); err == nil {
				return Location{Pack: pi, Offset: o}
			}
		}
	}
	return Location{Pack: len(db.packs)}
}
