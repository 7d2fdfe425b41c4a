package gitobj

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Commit is what the history scanner needs of a commit.
type Commit struct {
	Tree        Hash
	Parents     []Hash
	AuthorName  string
	AuthorEmail string
	AuthorTime  time.Time
	CommitTime  int64 // committer time, Unix seconds: commit ordering
}

// ParseCommit parses a commit object's content.
func ParseCommit(b []byte) (*Commit, error) {
	c := &Commit{}
	haveTree := false
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		var line []byte
		if nl < 0 {
			line, b = b, nil
		} else {
			line, b = b[:nl], b[nl+1:]
		}
		if len(line) == 0 {
			break // end of headers
		}
		k, v, _ := bytes.Cut(line, []byte{' '})
		switch string(k) {
		case "tree":
			h, err := parseHex(v)
			if err != nil {
				return nil, fmt.Errorf("commit: bad tree line: %w", err)
			}
			c.Tree, haveTree = h, true
		case "parent":
			h, err := parseHex(v)
			if err != nil {
				return nil, fmt.Errorf("commit: bad parent line: %w", err)
			}
			c.Parents = append(c.Parents, h)
		case "author":
			name, email, when := parseSignature(v)
			c.AuthorName, c.AuthorEmail, c.AuthorTime = name, email, when
		case "committer":
			_, _, when := parseSignature(v)
			c.CommitTime = when.Unix()
		}
	}
	if !haveTree {
		return nil, errors.New("commit: no tree")
	}
	if c.CommitTime == 0 {
		c.CommitTime = c.AuthorTime.Unix()
	}
	return c, nil
}

func parseHex(v []byte) (Hash, error) {
	var h Hash
	if len(v) != 40 {
		return h, fmt.Errorf("%q is not an object name", v)
	}
	if _, err := hex.Decode(h[:], v); err != nil {
		return h, fmt.Errorf("%q is not an object name", v)
	}
	return h, nil
}

// commonZones are the zones of the usual offsets (whole hours and
// quarters, -14:00 to +14:00), made once and only read after: a zone made
// per commit cost 140 bytes each (15 MB of tldr's full pass, 180 MB of a
// history of 1.3M commits). A *time.Location is immutable, so sharing one
// is safe.
var commonZones = func() map[string]*time.Location {
	m := map[string]*time.Location{}
	for hh := 0; hh <= 14; hh++ {
		for _, mm := range []int{0, 15, 30, 45} {
			for _, sign := range []int{1, -1} {
				name := fmt.Sprintf("+%02d%02d", hh, mm)
				if sign < 0 {
					name = fmt.Sprintf("-%02d%02d", hh, mm)
				}
				m[name] = time.FixedZone(name, sign*(hh*3600+mm*60))
			}
		}
	}
	return m
}()

// parseSignature parses "Name <email> 1700000000 +0100". Malformed parts
// are left empty rather than failing the commit.
func parseSignature(v []byte) (name, email string, when time.Time) {
	lt := bytes.IndexByte(v, '<')
	gt := bytes.LastIndexByte(v, '>')
	if lt < 0 || gt < lt {
		return string(bytes.TrimSpace(v)), "", time.Time{}
	}
	name = string(bytes.TrimSpace(v[:lt]))
	email = string(v[lt+1 : gt])
	rest := bytes.Fields(v[gt+1:])
	if len(rest) >= 1 {
		sec, err := strconv.ParseInt(string(rest[0]), 10, 64)
		if err == nil {
			when = time.Unix(sec, 0).UTC()
			if len(rest) >= 2 && len(rest[1]) == 5 {
				tz := rest[1]
				hh, e1 := strconv.Atoi(string(tz[1:3]))
				mm, e2 := strconv.Atoi(string(tz[3:5]))
				if e1 == nil && e2 == nil {
					off := hh*3600 + mm*60
					if tz[0] == '-' {
						off = -off
					}
					loc := commonZones[string(tz)]
					if loc == nil {
						loc = time.FixedZone(string(tz), off)
					}
					when = when.In(loc)
				}
			}
		}
	}
	return name, email, when
}

// Tag is what the history scanner needs of an annotated tag.
type Tag struct {
	Object Hash
	Type   Type
}

// ParseTag parses an annotated tag object's content.
func ParseTag(b []byte) (*Tag, error) {
	t := &Tag{}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		var line []byte
		if nl < 0 {
			line, b = b, nil
		} else {
			line, b = b[:nl], b[nl+1:]
		}
		if len(line) == 0 {
			break
		}
		k, v, _ := bytes.Cut(line, []byte{' '})
		switch string(k) {
		case "object":
			h, err := parseHex(v)
			if err != nil {
				return nil, fmt.Errorf("tag: bad object line: %w", err)
			}
			t.Object = h
		case "type":
			t.Type = parseType(string(v))
		}
	}
	if t.Object.IsZero() || t.Type == Invalid {
		return nil, errors.New("tag: no object or type")
	}
	return t, nil
}

// File modes of tree entries.
const (
	ModeDir       = 0o040000
	ModeRegular   = 0o100644
	ModeExec      = 0o100755
	ModeSymlink   = 0o120000
	ModeSubmodule = 0o160000
)

// TreeIter iterates over the entries of a tree object's content.
type TreeIter struct {
	b   []byte
	off int
	err error
}

// NewTreeIter iterates over tree content b.
func NewTreeIter(b []byte) TreeIter { return TreeIter{b: b} }

// Next returns the next entry: its mode, name and the 20 bytes of its
// object name (both slices alias the tree content). ok is false at the end
// or on a malformed entry (then Err says why).
func (it *TreeIter) Next() (mode uint32, name []byte, hash []byte, start int, ok bool) {
	b := it.b[it.off:]
	if len(b) == 0 {
		return 0, nil, nil, 0, false
	}
	start = it.off
	i := 0
	for ; i < len(b) && b[i] != ' '; i++ {
		c := b[i]
		if c < '0' || c > '7' || i > 7 {
			it.err = fmt.Errorf("malformed tree entry at byte %d: bad mode", it.off)
			return 0, nil, nil, 0, false
		}
		mode = mode<<3 | uint32(c-'0')
	}
	if i == 0 || i >= len(b) {
		it.err = fmt.Errorf("malformed tree entry at byte %d", it.off)
		return 0, nil, nil, 0, false
	}
	rest := b[i+1:]
	nul := bytes.IndexByte(rest, 0)
	if nul <= 0 || nul+21 > len(rest) {
		it.err = fmt.Errorf("malformed tree entry at byte %d: truncated", it.off)
		return 0, nil, nil, 0, false
	}
	name = rest[:nul]
	hash = rest[nul+1 : nul+21]
	it.off += i + 1 + nul + 21
	return mode, name, hash, start, true
}

// Seek moves to offset off, which must be the start of an entry.
func (it *TreeIter) Seek(off int) { it.off = off }

// Off is the offset of the next entry.
func (it *TreeIter) Off() int { return it.off }

// Err is the error that stopped the iteration, if any.
func (it *TreeIter) Err() error { return it.err }

// IsDir, IsFile, IsSubmodule classify tree entry modes.
func IsDir(mode uint32) bool       { return mode&0o170000 == ModeDir }
func IsFile(mode uint32) bool      { return mode&0o170000 == 0o100000 }
func IsSubmodule(mode uint32) bool { return mode&0o170000 == ModeSubmodule }
