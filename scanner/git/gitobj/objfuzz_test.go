package gitobj

// Fuzz targets for the object decoders: a repository cloned from a stranger
// is untrusted input, so every parser here must fail with an error, never
// panic, hang or allocate what a header merely claims.

import (
	"bytes"
	stdzlib "compress/zlib"
	"crypto/sha1"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

func zlibBytes(b []byte) []byte { return gitfixture.Zlib(b) }

// entryHeaderBytes encodes a pack entry header (type and inflated size).
func entryHeaderBytes(t Type, size uint64) []byte {
	c := byte(t)<<4 | byte(size&15)
	size >>= 4
	var out []byte
	for size > 0 {
		out = append(out, c|0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	return append(out, c)
}

// ofsDeltaHeader encodes an OfsDelta entry header pointing rel bytes back.
func ofsDeltaHeader(size, rel uint64) []byte {
	h := entryHeaderBytes(OfsDelta, size)
	var enc []byte
	enc = append(enc, byte(rel&0x7f))
	for rel >>= 7; rel > 0; rel >>= 7 {
		rel--
		enc = append(enc, 0x80|byte(rel&0x7f))
	}
	slices.Reverse(enc)
	return append(h, enc...)
}

func deltaVarintBytes(v uint64) []byte {
	var out []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(out, c)
		}
		out = append(out, c|0x80)
	}
}

// makeDelta builds a delta from base to target: one copy of the whole base
// (in 64 KiB pieces) repeated times, then an insert of tail.
func makeDelta(baseLen, repeat int, tail []byte) []byte {
	d := deltaVarintBytes(uint64(baseLen))
	d = append(d, deltaVarintBytes(uint64(baseLen*repeat+len(tail)))...)
	for r := 0; r < repeat; r++ {
		for off := 0; off < baseLen; off += 0x10000 {
			n := min(0x10000, baseLen-off)
			cmd := byte(0x80)
			var args []byte
			for i := 0; i < 4; i++ {
				if b := byte(off >> (8 * i)); b != 0 {
					cmd |= 1 << i
					args = append(args, b)
				}
			}
			if n != 0x10000 {
				for i := 0; i < 3; i++ {
					if b := byte(n >> (8 * i)); b != 0 {
						cmd |= 0x10 << i
						args = append(args, b)
					}
				}
			}
			d = append(append(d, cmd), args...)
		}
	}
	for len(tail) > 0 {
		n := min(len(tail), 127)
		d = append(append(d, byte(n)), tail[:n]...)
		tail = tail[n:]
	}
	return d
}

// writePack writes a version 2 pack and index holding entries (raw entry
// bytes: header and data) under names, into dir/pack.
func writePack(t testing.TB, dir string, names []Hash, entries [][]byte) {
	t.Helper()
	pes := make([]gitfixture.PackEntry, len(entries))
	for i, e := range entries {
		pes[i] = gitfixture.PackEntry{Hash: plumbing.Hash(names[i]), Raw: e}
	}
	gitfixture.WritePack(t, filepath.Join(dir, "pack"), pes...)
}

var (
	fuzzBase    = []byte("the base blob of the fuzzed pack\n")
	fuzzBaseH   = Hash{0x11, 1}
	fuzzEntryH  = Hash{0x22, 2}
	fuzzEntry2H = Hash{0x33, 3}
)

// readAll reads every object of db both ways (random access, with and
// without a size limit, and the walk) and checks what comes back.
func readAll(t *testing.T, db *DB, names []Hash) {
	rd := db.NewReader(1 << 20)
	for _, h := range names {
		typ, b, err := rd.Read(h)
		if err == nil {
			if typ < CommitObject || typ > TagObject {
				t.Fatalf("%s: read as type %d", h, typ)
			}
			if h == fuzzBaseH && !bytes.Equal(b, fuzzBase) {
				t.Fatalf("base read as %q", b)
			}
		}
		typ, b, size, err := rd.ReadLimited(h, 64)
		if err == nil {
			if typ < CommitObject || typ > TagObject {
				t.Fatalf("%s: read as type %d", h, typ)
			}
			// (nil content with a size under the limit: a delta of an
			// object over it, not inflated.)
			if int64(len(b)) > 64 || b != nil && int64(len(b)) != size {
				t.Fatalf("%s: limited read: %d bytes, size %d", h, len(b), size)
			}
		}
	}
	// A metered reader (what the history scan's workers use) reads the
	// same, and gives back all it took from the budget.
	mr := db.NewMeteredReader(1 << 20)
	for _, h := range names {
		mr.Read(h)
		mr.ReadLimited(h, 64)
	}
	mr.Release()
	if db.mem.used != 0 {
		t.Fatalf("metered reader: %d bytes of the budget not given back", db.mem.used)
	}
	defer func() {
		if db.mem.used != 0 {
			t.Fatalf("walk: %d bytes of the budget not given back", db.mem.used)
		}
	}()
	db.Walk(WalkOptions{
		Phases:  [][]Type{{BlobObject, CommitObject, TagObject}, {TreeObject}},
		Workers: 2,
		Spans:   func(Type) bool { return true },
		Visit: func(o *Object) {
			if o.Type < CommitObject || o.Type > TagObject {
				t.Errorf("%s: walked as type %d", o.Hash, o.Type)
			}
			end := 0
			for _, s := range o.Spans {
				if s.Start != end || s.End < s.Start || s.End > len(o.Data) {
					t.Errorf("%s: spans %v over %d bytes", o.Hash, o.Spans, len(o.Data))
					break
				}
				end = s.End
			}
		},
	})
}

// FuzzPack: a pack of three entries, the second and third fuzzed (header
// bytes, then the payload, zlib-compressed or raw), read by every path.
func FuzzPack(f *testing.F) {
	delta := makeDelta(len(fuzzBase), 1, []byte("tail"))
	f.Add(entryHeaderBytes(BlobObject, 5), []byte("hello"), true, []byte{}, []byte{}, false)
	f.Add(ofsDeltaHeader(uint64(len(delta)), 12), delta, true, []byte{}, []byte{}, false) // base at offset 12
	f.Add(append(entryHeaderBytes(RefDelta, uint64(len(delta))), fuzzBaseH[:]...), delta, true, []byte{}, []byte{}, false)
	// A delta whose base is itself (by name) and a pair that loop.
	f.Add(append(entryHeaderBytes(RefDelta, uint64(len(delta))), fuzzEntryH[:]...), delta, true, []byte{}, []byte{}, false)
	f.Add(append(entryHeaderBytes(RefDelta, uint64(len(delta))), fuzzEntry2H[:]...), delta, true,
		append(entryHeaderBytes(RefDelta, uint64(len(delta))), fuzzEntryH[:]...), delta, true)
	// Headers that lie about the size: far more than the data can hold.
	f.Add(entryHeaderBytes(BlobObject, 1<<38), []byte("tiny"), true, []byte{}, []byte{}, false)
	f.Add(entryHeaderBytes(TreeObject, 1<<38), []byte("tiny"), true, []byte{}, []byte{}, false)
	f.Add(entryHeaderBytes(CommitObject, 1<<39), []byte{}, false, []byte{}, []byte{}, false)
	// A small delta that claims a huge target.
	big := append(deltaVarintBytes(uint64(len(fuzzBase))), deltaVarintBytes(1<<38)...)
	f.Add(ofsDeltaHeader(uint64(len(big)), 12), big, true, []byte{}, []byte{}, false)
	// A delta that really expands: the base copied 4096 times.
	bomb := makeDelta(len(fuzzBase), 4096, nil)
	f.Add(ofsDeltaHeader(uint64(len(bomb)), 12), bomb, true, []byte{}, []byte{}, false)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, []byte{}, false, []byte{}, []byte{}, false)
	f.Fuzz(func(t *testing.T, hdr, payload []byte, compress bool, hdr2, payload2 []byte, compress2 bool) {
		if len(payload) > 1<<16 || len(payload2) > 1<<16 {
			return
		}
		entry := func(h, p []byte, z bool) []byte {
			if z {
				p = zlibBytes(p)
			}
			return append(slices.Clone(h), p...)
		}
		entries := [][]byte{
			append(entryHeaderBytes(BlobObject, uint64(len(fuzzBase))), zlibBytes(fuzzBase)...),
			entry(hdr, payload, compress),
		}
		names := []Hash{fuzzBaseH, fuzzEntryH}
		if len(hdr2) > 0 {
			entries = append(entries, entry(hdr2, payload2, compress2))
			names = append(names, fuzzEntry2H)
		}
		for _, e := range entries {
			if len(e) == 0 {
				return // two objects at one offset: the index is refused
			}
		}
		dir := t.TempDir()
		writePack(t, dir, names, entries)
		db, err := Open(dir)
		if err != nil {
			return
		}
		defer db.Close()
		readAll(t, db, names)
	})
}

// FuzzLooseObject: a loose object file with any content, stored under the
// name git would give it (the SHA-1 of what a reference zlib decoder
// inflates it to, when one can) and under a wrong name. The property: an
// object read successfully is exactly what the file holds ("<type>
// <size>\x00<content>", the whole stream), and hashes to its name; under
// the wrong name every read fails.
func FuzzLooseObject(f *testing.F) {
	f.Add(zlibBytes([]byte("blob 5\x00hello")), true)
	f.Add(zlibBytes([]byte("tree 0\x00")), true)
	f.Add(zlibBytes([]byte("blob 274877906944\x00tiny")), true) // claims 256 GiB
	f.Add(zlibBytes([]byte("commit 3\x00abcdef")), true)        // more data than declared
	f.Add([]byte("blob 5\x00hello"), false)                     // not compressed
	f.Add(zlibBytes([]byte("blob -1\x00")), true)
	f.Add(zlibBytes([]byte("bogus 1\x00x")), true)
	f.Add(append(zlibBytes([]byte("blob 5\x00hello")), "trailing"...), false)
	f.Fuzz(func(t *testing.T, data []byte, compress bool) {
		if compress {
			data = zlibBytes(data)
		}
		// What git would call this file: the hash of its whole stream.
		name := Hash{0xab, 0xcd}
		var raw []byte
		zr, rerr := stdzlib.NewReader(bytes.NewReader(data))
		if rerr == nil {
			raw, rerr = io.ReadAll(zr)
		}
		if rerr == nil {
			name = sha1.Sum(raw)
		}
		wrong := name
		wrong[19] ^= 1
		dir := t.TempDir()
		for _, h := range []Hash{name, wrong} {
			p := filepath.Join(dir, h.String()[:2], h.String()[2:])
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		db, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rd := db.NewReader(1 << 20)
		if typ, b, err := rd.Read(name); err == nil {
			if rerr != nil {
				t.Fatalf("read %d bytes from a file the reference decoder refuses (%v)", len(b), rerr)
			}
			if want := fmt.Sprintf("%s %d\x00%s", typ, len(b), b); want != string(raw) {
				t.Fatalf("read %q, the file holds %q", want, raw)
			}
			if got := HashObject(typ, b); got != name {
				t.Fatalf("read object hashes to %s, not to its name %s", got, name)
			}
		}
		if _, b, err := rd.Read(wrong); err == nil {
			t.Fatalf("read %d bytes under a name they do not hash to", len(b))
		}
		readAll(t, db, []Hash{name, wrong})
		// The walk hands out only objects that hash to their names.
		db.Walk(WalkOptions{
			Phases: [][]Type{{BlobObject, CommitObject, TagObject, TreeObject}},
			Visit: func(o *Object) {
				if o.Data != nil && HashObject(o.Type, o.Data) != o.Hash {
					t.Errorf("walk visited %s with content hashing elsewhere", o.Hash)
				}
			},
		})
	})
}

// FuzzDelta: applying any delta to any base either fails or yields exactly
// the target size the delta declares, with spans tiling it.
func FuzzDelta(f *testing.F) {
	f.Add([]byte("base content"), makeDelta(12, 2, []byte("x")))
	f.Add([]byte("base"), append(deltaVarintBytes(4), deltaVarintBytes(1<<40)...))
	f.Add([]byte("base"), append(deltaVarintBytes(4), deltaVarintBytes(1<<39)...))
	f.Add([]byte{}, []byte{0, 0})
	f.Add([]byte("b"), []byte{1, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		var spans []Span
		out, err := applyDelta(base, delta, nil, &spans)
		if err != nil {
			return
		}
		_, target, err := deltaSizes(delta)
		if err != nil || uint64(len(out)) != target {
			t.Fatalf("output of %d bytes, delta declares %d (%v)", len(out), target, err)
		}
		end := 0
		for _, s := range spans {
			if s.Start != end || s.End <= s.Start {
				t.Fatalf("spans %v", spans)
			}
			end = s.End
		}
		if end != len(out) {
			t.Fatalf("spans end at %d of %d", end, len(out))
		}
	})
}

// FuzzInflate: a zlib stream and a declared size.
func FuzzInflate(f *testing.F) {
	f.Add(zlibBytes([]byte("hello")), uint64(5))
	f.Add(zlibBytes([]byte("hello")), uint64(1<<39))
	f.Add(zlibBytes(make([]byte, 1<<16)), uint64(1<<16))
	f.Add([]byte{0x78, 0x9c}, uint64(0))
	f.Fuzz(func(t *testing.T, data []byte, size uint64) {
		z := &inflater{}
		out, err := z.inflate(data, size, nil)
		if err == nil && uint64(len(out)) != size {
			t.Fatalf("inflated %d bytes, want %d", len(out), size)
		}
		// The inflater is reused: a second stream must not see the first.
		if out2, err := z.inflate(zlibBytes([]byte("ok")), 2, nil); err != nil || string(out2) != "ok" {
			t.Fatalf("reuse after %v: %q %v", err, out2, err)
		}
	})
}

// FuzzParseHeader: pack entry headers.
func FuzzParseHeader(f *testing.F) {
	f.Add(entryHeaderBytes(BlobObject, 300), uint64(12))
	f.Add(ofsDeltaHeader(10, 200), uint64(1000))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, uint64(12))
	f.Fuzz(func(t *testing.T, b []byte, off uint64) {
		h, err := parseHeader(b, off)
		if err != nil {
			return
		}
		if h.dataOff <= off || h.dataOff-off > uint64(len(b)) {
			t.Fatalf("data offset %d for an entry at %d of %d bytes", h.dataOff, off, len(b))
		}
		if h.typ == OfsDelta && h.baseOff >= off {
			t.Fatalf("delta base at %d, not before %d", h.baseOff, off)
		}
	})
}

// FuzzParseIndex: any .idx content is refused, searchable, or found
// damaged when a lookup misses (DB.missing verifies the index).
func FuzzParseIndex(f *testing.F) {
	dir := f.TempDir()
	writePack(f, dir, []Hash{fuzzBaseH, fuzzEntryH}, [][]byte{
		append(entryHeaderBytes(BlobObject, 1), zlibBytes([]byte("a"))...),
		append(entryHeaderBytes(BlobObject, 1), zlibBytes([]byte("b"))...),
	})
	idxs, _ := filepath.Glob(filepath.Join(dir, "pack", "*.idx"))
	seed, err := os.ReadFile(idxs[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, int64(100))
	f.Add(seed[:len(seed)-1], int64(100))
	f.Fuzz(func(t *testing.T, idx []byte, packSize int64) {
		if packSize < 32 {
			packSize = 32
		}
		p := &Pack{Path: "fuzz.pack", idx: idx, size: packSize}
		if err := p.parseIndex("fuzz.idx"); err != nil {
			return
		}
		for i := 0; i < p.n; i++ {
			h := p.hashAt(i)
			if j := p.find(h); j != i && p.verify() == nil {
				t.Fatalf("entry %d found at %d, and the index is not reported damaged", i, j)
			}
			if o, err := p.offsetAt(i); err == nil && (o < 12 || o >= uint64(packSize-20)) {
				t.Fatalf("offset %d outside a pack of %d bytes", o, packSize)
			}
		}
		p.find(Hash{0xff, 0xff})
	})
}

// FuzzParseCommit, FuzzParseTag and FuzzTreeIter: object contents.
func FuzzParseCommit(f *testing.F) {
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U Thor <a@example.com> 1700000000 +0100\ncommitter C <c@example.com> 1700000001 -0730\n\nmsg\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor \x1b[31mEvil\x1b[0m\n <x\n> 99999999999999999999 +9999\n\n"))
	f.Add([]byte("tree zz\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCommit(b)
		if err == nil && c == nil {
			t.Fatal("nil commit without error")
		}
	})
}

func FuzzParseTag(f *testing.F) {
	f.Add([]byte("object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1\n\nmsg"))
	f.Add([]byte("object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype tree\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tag, err := ParseTag(b)
		if err == nil && (tag.Object.IsZero() || tag.Type == Invalid) {
			t.Fatalf("tag %+v accepted", tag)
		}
	})
}

func FuzzTreeIter(f *testing.F) {
	entry := func(mode, name string) []byte {
		return append([]byte(mode+" "+name+"\x00"), bytes.Repeat([]byte{0xaa}, 20)...)
	}
	f.Add(slices.Concat(entry("100644", "a.txt"), entry("40000", "dir"), entry("160000", "sub")))
	f.Add(slices.Concat(entry("100644", "../../etc/passwd"), entry("100644", "\x1b[31mred\nline")))
	f.Add(entry("99999999", "x"))
	f.Add([]byte("100644 x\x00short"))
	f.Fuzz(func(t *testing.T, b []byte) {
		it := NewTreeIter(b)
		prev := 0
		for {
			mode, name, hash, start, ok := it.Next()
			if !ok {
				break
			}
			if start != prev || it.Off() <= start || it.Off() > len(b) {
				t.Fatalf("entry at %d, next at %d, previous end %d, %d bytes", start, it.Off(), prev, len(b))
			}
			if len(name) == 0 || bytes.IndexByte(name, 0) >= 0 || len(hash) != 20 || mode > 0o77777777 {
				t.Fatalf("entry mode %o name %q hash %x", mode, name, hash)
			}
			prev = it.Off()
		}
		if it.Err() == nil && it.Off() != len(b) {
			t.Fatalf("stopped at %d of %d without an error", it.Off(), len(b))
		}
	})
}
