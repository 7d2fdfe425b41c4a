package scancache

import (
	"bytes"
	"reflect"
	"testing"
)

func sample() *Record {
	h := func(b byte) Hash { var x Hash; x[0] = b; return x }
	return &Record{Key: Key([]byte("v"), []byte("rules")), Repo: "/r/.git",
		Tips: []Hash{h(9), h(1)}, Commits: []Hash{h(1), h(2), h(9)}, Packs: []Hash{h(3)}, Loose: []Hash{h(4)},
		Large: []Hash{h(5)}, Found: []Hash{h(6)}, Unreached: []Hash{h(7), h(8)}, Bin: []Hash{h(9)},
		Sites: []Site{{Commit: h(1), Blob: h(6), Path: "app/config.py", K: 2}},
		Blobs: 10, Binary: 2, Bytes: 12345,
		TooLarge: []Skipped{{Path: "big.bin", Size: 1 << 30, Reason: "larger than the limit"}},
		Notes:    []string{"history: 1 tree(s) that no commit reaches"}}
}

func TestRoundTrip(t *testing.T) {
	r := sample()
	got, err := Decode(Encode(r))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, r)
	}
}

// Every truncation and every flipped byte is an error, never a record.
func TestDecodeRejectsDamage(t *testing.T) {
	good := Encode(sample())
	for n := 0; n < len(good); n++ {
		if _, err := Decode(good[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: decoded", n, len(good))
		}
	}
	for i := range good {
		b := bytes.Clone(good)
		b[i] ^= 0x01
		if _, err := Decode(b); err == nil {
			t.Fatalf("byte %d flipped: decoded", i)
		}
	}
}

// The structure is checked too, not only the checksum: a record whose
// checksum was recomputed over a list out of order is refused.
func TestDecodeChecksStructure(t *testing.T) {
	r := sample()
	r.Commits[0], r.Commits[1] = r.Commits[1], r.Commits[0]
	if _, err := Decode(Encode(r)); err == nil {
		t.Error("an unsorted commit list was accepted")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(sample()))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			return
		}
		if !bytes.Equal(Encode(r), b) {
			t.Fatal("a decoded record does not encode back to its bytes")
		}
	})
}
