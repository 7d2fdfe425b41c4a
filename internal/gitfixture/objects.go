package gitfixture

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// Objects writes raw objects into a git directory, for tests of hostile
// repositories: objects stored under names that do not match their content
// (a tree that contains itself), impossible sizes, corrupt zlib streams,
// tree entries named "../../etc/passwd", packs written byte by byte.
type Objects struct {
	t      testing.TB
	GitDir string
}

// NewObjects writes into the git directory gitDir (a work tree's .git or a
// bare repository).
func NewObjects(t testing.TB, gitDir string) *Objects { return &Objects{t: t, GitDir: gitDir} }

// Zlib compresses b as git does.
func Zlib(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// Hash is the name git gives an object of type typ with content.
func Hash(typ string, content []byte) plumbing.Hash {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", typ, len(content))
	h.Write(content)
	var out plumbing.Hash
	copy(out[:], h.Sum(nil))
	return out
}

// Loose writes a well-formed loose object and returns its name.
func (o *Objects) Loose(typ string, content []byte) plumbing.Hash {
	h := Hash(typ, content)
	o.LooseRaw(h, Zlib(append([]byte(fmt.Sprintf("%s %d\x00", typ, len(content))), content...)))
	return h
}

// LooseAs writes a loose object under a name that need not be its hash.
func (o *Objects) LooseAs(h plumbing.Hash, typ string, content []byte) {
	o.LooseRaw(h, Zlib(append([]byte(fmt.Sprintf("%s %d\x00", typ, len(content))), content...)))
}

// LooseRaw writes the file of loose object h with any bytes.
func (o *Objects) LooseRaw(h plumbing.Hash, file []byte) {
	o.t.Helper()
	s := h.String()
	p := filepath.Join(o.GitDir, "objects", s[:2], s[2:])
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		o.t.Fatal(err)
	}
	if err := os.WriteFile(p, file, 0o644); err != nil {
		o.t.Fatal(err)
	}
}

// Entry is a tree entry; Name may hold any bytes but NUL.
type Entry struct {
	Mode string // "100644", "40000", "160000", "120000"
	Name string
	Hash plumbing.Hash
}

// TreeContent encodes entries in the order given (git sorts them; a
// hostile tree need not).
func TreeContent(entries ...Entry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString(e.Mode + " " + e.Name + "\x00")
		b.Write(e.Hash[:])
	}
	return b.Bytes()
}

// Tree writes a loose tree.
func (o *Objects) Tree(entries ...Entry) plumbing.Hash {
	return o.Loose("tree", TreeContent(entries...))
}

// Blob writes a loose blob.
func (o *Objects) Blob(content string) plumbing.Hash { return o.Loose("blob", []byte(content)) }

// CommitContent encodes a commit; author is "Name <email>".
func CommitContent(tree plumbing.Hash, author, msg string, when int64, parents ...plumbing.Hash) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	fmt.Fprintf(&b, "author %s %d +0000\ncommitter %s %d +0000\n\n%s\n", author, when, author, when, msg)
	return b.Bytes()
}

// Commit writes a loose commit.
func (o *Objects) Commit(tree plumbing.Hash, author, msg string, parents ...plumbing.Hash) plumbing.Hash {
	return o.Loose("commit", CommitContent(tree, author, msg, 1700000000, parents...))
}

// Ref points a reference (refs/heads/main) at any name, existing or not.
func (o *Objects) Ref(name string, h plumbing.Hash) {
	o.RefRaw(name, h.String()+"\n")
}

// RefRaw writes a reference file with any content.
func (o *Objects) RefRaw(name, content string) {
	o.t.Helper()
	p := filepath.Join(o.GitDir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		o.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		o.t.Fatal(err)
	}
}

// PackEntry is one entry of a pack written by Pack: its name and its raw
// bytes (entry header and zlib data), exactly as they go into the file.
type PackEntry struct {
	Hash plumbing.Hash
	Raw  []byte
}

// EntryHeader encodes a pack entry header: type (1 commit, 2 tree, 3 blob,
// 4 tag, 6 ofs-delta, 7 ref-delta) and inflated size.
func EntryHeader(typ byte, size uint64) []byte {
	c := typ<<4 | byte(size&15)
	size >>= 4
	var out []byte
	for size > 0 {
		out = append(out, c|0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	return append(out, c)
}

// Whole is a pack entry holding a whole object.
func Whole(h plumbing.Hash, typ byte, content []byte) PackEntry {
	return PackEntry{Hash: h, Raw: append(EntryHeader(typ, uint64(len(content))), Zlib(content)...)}
}

// RefDelta is a pack entry holding a delta against the object named base.
func RefDelta(h, base plumbing.Hash, delta []byte) PackEntry {
	raw := append(EntryHeader(7, uint64(len(delta))), base[:]...)
	return PackEntry{Hash: h, Raw: append(raw, Zlib(delta)...)}
}

func varint(v uint64) []byte {
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

// CopyDelta is a delta that builds its target by copying all of a base of
// baseLen bytes (at most 16 MiB) times times.
func CopyDelta(baseLen int, times int) []byte {
	d := append(varint(uint64(baseLen)), varint(uint64(baseLen)*uint64(times))...)
	var op []byte
	op = append(op, 0x80)
	for i := 0; i < 3; i++ {
		if b := byte(baseLen >> (8 * i)); b != 0 {
			op[0] |= 0x10 << i
			op = append(op, b)
		}
	}
	for range times {
		d = append(d, op...)
	}
	return d
}

// AppendDelta is a delta whose target is a base of baseLen bytes (at most
// 16 MiB) followed by tail (at most 127 bytes): a file's next version.
func AppendDelta(baseLen int, tail []byte) []byte {
	d := append(varint(uint64(baseLen)), varint(uint64(baseLen+len(tail)))...)
	op := []byte{0x80}
	for i := 0; i < 3; i++ {
		if b := byte(baseLen >> (8 * i)); b != 0 {
			op[0] |= 0x10 << i
			op = append(op, b)
		}
	}
	d = append(d, op...)
	return append(append(d, byte(len(tail))), tail...)
}

// Pack writes a version 2 pack and its index into the objects directory.
func (o *Objects) Pack(entries ...PackEntry) string {
	o.t.Helper()
	return WritePack(o.t, filepath.Join(o.GitDir, "objects", "pack"), entries...)
}

// WritePack writes a version 2 pack of the raw entries (header and data,
// in that order) and its index into dir, and returns the pack's path. The
// entries may be invalid on purpose: the index records their names, offsets
// and the CRC-32 of each entry's raw bytes, as git's does.
func WritePack(t testing.TB, dir string, entries ...PackEntry) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var pack bytes.Buffer
	pack.WriteString("PACK")
	binary.Write(&pack, binary.BigEndian, uint32(2))
	binary.Write(&pack, binary.BigEndian, uint32(len(entries)))
	offs := map[plumbing.Hash]uint32{}
	crcs := map[plumbing.Hash]uint32{}
	for _, e := range entries {
		offs[e.Hash] = uint32(pack.Len())
		crcs[e.Hash] = crc32.ChecksumIEEE(e.Raw)
		pack.Write(e.Raw)
	}
	sum := sha1.Sum(pack.Bytes())
	pack.Write(sum[:])
	names := make([]plumbing.Hash, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Hash)
	}
	slices.SortFunc(names, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	var idx bytes.Buffer
	idx.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	var fan [256]uint32
	for _, n := range names {
		fan[n[0]]++
	}
	for i := 1; i < 256; i++ {
		fan[i] += fan[i-1]
	}
	for _, c := range fan {
		binary.Write(&idx, binary.BigEndian, c)
	}
	for _, n := range names {
		idx.Write(n[:])
	}
	for _, n := range names {
		binary.Write(&idx, binary.BigEndian, crcs[n])
	}
	for _, n := range names {
		binary.Write(&idx, binary.BigEndian, offs[n])
	}
	idx.Write(sum[:])
	isum := sha1.Sum(idx.Bytes())
	idx.Write(isum[:])
	base := filepath.Join(dir, "pack-"+plumbing.Hash(sum).String())
	if err := os.WriteFile(base+".pack", pack.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".idx", idx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return base + ".pack"
}

var (
	zerosOnce sync.Once
	zerosSize int64
	zerosDefl []byte // raw deflate of zerosSize zero bytes
)

// ZeroBomb returns the zlib stream of prefix followed by n zero bytes
// (prefix may be empty), compressed once per process and reused: about
// 1.3 MB for 1 GiB of zeros, a stream that inflates a thousand times over.
// Only one n is supported per process.
func ZeroBomb(prefix []byte, n int64) []byte {
	zerosOnce.Do(func() {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		z := make([]byte, 1<<20)
		for left := n; left > 0; left -= int64(len(z)) {
			fw.Write(z[:min(int64(len(z)), left)])
		}
		fw.Close()
		zerosSize, zerosDefl = n, buf.Bytes()
	})
	if n != zerosSize {
		panic("ZeroBomb: one size per process, " + strconv.FormatInt(zerosSize, 10) + " already made")
	}
	var out bytes.Buffer
	out.Write([]byte{0x78, 0x01})
	if len(prefix) > 0 {
		// A stored, non-final deflate block holding the prefix.
		out.WriteByte(0)
		binary.Write(&out, binary.LittleEndian, uint16(len(prefix)))
		binary.Write(&out, binary.LittleEndian, ^uint16(len(prefix)))
		out.Write(prefix)
	}
	out.Write(zerosDefl)
	a := adler32.New()
	a.Write(prefix)
	z := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(z)) {
		a.Write(z[:min(int64(len(z)), left)])
	}
	binary.Write(&out, binary.BigEndian, a.Sum32())
	return out.Bytes()
}
