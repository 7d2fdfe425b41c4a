package gitobj

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// The hash table and the binary searches must find the same entries, and
// neither may find a name that is not there, including names that share
// the table's key bytes with one that is.
func TestFindWithTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var names [][]byte
	for i := 0; i < 5000; i++ {
		h := make([]byte, 20)
		for j := range h {
			h[j] = byte(r.IntN(256))
		}
		if i%10 == 1 { // same key bytes (4..7) as the previous name
			copy(h[4:8], names[i-1][4:8])
		}
		names = append(names, h)
	}
	slices.SortFunc(names, bytes.Compare)
	names = slices.CompactFunc(names, bytes.Equal)
	p := &Pack{n: len(names), fanout: make([]byte, 1024)}
	var counts [256]uint32
	for _, h := range names {
		p.names = append(p.names, h...)
		counts[h[0]]++
	}
	var sum uint32
	for b, c := range counts {
		sum += c
		binary.BigEndian.PutUint32(p.fanout[4*b:], sum)
	}
	var absent []Hash
	for _, h := range names[:500] {
		var a Hash
		copy(a[:], h)
		a[19] ^= 1 // same key bytes, another name
		if _, found := slices.BinarySearchFunc(names, a[:], bytes.Compare); !found {
			absent = append(absent, a)
		}
	}
	check := func(how string) {
		for i, h := range names {
			var x Hash
			copy(x[:], h)
			if got := p.find(x); got != i {
				t.Fatalf("%s: find(%s) = %d, want %d", how, x, got, i)
			}
		}
		for _, a := range absent {
			if got := p.find(a); got != -1 {
				t.Fatalf("%s: find(%s) = %d for an absent name", how, a, got)
			}
		}
	}
	// More lookups than fan16After: the first ones search first-byte
	// buckets, the later ones the two-byte fanout.
	check("binary search")
	if p.lk.fan16.Load() == nil {
		t.Fatal("no two-byte fanout after many searches")
	}
	if e := p.lk.damage.Load(); e != nil {
		t.Fatal(*e)
	}
	p.buildTable()
	if p.hot.Load() == nil {
		t.Fatal("no table")
	}
	check("table")
}
