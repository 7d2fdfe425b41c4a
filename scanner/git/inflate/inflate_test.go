package inflate

import (
	"bytes"
	"compress/zlib"
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
	// Hand-made edge cases: an empty distance code, a single one-bit
	// distance code, a stored block, and a fixed block with distance 30.
	f.Add([]byte{0x78, 0x9c, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01}, uint16(0))
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		var d Decoder
		compare(t, &d, src, int(size))
		// The decoder is reused: a second stream must not see the first's tables.
		compare(t, &d, src, int(size))
	})
}

func TestAdler32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 5552, 5553, 100_000, 1<<20 + 13, 3<<20 + 5} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if got, want := Adler32(b), adler32.Checksum(b); got != want {
			t.Fatalf("%d random bytes: %08x, want %08x", n, got, want)
		}
		for i := range b {
			b[i] = 0xff
		}
		if got, want := Adler32(b), adler32.Checksum(b); got != want {
			t.Fatalf("%d bytes of 0xff: %08x, want %08x", n, got, want)
		}
	}
}
