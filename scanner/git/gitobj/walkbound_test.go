package gitobj

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestWalkBoundsWhatItHolds: along a delta chain whose versions together
// exceed the database's memory budget, the walk stops keeping every base
// in hand and puts the rest of the family off (read again through a
// Reader): every object is still visited once, with the content random
// access gives, and what was held at once stays within the budget (plus
// one task's start when the budget is smaller than a base and its kid);
// blobs over MaxBlobSize and the deltas built on them are visited without
// content. Run with 1 and 4 workers: the bound does not grow with them.
func TestWalkBoundsWhatItHolds(t *testing.T) {
	// A chain: v0 (whole), v1 = v0 + line, v2 = v1 + line, ... each an
	// OfsDelta on the previous entry; then a blob over the limit and a
	// delta on it.
	const versions = 40
	content := [][]byte{bytes.Repeat([]byte("base line of the file\n"), 1000)} // 22 KB
	names := []Hash{HashObject(BlobObject, content[0])}
	entries := [][]byte{append(entryHeaderBytes(BlobObject, uint64(len(content[0]))), zlibBytes(content[0])...)}
	offs := []uint64{12}
	for i := 1; i < versions; i++ {
		prev := content[i-1]
		line := []byte(fmt.Sprintf("line %d\n", i))
		next := append(bytes.Clone(prev), line...)
		delta := append(deltaVarintBytes(uint64(len(prev))), deltaVarintBytes(uint64(len(next)))...)
		for off := 0; off < len(prev); off += 0x10000 {
			n := min(0x10000, len(prev)-off)
			delta = append(delta, 0x80|0x01|0x02|0x10|0x20, byte(off), byte(off>>8), byte(n), byte(n>>8))
		}
		delta = append(append(delta, byte(len(line))), line...)
		off := offs[i-1] + uint64(len(entries[i-1]))
		entries = append(entries, append(ofsDeltaHeader(uint64(len(delta)), off-offs[i-1]), zlibBytes(delta)...))
		offs = append(offs, off)
		content = append(content, next)
		names = append(names, HashObject(BlobObject, next))
	}
	big := bytes.Repeat([]byte("big "), 50_000) // 200 KB, over the limit below
	bigOff := offs[len(offs)-1] + uint64(len(entries[len(entries)-1]))
	entries = append(entries, append(entryHeaderBytes(BlobObject, uint64(len(big))), zlibBytes(big)...))
	bigH := HashObject(BlobObject, big)
	names = append(names, bigH)
	small := append(deltaVarintBytes(uint64(len(big))), deltaVarintBytes(10)...)
	small = append(small, 0x80|0x10, 10) // copy 10 bytes from offset 0
	entries = append(entries, append(ofsDeltaHeader(uint64(len(small)), bigOff+uint64(len(entries[len(entries)-1]))-bigOff), zlibBytes(small)...))
	smallH := HashObject(BlobObject, big[:10])
	names = append(names, smallH)

	dir := t.TempDir()
	writePack(t, dir, names, entries)
	for _, workers := range []int{1, 4} {
		for _, budget := range []int64{64 << 10, 160 << 10, DefaultMemoryBudget} {
			t.Run(fmt.Sprintf("workers %d, budget %d", workers, budget), func(t *testing.T) {
				db, err := Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				db.SetMemoryBudget(budget)
				var mu sync.Mutex
				seen := map[Hash]*Object{}
				errs := db.Walk(WalkOptions{
					Phases:      [][]Type{{BlobObject}},
					Workers:     workers,
					MaxBlobSize: 100 << 10,
					Spans:       func(Type) bool { return true },
					Visit: func(o *Object) {
						mu.Lock()
						defer mu.Unlock()
						if seen[o.Hash] != nil {
							t.Errorf("%s visited twice", o.Hash)
						}
						c := *o
						c.Data = bytes.Clone(o.Data)
						seen[o.Hash] = &c
					},
				})
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				for i, h := range names[:versions] {
					o := seen[h]
					if o == nil || !bytes.Equal(o.Data, content[i]) || o.Size != int64(len(content[i])) {
						t.Fatalf("version %d: visited %v", i, o != nil)
					}
				}
				if o := seen[bigH]; o == nil || o.Data != nil || o.Size != int64(len(big)) {
					t.Errorf("blob over the limit: %+v", o)
				}
				if o := seen[smallH]; o == nil || o.Data != nil || o.Size != 10 {
					t.Errorf("delta of a blob over the limit: %+v", o)
				}
				// A task may start alone above a budget smaller than a base
				// read (3 times its size), its kid and the kid's delta.
				bound := max(budget, int64(5*len(content[versions-1])))
				if p := db.MemoryPeak(); p > bound {
					t.Errorf("held %d bytes at once, budget %d", p, budget)
				}
				if db.mem.used != 0 {
					t.Errorf("%d bytes of the budget not given back", db.mem.used)
				}
			})
		}
	}
}
