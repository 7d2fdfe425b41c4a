package inflate

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// inputs are contents that exercise every block type and match shape:
// text (dynamic codes, long and short matches), runs (distance 1 and
// short periods overlapping their length), random bytes (stored blocks
// and long codes), sizes on either side of the 64 KiB stored-block limit.
func inputs() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	skewed := func(n int) []byte {
		// Few symbols, very unequal frequencies: codes up to 15 bits.
		b := make([]byte, n)
		for i := range b {
			v := r.ExpFloat64() * 3
			b[i] = byte(min(v, 200))
		}
		return b
	}
	text := []byte(strings.Repeat("100644 README.md\x00 api_key = \"0123456789abcdef\" // the quick brown fox\n", 400))
	var periodic []byte
	for p := 2; p < 40; p++ {
		periodic = append(periodic, bytes.Repeat(random(p), 300/p+1)...)
	}
	return map[string][]byte{
		"empty":     {},
		"one":       {'x'},
		"text":      text,
		"zeros":     make([]byte, 200_000),
		"periodic":  periodic,
		"random":    random(70_000),
		"random1":   random(65_535),
		"random2":   random(65_536),
		"skewed":    skewed(300_000),
		"mixed":     append(append(random(5000), text...), make([]byte, 5000)...),
		"tiny text": []byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b> 1 +0000\n\nmsg\n"),
	}
}

func compressors() map[string]func([]byte) []byte {
	// with makes a compressor from a zlib writer's constructor and level.
	with := func(newWriter func(io.Writer, int) (io.WriteCloser, error)) func(int) func([]byte) []byte {
		return func(level int) func([]byte) []byte {
			return func(b []byte) []byte {
				var buf bytes.Buffer
				w, err := newWriter(&buf, level)
				if err != nil {
					panic(err)
				}
				w.Write(b)
				w.Close()
				return buf.Bytes()
			}
		}
	}
	std := with(func(w io.Writer, l int) (io.WriteCloser, error) { return zlib.NewWriterLevel(w, l) })
	kl := with(func(w io.Writer, l int) (io.WriteCloser, error) { return kzlib.NewWriterLevel(w, l) })
	m := map[string]func([]byte) []byte{"huffman-only": std(zlib.HuffmanOnly), "klauspost-huffman": kl(kzlib.HuffmanOnly)}
	for l := 0; l <= 9; l++ {
		m["std"+string(rune('0'+l))] = std(l)
		m["klauspost"+string(rune('0'+l))] = kl(l)
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	var d Decoder
	for in, b := range inputs() {
		for cn, c := range compressors() {
			z := c(b)
			dst := make([]byte, len(b))
			if err := d.Inflate(dst, z); err != nil {
				t.Fatalf("%s/%s: %v", in, cn, err)
			}
			if !bytes.Equal(dst, b) {
				t.Fatalf("%s/%s: inflated content differs", in, cn)
			}
			// With slack after the stream, as pack entries are read.
			if err := d.Inflate(dst, append(z, 1, 2, 3, 4, 5, 6, 7, 8, 9)); err != nil || !bytes.Equal(dst, b) {
				t.Fatalf("%s/%s with trailing bytes: %v", in, cn, err)
			}
			// A wrong size is refused either way.
			if len(b) > 0 {
				if err := d.Inflate(make([]byte, len(b)-1), z); !errors.Is(err, ErrSize) {
					t.Fatalf("%s/%s one byte short: %v, want ErrSize", in, cn, err)
				}
			}
			if err := d.Inflate(make([]byte, len(b)+1), z); !errors.Is(err, ErrSize) {
				t.Fatalf("%s/%s one byte long: %v, want ErrSize", in, cn, err)
			}
			// A prefix: the first 20 bytes, or all when shorter.
			pre := make([]byte, 20)
			n, err := d.Prefix(pre, z)
			if want := min(20, len(b)); err != nil || n != want || !bytes.Equal(pre[:n], b[:want]) {
				t.Fatalf("%s/%s prefix: %d, %v", in, cn, n, err)
			}
		}
	}
}

// TestDamage: every truncation of a stream is an error, and so is every
// single changed byte that compress/zlib refuses; a change it accepts must
// give its content.
func TestDamage(t *testing.T) {
	var d Decoder
	b := inputs()["text"][:3000]
	b = append(b, inputs()["random"][:500]...)
	for cn, c := range compressors() {
		z := c(b)
		for n := range len(z) {
			if err := d.Inflate(make([]byte, len(b)), z[:n]); err == nil {
				t.Fatalf("%s cut to %d of %d bytes: no error", cn, n, len(z))
			}
		}
		for i := range len(z) {
			for _, x := range []byte{0x01, 0x80, 0xff} {
				bad := bytes.Clone(z)
				bad[i] ^= x
				compare(t, &d, bad, len(b))
			}
		}
	}
}

// compare holds Inflate to compress/zlib on src: the same content, or an
// error from both.
func compare(t *testing.T, d *Decoder, src []byte, size int) {
	t.Helper()
	want, werr := reference(src, size)
	dst := make([]byte, size)
	err := d.Inflate(dst, src)
	if werr == nil && err != nil {
		t.Fatalf("compress/zlib inflates %x (%d bytes), Inflate: %v", src, size, err)
	}
	if werr != nil && err == nil {
		t.Fatalf("compress/zlib refuses %x (%v), Inflate accepts it", src, werr)
	}
	if err == nil && !bytes.Equal(dst, want) {
		t.Fatalf("%x: content differs from compress/zlib's", src)
	}
}

// reference is what gitobj required of a stream before this package:
// exactly size bytes, then the end of the stream with its checksum.
func reference(src []byte, size int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, err
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n > 0 {
		return nil, errors.New("longer")
	} else if err != io.EOF {
		if err == nil {
			err = io.ErrNoProgress
		}
		return nil, err
	}
	return out, nil
}

func FuzzInflate(f *testing.F) {
	for _, b := range inputs() {
		if len(b) > 4000 {
			b = b[:4000]
		}
		for _, c := range compressors() {
			f.Add(c(b), uint16(len(b)))
		}
	}
	for _, c := range edgeCases() {
		f.Add(c.src, uint16(len(c.want)))
	}
	// A decoder is reused from stream to stream: one that has just
	// inflated another stream (dynamic codes of its own) must give src the
	// same answer, and must still inflate that other stream afterwards.
	other := inputs()["text"][:2000]
	otherZ := compressors()["std6"](other)
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		var d Decoder
		if err := d.Inflate(make([]byte, len(other)), otherZ); err != nil {
			t.Fatal(err)
		}
		compare(t, &d, src, int(size))
		again := make([]byte, len(other))
		if err := d.Inflate(again, otherZ); err != nil || !bytes.Equal(again, other) {
			t.Fatalf("after %x: the other stream: %v", src, err)
		}
	})
}

// bitWriter writes DEFLATE's bit order: fields least significant bit
// first, Huffman codes most significant bit first.
type bitWriter struct {
	out   []byte
	nbits uint
}

func (w *bitWriter) bits(v uint32, n uint) {
	for i := range n {
		if w.nbits%8 == 0 {
			w.out = append(w.out, 0)
		}
		w.out[len(w.out)-1] |= byte(v>>i&1) << (w.nbits % 8)
		w.nbits++
	}
}

func (w *bitWriter) code(c uint32, n uint) {
	for i := n; i > 0; i-- {
		w.bits(c>>(i-1)&1, 1)
	}
}

// zlibOf wraps deflate data with a zlib header and the Adler-32 of want.
func zlibOf(deflate, want []byte) []byte {
	z := append([]byte{0x78, 0x9c}, deflate...)
	return binary.BigEndian.AppendUint32(z, adler32.Checksum(want))
}

type edgeCase struct {
	name  string
	src   []byte
	want  []byte // nil: compress/zlib refuses it too
	valid bool
}

// edgeCases are streams no compressor of the tests writes, built bit by
// bit: the codes compress/zlib (and zlib) accept only as special cases.
func edgeCases() []edgeCase {
	// A dynamic block whose literal/length code is 'a', 'b', end of block
	// and length 3 (two bits each: 00, 01, 10, 11) and whose distance code
	// has the lengths dists; the code length code is 0, 1, 2 and 18 (two
	// bits each). body writes the symbols.
	dynamic := func(dists []uint8, body func(w *bitWriter)) []byte {
		w := &bitWriter{}
		w.bits(1, 1)                    // final
		w.bits(2, 2)                    // dynamic
		w.bits(258-257, 5)              // HLIT: 258 codes
		w.bits(uint32(len(dists))-1, 5) // HDIST
		w.bits(18-4, 4)                 // HCLEN: 18 code length lengths
		order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1}
		for _, sym := range order {
			l := uint32(0)
			if sym == 0 || sym == 1 || sym == 2 || sym == 18 {
				l = 2
			}
			w.bits(l, 3)
		}
		zeros := func(n int) { // code 18 (11), 7 bits of n-11
			for n > 0 {
				k := min(n, 138)
				w.code(3, 2)
				w.bits(uint32(k-11), 7)
				n -= k
			}
		}
		length := func(l uint8) { w.code(uint32(l), 2) } // codes 0, 1, 2 are 00, 01, 10
		zeros(97)
		length(2) // 'a'
		length(2) // 'b'
		zeros(256 - 99)
		length(2) // end of block
		length(2) // 257: length 3
		for _, l := range dists {
			length(l)
		}
		body(w)
		return w.out
	}
	const a, b, end, len3 = 0, 1, 2, 3
	return []edgeCase{
		{
			// compress/flate: "an empty tree is only valid for HDIST".
			name: "empty distance code, literals only", valid: true, want: []byte("aba"),
			src: zlibOf(dynamic([]uint8{0}, func(w *bitWriter) {
				w.code(a, 2)
				w.code(b, 2)
				w.code(a, 2)
				w.code(end, 2)
			}), []byte("aba")),
		},
		{
			name: "one one-bit distance code, used", valid: true, want: []byte("abbbb"),
			src: zlibOf(dynamic([]uint8{1}, func(w *bitWriter) {
				w.code(a, 2)
				w.code(b, 2)
				w.code(len3, 2)
				w.code(0, 1) // distance 1
				w.code(end, 2)
			}), []byte("abbbb")),
		},
		{
			name: "one one-bit distance code, its missing half used",
			src: zlibOf(dynamic([]uint8{1}, func(w *bitWriter) {
				w.code(a, 2)
				w.code(len3, 2)
				w.code(1, 1)
				w.code(end, 2)
			}), []byte("aaaa")),
		},
		{
			name: "empty distance code, a length used",
			src: zlibOf(dynamic([]uint8{0}, func(w *bitWriter) {
				w.code(a, 2)
				w.code(len3, 2)
				w.code(0, 1)
				w.code(end, 2)
			}), []byte("aaaa")),
		},
		{
			name: "fixed codes, distance code 30",
			src: zlibOf(func() []byte {
				w := &bitWriter{}
				w.bits(1, 1)
				w.bits(1, 2)
				w.code(0x30+'a', 8) // literal 'a'
				w.code(1, 7)        // 257: length 3
				w.code(30, 5)       // distance code 30: none such
				w.code(0, 7)        // end of block
				return w.out
			}(), []byte("aaaa")),
		},
	}
}

// TestEdgeCases: the special cases of DEFLATE's codes, accepted or refused
// as compress/zlib does.
func TestEdgeCases(t *testing.T) {
	var d Decoder
	for _, c := range edgeCases() {
		dst := make([]byte, len(c.want))
		err := d.Inflate(dst, c.src)
		if c.valid && (err != nil || !bytes.Equal(dst, c.want)) {
			t.Errorf("%s: %q, %v; want %q", c.name, dst, err, c.want)
		}
		if !c.valid && err == nil {
			t.Errorf("%s: accepted", c.name)
		}
		compare(t, &d, c.src, len(c.want))
	}
}

// TestTruncatedPrefix: a prefix of a truncated stream is the content's
// prefix or an error, never bytes made up from past the end.
func TestTruncatedPrefix(t *testing.T) {
	var d Decoder
	b := inputs()["text"][:3000]
	for cn, c := range compressors() {
		z := c(b)
		for n := range len(z) {
			head := make([]byte, 20)
			k, err := d.Prefix(head, z[:n])
			if err == nil && (k > len(b) || !bytes.Equal(head[:k], b[:k])) {
				t.Fatalf("%s cut to %d bytes: prefix %q, want a prefix of %q", cn, n, head[:k], b[:20])
			}
		}
	}
}

// TestSkipChecksum: with SkipChecksum a stream whose Adler-32 is wrong
// inflates to its content (and without it, it does not), while everything
// else that makes a stream bad is still refused: each truncation (the
// four checksum bytes must be there), a size it does not inflate to, and
// each single-byte change that compress/zlib refuses for a reason other
// than the checksum (the content then differs or the stream breaks).
func TestSkipChecksum(t *testing.T) {
	content := inputs()["mixed"]
	z := compressors()["std6"](content)
	bad := bytes.Clone(z)
	bad[len(bad)-1] ^= 1
	var strict, skip Decoder
	skip.SkipChecksum = true
	if err := strict.Inflate(make([]byte, len(content)), bad); !errors.Is(err, ErrChecksum) {
		t.Fatalf("a wrong Adler-32 without SkipChecksum: %v", err)
	}
	dst := make([]byte, len(content))
	if err := skip.Inflate(dst, bad); err != nil || !bytes.Equal(dst, content) {
		t.Fatalf("a wrong Adler-32 with SkipChecksum: %v", err)
	}
	for n := range len(z) {
		if err := skip.Inflate(make([]byte, len(content)), z[:n]); err == nil {
			t.Fatalf("cut to %d of %d bytes: no error", n, len(z))
		}
	}
	for _, size := range []int{len(content) - 1, len(content) + 1} {
		if err := skip.Inflate(make([]byte, size), z); !errors.Is(err, ErrSize) {
			t.Fatalf("size %d of %d: %v", size, len(content), err)
		}
	}
	small := compressors()["std6"](content[:2000])
	for i := range len(small) - 4 {
		changed := bytes.Clone(small)
		changed[i] ^= 0x80
		dst := make([]byte, 2000)
		if err := skip.Inflate(dst, changed); err == nil && !bytes.Equal(dst, content[:2000]) {
			if err := strict.Inflate(make([]byte, 2000), changed); !errors.Is(err, ErrChecksum) {
				t.Fatalf("byte %d changed: accepted with other content, and without SkipChecksum: %v", i, err)
			}
		}
	}
}
