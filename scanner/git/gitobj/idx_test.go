package gitobj_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// A pack index whose names are out of order opens (only its header is
// read at open), but looking up a name in the damaged part is an error
// naming the index, not a missing object (which a partial clone would
// only note).
func TestDamagedIndexIsAnError(t *testing.T) {
	dir, idx, b := packIndex(t)
	names := b[8+1024:]
	var h gitobj.Hash
	copy(h[:], names[20:40]) // the second name
	// Swap the first two names: out of order, or in the wrong bucket.
	var tmp [20]byte
	copy(tmp[:], names[:20])
	copy(names[:20], names[20:40])
	copy(names[20:40], tmp[:])
	os.Chmod(idx, 0o644)
	if err := os.WriteFile(idx, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := gitobj.Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatalf("open: %v (only the header is checked at open)", err)
	}
	defer db.Close()
	_, _, err = db.NewReader(1 << 20).Read(h)
	var me *gitobj.MissingError
	if err == nil || !strings.Contains(err.Error(), "corrupt pack index") || !strings.Contains(err.Error(), filepath.Base(idx)) || errors.As(err, &me) {
		t.Fatalf("read from a damaged index: %v, want an error naming the corrupt index", err)
	}
}

// A truncated index is an error at open.
func TestTruncatedIndex(t *testing.T) {
	dir, idx, b := packIndex(t)
	os.Chmod(idx, 0o644)
	if err := os.WriteFile(idx, b[:len(b)-100], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := gitobj.Open(filepath.Join(dir, ".git", "objects")); err == nil || !strings.Contains(err.Error(), "corrupt pack index") {
		t.Fatalf("open with a truncated index: %v", err)
	}
}

// A name the fanout table puts in another bucket than its first byte says
// is found by no search, and the buckets a lookup checks can all be in
// order: the miss verifies the whole index, so reading that name is an
// error naming the index, not a missing object (found by FuzzParseIndex).
func TestMisplacedNameIsAnError(t *testing.T) {
	dir, idx, b := packIndex(t)
	fanout, names := b[8:8+1024], b[8+1024:]
	count := func(k int) uint32 { // names whose first byte is at most k
		if k < 0 {
			return 0
		}
		return uint32(fanout[4*k])<<24 | uint32(fanout[4*k+1])<<16 | uint32(fanout[4*k+2])<<8 | uint32(fanout[4*k+3])
	}
	// The last name moves to an empty bucket below its own.
	n := int(count(255))
	last := names[20*(n-1) : 20*n]
	empty := -1
	for k := int(last[0]) - 1; k >= 0 && empty < 0; k-- {
		if count(k) == count(k-1) {
			empty = k
		}
	}
	if empty < 0 {
		t.Fatal("no empty bucket below the last name's: the fixture has changed")
	}
	last[0] = byte(empty)
	var h gitobj.Hash
	copy(h[:], last)
	os.Chmod(idx, 0o644)
	if err := os.WriteFile(idx, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := gitobj.Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, err = db.NewReader(1 << 20).Read(h)
	var me *gitobj.MissingError
	if err == nil || !strings.Contains(err.Error(), "corrupt pack index") || errors.As(err, &me) {
		t.Fatalf("read of a misplaced name: %v, want an error naming the corrupt index", err)
	}
}

// packIndex makes a packed repository and returns it, its pack index's
// path and the index's bytes.
func packIndex(t *testing.T) (dir, idx string, b []byte) {
	t.Helper()
	dir, _ = packedRepo(t)
	idxs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("%d pack indexes", len(idxs))
	}
	b, err := os.ReadFile(idxs[0])
	if err != nil {
		t.Fatal(err)
	}
	return dir, idxs[0], b
}
