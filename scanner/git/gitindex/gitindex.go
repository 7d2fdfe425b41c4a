// Package gitindex reads git's index file (versions 2, 3 and 4) with its
// cache-tree extension: what `aaiguard staged` needs to know which entries
// differ from HEAD, fast.
//
// go-git's decoder reads each field through encoding/binary's reflection
// and hashes the file with a collision-detecting SHA-1; on a 38k-entry
// index (tldr) that was 55 ms of a 100 ms staged scan. Here the file is
// read into one string, entry names are sliced out of it,
// and the trailing checksum is verified with the standard SHA-1 (an index
// is a local file git wrote, not content from a remote, so collision
// detection buys nothing) on a second goroutine while the entries are
// parsed: a truncated or corrupted index is an error, never a silent pass.
// git itself verifies the checksum only in fsck (verify_index_checksum in
// read-cache.c); we keep it because it costs no wall time on two cores.
// An all-zero checksum is git's index.skipHash (feature.manyFiles): git
// wrote no checksum, and none is verified, as git does.
package gitindex

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unsafe"
)

// Hash is an object name (SHA-1).
type Hash [20]byte

// Mode bits of an entry.
const (
	ModeDir     = 0o040000 // a sparse index's directory entry
	ModeSymlink = 0o120000
	ModeGitlink = 0o160000 // a submodule
)

// Entry is one index entry.
type Entry struct {
	Name string // slash-separated, repository-relative
	Mode uint32
	Hash Hash
	// Stage is 0 for a merged entry, 1–3 for the sides of a conflict.
	Stage int
	// IntentToAdd marks `git add -N` entries (no content staged yet).
	IntentToAdd bool
	// SkipWorktree marks entries outside a sparse checkout.
	SkipWorktree bool
	// AssumeValid marks `git update-index --assume-unchanged` entries:
	// git does not compare their stat data, so Hash says nothing of the
	// file's content.
	AssumeValid bool
	// Stat is the file's lstat data when git last wrote the entry
	// (truncated to 32 bits, as git stores it): equal to the file's now
	// and not racily clean, it says the file still holds Hash.
	Stat Stat
}

// Stat is an entry's stat data, as git stores it (each field the low 32
// bits of lstat's).
type Stat struct {
	CtimeSec, CtimeNsec, MtimeSec, MtimeNsec uint32
	Dev, Ino, Mode, UID, GID, Size           uint32
}

// CacheTree maps each directory ("" for the root) that the cache-tree
// extension holds as valid to the tree object git would write for it.
type CacheTree map[string]Hash

// Index is a parsed index file.
type Index struct {
	Version int
	Entries []Entry
	Tree    CacheTree
}

// maxEntries bounds what a corrupt header can make us allocate.
const maxEntries = 1 << 26

// Parse parses the content of an index file.
func Parse(data []byte) (*Index, error) { return ParseString(string(data)) }

// ParseString parses the content of an index file held in a string (see
// ReadFile: entry names are substrings of it, not one allocation each).
func ParseString(data string) (*Index, error) {
	if len(data) < 12+sha1.Size {
		return nil, errors.New("index: truncated (shorter than its header and checksum)")
	}
	body, sum := data[:len(data)-sha1.Size], data[len(data)-sha1.Size:]
	if body[:4] != "DIRC" {
		return nil, errors.New("index: not an index file (no DIRC signature)")
	}
	var checked chan bool
	if sum != string(make([]byte, sha1.Size)) {
		checked = make(chan bool, 1)
		go func() { checked <- checksum(body) == sum }()
	}
	idx, err := parse(body)
	// Wait for the checksum even when parsing failed: a damaged file is
	// reported as damaged, not by the first structural symptom.
	if checked != nil && !<-checked {
		return nil, errors.New("index: checksum mismatch (corrupt or truncated index file)")
	}
	return idx, err
}

// checksum is the SHA-1 of s, hashed through a small buffer (the hash
// takes bytes; a copy of the whole file would cost as much as the read).
func checksum(s string) string {
	h := sha1.New()
	var buf [64 << 10]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		h.Write(buf[:n])
		s = s[n:]
	}
	return string(h.Sum(nil))
}

// ReadFile reads an open index file (at most limit bytes) into one string.
// The file is read in one call into a buffer of its size that becomes the
// string without a copy: going through a strings.Builder, 32 KiB at a time,
// was a tenth of the pre-commit hook's time on a 3.5 MB index.
func ReadFile(f *os.File, limit int64) (string, error) {
	size := int64(0)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		// Refused by its size before anything is read: a sparse 8 GiB
		// index read up to the limit took 7.9 GB (TestHostileControlFiles).
		return "", fmt.Errorf("larger than %d bytes (%d)", limit, st.Size())
	} else if err == nil {
		size = st.Size()
	}
	// One byte more than the size, so that a file grown since the stat
	// is still read to its end (and bounded by limit).
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return "", fmt.Errorf("larger than %d bytes", limit)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	if len(buf) == 0 {
		return "", nil
	}
	// buf is never written again: the string may share it.
	return unsafe.String(&buf[0], len(buf)), nil
}

func u32(s string, off int) uint32 {
	return uint32(s[off])<<24 | uint32(s[off+1])<<16 | uint32(s[off+2])<<8 | uint32(s[off+3])
}

func u16(s string, off int) uint16 { return uint16(s[off])<<8 | uint16(s[off+1]) }

func parse(body string) (*Index, error) {
	idx := &Index{Version: int(u32(body, 4))}
	if idx.Version < 2 || idx.Version > 4 {
		return nil, fmt.Errorf("index: version %d is not supported (2, 3 or 4)", idx.Version)
	}
	n := u32(body, 8)
	if n > maxEntries || int(n) > len(body)/40 {
		return nil, fmt.Errorf("index: %d entries cannot fit in %d bytes", n, len(body))
	}
	idx.Entries = make([]Entry, 0, n)
	off := 12
	var prev string // v4: the previous entry's name
	for i := 0; i < int(n); i++ {
		start := off
		if off+62 > len(body) {
			return nil, fmt.Errorf("index: entry %d truncated", i+1)
		}
		var e Entry
		e.Stat = Stat{CtimeSec: u32(body, off), CtimeNsec: u32(body, off+4), MtimeSec: u32(body, off+8), MtimeNsec: u32(body, off+12),
			Dev: u32(body, off+16), Ino: u32(body, off+20), Mode: u32(body, off+24), UID: u32(body, off+28), GID: u32(body, off+32), Size: u32(body, off+36)}
		e.Mode = e.Stat.Mode
		copy(e.Hash[:], body[off+40:off+60])
		flags := u16(body, off+60)
		off += 62
		e.Stage = int(flags>>12) & 3
		e.AssumeValid = flags&0x8000 != 0
		if flags&0x4000 != 0 { // extended flags (v3+)
			if idx.Version < 3 {
				return nil, fmt.Errorf("index: entry %d has extended flags in a version 2 index", i+1)
			}
			if off+2 > len(body) {
				return nil, fmt.Errorf("index: entry %d truncated", i+1)
			}
			ext := u16(body, off)
			off += 2
			e.SkipWorktree = ext&0x4000 != 0
			e.IntentToAdd = ext&0x2000 != 0
		}
		if idx.Version == 4 {
			strip, w := uvarint(body[off:])
			if w <= 0 || strip > uint64(len(prev)) {
				return nil, fmt.Errorf("index: entry %d: bad name compression", i+1)
			}
			off += w
			end := strings.IndexByte(body[off:], 0)
			if end < 0 {
				return nil, fmt.Errorf("index: entry %d: name not terminated", i+1)
			}
			e.Name = prev[:len(prev)-int(strip)] + body[off:off+end]
			off += end + 1
		} else {
			end := strings.IndexByte(body[off:], 0)
			if end < 0 {
				return nil, fmt.Errorf("index: entry %d: name not terminated", i+1)
			}
			e.Name = body[off : off+end]
			// NUL padding to a multiple of 8 bytes from the entry's start
			// (one to eight NULs).
			off = start + (off+end-start+8)&^7
			if off > len(body) {
				return nil, fmt.Errorf("index: entry %d truncated", i+1)
			}
		}
		prev = e.Name
		idx.Entries = append(idx.Entries, e)
	}
	for off < len(body) {
		if off+8 > len(body) {
			return nil, errors.New("index: extension header truncated")
		}
		sig := body[off : off+4]
		size := int(u32(body, off+4))
		off += 8
		if size < 0 || off+size > len(body) {
			return nil, fmt.Errorf("index: extension %q truncated", sig)
		}
		ext := body[off : off+size]
		off += size
		switch {
		case sig == "TREE":
			t, err := parseTree([]byte(ext))
			if err != nil {
				return nil, err
			}
			idx.Tree = t
		case sig[0] >= 'A' && sig[0] <= 'Z':
			// Optional extensions (UNTR, REUC, EOIE, IEOT, …) carry
			// nothing a staged scan needs.
		default:
			// "link" (split index) and "sdir" (sparse index) change what
			// the entries mean; git says a reader must understand them.
			return nil, fmt.Errorf("index: required extension %q is not supported (split or sparse index: run git update-index --no-split-index)", sig)
		}
	}
	return idx, nil
}

// uvarint is binary.Uvarint for a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var sh uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -(i + 1)
			}
			return x | uint64(c)<<sh, i + 1
		}
		x |= uint64(c&0x7f) << sh
		sh += 7
	}
	return 0, 0
}

// parseTree reads the cache-tree extension: for each directory in
// pre-order, its path component, NUL, the entry count (-1: invalid), a
// space, the subtree count, a newline and, when valid, its tree's name.
func parseTree(b []byte) (CacheTree, error) {
	out := CacheTree{}
	type frame struct {
		dir  string
		left int // subtrees still to read
	}
	var stack []frame
	for len(b) > 0 {
		nul := bytes.IndexByte(b, 0)
		if nul < 0 {
			return nil, errors.New("index: cache tree: path not terminated")
		}
		comp := string(b[:nul])
		b = b[nul+1:]
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			return nil, errors.New("index: cache tree: counts not terminated")
		}
		entries, subtrees, ok := counts(b[:nl])
		if !ok || subtrees > len(b) {
			return nil, fmt.Errorf("index: cache tree: bad counts %q", b[:nl])
		}
		b = b[nl+1:]
		for len(stack) > 0 && stack[len(stack)-1].left == 0 {
			stack = stack[:len(stack)-1]
		}
		dir := comp
		if len(stack) > 0 {
			parent := &stack[len(stack)-1]
			parent.left--
			if parent.dir != "" {
				dir = parent.dir + "/" + comp
			}
		} else if comp != "" {
			return nil, errors.New("index: cache tree: the root has a name")
		}
		if entries >= 0 {
			if len(b) < 20 {
				return nil, errors.New("index: cache tree: tree name truncated")
			}
			var h Hash
			copy(h[:], b[:20])
			b = b[20:]
			out[dir] = h
		}
		stack = append(stack, frame{dir: dir, left: subtrees})
	}
	return out, nil
}

// counts parses "ENTRIES SUBTREES" (entries may be -1).
func counts(b []byte) (entries, subtrees int, ok bool) {
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		return 0, 0, false
	}
	e, ok1 := number(b[:sp], true)
	s, ok2 := number(b[sp+1:], false)
	return e, s, ok1 && ok2
}

func number(b []byte, signed bool) (int, bool) {
	neg := false
	if signed && len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
