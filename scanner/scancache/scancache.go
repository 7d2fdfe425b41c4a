// Package scancache stores what a full-history scan proved, so that the
// next scan of the same repository with the same rules reads only what
// changed (aaiguard history/check --cache DIR).
//
// A record is keyed by a fingerprint of everything that decides what a
// scan finds (aaiguard's version, the rules and configuration, the scan
// options: see Key) and names the repository it belongs to. It holds
// object ids and counts, never content: the commits the scan covered, the
// packs and loose objects of the object database it read (every blob in
// them was scanned and holds no finding unless listed in Found), the ids
// of the blobs with findings and where each reported finding was (commit,
// path, the finding's number among the blob's), and the blobs over the
// size limit. Findings themselves, secrets included, are re-derived by
// scanning those few blobs again: the cache holds nothing secret and
// nothing reversible to a secret.
//
// A record is written whole through internal/atomicfile (a reader sees the
// old file or the new one; concurrent writers each write a whole file, the
// last rename wins) and ends in a SHA-256 of its content: a truncated,
// corrupt or half-written file is detected and ignored, never trusted. A
// cache directory inside the scanned work tree (where the repository
// itself could ship a forged record vouching for its history) is refused,
// as is a record file that is a symbolic link.
package scancache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
	"github.com/aaiguard/aaiguard/internal/outfile"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// Hash is a git object id (SHA-1).
type Hash = gitobj.Hash

// Record is what one full-history scan proved.
type Record struct {
	Key  [32]byte // see Key
	Repo string   // the repository's identity (see scanner/pipeline)

	Tips    []Hash // the commits the references named
	Commits []Hash // every commit scanned, sorted
	Packs   []Hash // checksums of the packs read, sorted
	Loose   []Hash // loose objects read, sorted
	Large   []Hash // blobs over the size limit (not scanned), sorted
	Found   []Hash // blobs with findings (reported or not), sorted
	// Bin are the binary blobs (not scanned for secrets), sorted: every
	// other blob of the packs and loose objects outside Large and Found
	// is text the rules found nothing in, which lets the work tree skip a
	// file that still holds one (see Clean).
	Bin []Hash
	// Unreached are the objects no ref reached (blobs no tree names,
	// trees no commit reaches, blobs with findings no commit reaches),
	// sorted, and Notes what the scan said of them.
	Unreached []Hash
	Notes     []string
	// Sites are the findings reported, in report order.
	Sites []Site

	Blobs, Binary, Bytes int64
	// Submodules counts the gitlink entries of the trees the commits
	// reach, each tree once (what the full pass's note says).
	Submodules int64
	TooLarge   []Skipped
}

// Site is where a reported finding was: the K-th finding the rules report
// in Blob, at Path in Commit.
type Site struct {
	Commit, Blob Hash
	Path         string
	K            int
}

// Skipped is a blob over the size limit, as the scan reported it.
type Skipped struct {
	Path   string
	Size   int64
	Reason string
}

// Has reports whether sorted list l holds h.
func Has(l []Hash, h Hash) bool {
	_, ok := slices.BinarySearchFunc(l, h, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return ok
}

// Sort sorts a list of hashes and drops duplicates.
func Sort(l []Hash) []Hash {
	slices.SortFunc(l, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(l)
}

// Key is the fingerprint of a scan's inputs: each part (version, rules
// digest, options) length-prefixed, hashed.
func Key(parts ...[]byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(magic))
	for _, p := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

const magic = "aaiguard scan cache v3\n"

// maxFile bounds a record read (a Linux-kernel-sized history's commit
// list is 26 MB).
const maxFile = 1 << 30

// ErrInsideWorkTree is returned for a cache directory in the scanned work
// tree.
var ErrInsideWorkTree = errors.New("the cache directory is inside the scanned work tree (a repository could ship a forged cache vouching for its own history): use a directory outside it, or inside .git")

// Dir is a cache directory.
type Dir struct{ path string }

// Open checks a cache directory for a repository whose work tree and git
// directory are given (workTree "" for a bare repository) and creates it
// when missing.
func Open(dir, workTree, gitDir string) (*Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("--cache %s: %w", dir, err)
	}
	if inside(abs, workTree, gitDir) {
		return nil, fmt.Errorf("--cache %s: %w", dir, ErrInsideWorkTree)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("--cache %s: %w", dir, regularfile.Cause(err))
	}
	// A link that leads into the work tree is refused like the path.
	if real, err := filepath.EvalSymlinks(abs); err == nil && inside(real, resolve(workTree), resolve(gitDir)) {
		return nil, fmt.Errorf("--cache %s: %w", dir, ErrInsideWorkTree)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("--cache %s: %w", dir, regularfile.Cause(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("--cache %s: not a directory", dir)
	}
	return &Dir{path: abs}, nil
}

func resolve(p string) string {
	if p == "" {
		return ""
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// inside reports whether p is in workTree and not in gitDir.
func inside(p, workTree, gitDir string) bool {
	under := func(p, dir string) bool { return dir != "" && outfile.Within(p, dir) }
	return under(p, workTree) && !under(p, gitDir)
}

// file is the record file for key.
func (d *Dir) file(key [32]byte) string {
	return filepath.Join(d.path, "history-"+hex.EncodeToString(key[:12])+".aaic")
}

// Load reads the record for key. A missing record is (nil, nil); a
// damaged one, one for another key or another repository, an error saying
// which (the caller ignores it and scans whole).
func (d *Dir) Load(key [32]byte, repo string) (*Record, error) {
	p := d.file(key)
	data, err := regularfile.Read(p, false, maxFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", p, regularfile.Cause(err))
	}
	rec, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", p, err)
	}
	if rec.Key != key {
		return nil, fmt.Errorf("cache %s: written for other rules or options", p)
	}
	if rec.Repo != repo {
		return nil, fmt.Errorf("cache %s: written for another repository", p)
	}
	return rec, nil
}

// Save writes the record, replacing the file whole.
func (d *Dir) Save(rec *Record) error {
	p := d.file(rec.Key)
	if err := atomicfile.Write(p, Encode(rec), 0o600); err != nil {
		return fmt.Errorf("write cache %s: %w", p, regularfile.Cause(err))
	}
	return nil
}

// Encode serialises a record: the magic line, its fields, and the SHA-256
// of all of it.
func Encode(r *Record) []byte {
	b := []byte(magic)
	b = append(b, r.Key[:]...)
	b = appendString(b, r.Repo)
	for _, l := range [][]Hash{r.Tips, r.Commits, r.Packs, r.Loose, r.Large, r.Found, r.Unreached, r.Bin} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, h := range l {
			b = append(b, h[:]...)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.Sites)))
	for _, s := range r.Sites {
		b = append(b, s.Commit[:]...)
		b = append(b, s.Blob[:]...)
		b = appendString(b, s.Path)
		b = binary.AppendUvarint(b, uint64(s.K))
	}
	for _, n := range []int64{r.Blobs, r.Binary, r.Bytes, r.Submodules} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendUvarint(b, uint64(len(r.TooLarge)))
	for _, s := range r.TooLarge {
		b = appendString(b, s.Path)
		b = binary.AppendUvarint(b, uint64(s.Size))
		b = appendString(b, s.Reason)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Notes)))
	for _, n := range r.Notes {
		b = appendString(b, n)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errCorrupt is what every decoding failure wraps.
var errCorrupt = errors.New("corrupt or truncated cache record")

// Decode parses a record, checking its checksum first and then every
// length against what is left (a damaged file is an error, never a
// partial record).
func Decode(data []byte) (*Record, error) {
	if len(data) < len(magic)+sha256.Size || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a cache record of this version", errCorrupt)
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%w: checksum mismatch", errCorrupt)
	}
	d := decoder{b: body[len(magic):]}
	r := &Record{}
	copy(r.Key[:], d.bytes(32))
	r.Repo = d.string()
	for i, l := range []*[]Hash{&r.Tips, &r.Commits, &r.Packs, &r.Loose, &r.Large, &r.Found, &r.Unreached, &r.Bin} {
		*l = d.hashes()
		if i > 0 && !slices.IsSortedFunc(*l, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) }) {
			d.fail("a sorted list is not sorted")
		}
	}
	n := d.count(41)
	r.Sites = make([]Site, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		var s Site
		copy(s.Commit[:], d.bytes(20))
		copy(s.Blob[:], d.bytes(20))
		s.Path = d.string()
		s.K = int(d.uvarint())
		r.Sites = append(r.Sites, s)
	}
	r.Blobs, r.Binary, r.Bytes, r.Submodules = int64(d.uvarint()), int64(d.uvarint()), int64(d.uvarint()), int64(d.uvarint())
	n = d.count(3)
	for i := 0; i < n && d.err == nil; i++ {
		var s Skipped
		s.Path = d.string()
		s.Size = int64(d.uvarint())
		s.Reason = d.string()
		r.TooLarge = append(r.TooLarge, s)
	}
	n = d.count(1)
	for i := 0; i < n && d.err == nil; i++ {
		r.Notes = append(r.Notes, d.string())
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(why string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", errCorrupt, why)
	}
	d.b = nil
}

func (d *decoder) bytes(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail("truncated")
		return make([]byte, max(n, 0))
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > 1<<62 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count of items of at least min bytes each.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.fail("count larger than the record")
		return 0
	}
	return int(n)
}

func (d *decoder) string() string { return string(d.bytes(d.count(1))) }

func (d *decoder) hashes() []Hash {
	n := d.count(20)
	raw := d.bytes(20 * n)
	l := make([]Hash, n)
	for i := range l {
		copy(l[i][:], raw[20*i:])
	}
	return l
}
