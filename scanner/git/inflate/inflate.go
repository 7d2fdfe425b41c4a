// Package inflate inflates a zlib stream (RFC 1950, 1951) whose inflated
// size is known, whole, into one buffer of that size.
//
// Git records every pack entry's inflated size in its header, and a full
// history pass inflates hundreds of thousands of mostly small streams. A
// streaming decoder (compress/flate, klauspost/compress) writes through a
// 32 KiB window and copies out, and sets up its Huffman tables for the
// general case; on tldr's history that was a third of the pass's CPU, a
// quarter of it table setup. Here output goes straight into the caller's
// buffer, matches copy within it, and tables are sized to each code (the
// way libdeflate and zlib's inflate_table do it). What is valid is what
// compress/zlib accepts; the package's fuzz test holds the two to that.
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
)

// Errors, wrapped with the byte offset in the stream where it applies.
var (
	// ErrCorrupt is a stream that is not valid zlib/DEFLATE.
	ErrCorrupt = errors.New("corrupt zlib stream")
	// ErrTruncated is a stream that ends before its final block and checksum.
	ErrTruncated = errors.New("truncated zlib stream")
	// ErrSize is a stream that inflates to another size than the buffer's.
	ErrSize = errors.New("zlib stream inflates to another size")
	// ErrChecksum is a stream whose Adler-32 does not match its content.
	ErrChecksum = errors.New("zlib checksum mismatch")
)

// Decoder holds the decode tables; reuse one to inflate many streams. It
// is not safe for concurrent use.
type Decoder struct {
	// SkipChecksum: the caller has checked src's bytes by other means, so
	// the Adler-32 at the end must be there but is not computed. Git's
	// pack index records a CRC-32 of each entry's raw bytes (header and
	// stream): with that checked, the stream is the one index-pack
	// inflated and hashed, and the Adler-32 (3% of a history pass) only
	// re-checks what the CRC-32 covered.
	SkipChecksum bool

	litlen  [litlenTableSize]uint32
	dist    [distTableSize]uint32
	precode [1 << precodeBits]uint32
	lens    [286 + 30]uint8
}

// Inflate inflates the zlib stream at the start of src into dst, which
// must be exactly its inflated size, and checks its Adler-32 (unless
// SkipChecksum). Bytes after
// the stream are ignored (pack entries are read with slack).
func (d *Decoder) Inflate(dst, src []byte) error {
	n, err := d.run(dst, src, true)
	if err != nil {
		return err
	}
	if n != len(dst) {
		return fmt.Errorf("%w: %d bytes, not %d", ErrSize, n, len(dst))
	}
	return nil
}

// Prefix inflates the start of the zlib stream in src into dst and
// returns how many bytes it wrote: len(dst), or fewer when the stream ends
// first (its checksum is then not checked: only a prefix was asked for).
func (d *Decoder) Prefix(dst, src []byte) (int, error) {
	return d.run(dst, src, false)
}

// bitReader is the input position: bits holds nbits unread bits, LSB first,
// and possibly copies of the following bytes above them (a refill reloads
// those at the same place). in may pass len(src) by up to 8 bytes read as
// zeros, which is an error only if the stream turns out to need them.
type bitReader struct {
	src   []byte
	in    int
	bits  uint64
	nbits uint
}

// refill makes nbits at least 56.
func (b *bitReader) refill() error {
	if b.in+8 <= len(b.src) {
		b.bits |= binary.LittleEndian.Uint64(b.src[b.in:]) << b.nbits
		b.in += int(63-b.nbits) >> 3
		b.nbits |= 56
		return nil
	}
	for b.nbits < 56 {
		if b.in < len(b.src) {
			b.bits |= uint64(b.src[b.in]) << b.nbits
		} else if b.in >= len(b.src)+8 {
			return fmt.Errorf("%w after %d bytes", ErrTruncated, len(b.src))
		}
		b.in++
		b.nbits += 8
	}
	return nil
}

func (b *bitReader) take(n uint) uint32 {
	v := uint32(b.bits & (1<<n - 1))
	b.bits >>= n
	b.nbits -= n
	return v
}

// pos is the offset of the first byte not wholly read.
func (b *bitReader) pos() int { return b.in - int(b.nbits>>3) }

// alignedPos drops the bits up to a byte boundary and returns the offset
// of the next unread byte, forgetting the buffered bits.
func (b *bitReader) alignedPos() (int, error) {
	b.take(b.nbits & 7)
	pos := b.pos()
	b.bits, b.nbits, b.in = 0, 0, pos
	if pos > len(b.src) {
		return 0, fmt.Errorf("%w after %d bytes", ErrTruncated, len(b.src))
	}
	return pos, nil
}

// prefixEnd refuses a prefix decoded from bytes past the end of src.
func (b *bitReader) prefixEnd() error {
	if b.pos() > len(b.src) {
		return fmt.Errorf("%w after %d bytes", ErrTruncated, len(b.src))
	}
	return nil
}

func corrupt(b *bitReader, what string) error {
	return fmt.Errorf("%w: %s near byte %d", ErrCorrupt, what, max(b.pos(), 0))
}

func (d *Decoder) run(dst, src []byte, whole bool) (int, error) {
	if len(src) < 2 {
		return 0, fmt.Errorf("%w: %d bytes, no zlib header", ErrTruncated, len(src))
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint16(cmf)<<8|uint16(flg))%31 != 0 {
		return 0, fmt.Errorf("%w: bad zlib header %#02x%02x", ErrCorrupt, cmf, flg)
	}
	if flg&0x20 != 0 {
		return 0, fmt.Errorf("%w: a preset dictionary is required", ErrCorrupt)
	}
	b := &bitReader{src: src, in: 2}
	out := 0
	for {
		if err := b.refill(); err != nil {
			return out, err
		}
		final := b.take(1)
		var err error
		switch b.take(2) {
		case 0:
			out, err = d.stored(b, dst, out)
		case 1:
			f := &fixedCodes
			out, err = codes(b, dst, out, &f.litlen, &f.dist, f.lroot, f.droot)
		case 2:
			var lroot, droot uint
			if lroot, droot, err = d.dynamic(b); err == nil {
				out, err = codes(b, dst, out, &d.litlen, &d.dist, lroot, droot)
			}
		default:
			err = corrupt(b, "block type 3")
		}
		if err == errFull {
			if !whole {
				return out, b.prefixEnd()
			}
			return out, fmt.Errorf("%w: more than %d bytes", ErrSize, len(dst))
		}
		if err != nil {
			return out, err
		}
		if final == 1 {
			break
		}
	}
	if !whole {
		return out, b.prefixEnd()
	}
	pos, err := b.alignedPos()
	if err != nil {
		return out, err
	}
	if pos+4 > len(src) {
		return out, fmt.Errorf("%w: no Adler-32 after %d bytes", ErrTruncated, len(src))
	}
	if out != len(dst) {
		return out, nil
	}
	if d.SkipChecksum {
		return out, nil
	}
	if want, got := binary.BigEndian.Uint32(src[pos:]), adler32.Checksum(dst); want != got {
		return out, fmt.Errorf("%w: %08x, content has %08x", ErrChecksum, want, got)
	}
	return out, nil
}

func (d *Decoder) stored(b *bitReader, dst []byte, out int) (int, error) {
	pos, err := b.alignedPos()
	if err != nil {
		return out, err
	}
	if pos+4 > len(b.src) {
		return out, fmt.Errorf("%w after %d bytes", ErrTruncated, len(b.src))
	}
	n := int(binary.LittleEndian.Uint16(b.src[pos:]))
	if nn := binary.LittleEndian.Uint16(b.src[pos+2:]); uint16(n) != ^nn {
		return out, fmt.Errorf("%w: stored block length %d and its complement %d disagree near byte %d", ErrCorrupt, n, nn, pos)
	}
	pos += 4
	if pos+n > len(b.src) {
		return out, fmt.Errorf("%w after %d bytes", ErrTruncated, len(b.src))
	}
	if room := len(dst) - out; n > room {
		copy(dst[out:], b.src[pos:pos+room])
		b.in = pos + room
		return len(dst), errFull
	}
	copy(dst[out:], b.src[pos:pos+n])
	b.in = pos + n
	return out + n, nil
}

// fixedCodes are the decode tables of the fixed Huffman codes (RFC 1951
// section 3.2.6), built once: read-only after that.
var fixedCodes = func() (f struct {
	litlen       [litlenTableSize]uint32
	dist         [distTableSize]uint32
	lroot, droot uint
}) {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	f.lroot, _ = build(f.litlen[:], l[:], litlenSymbols[:], litlenRootBits)
	var dl [32]uint8
	for i := range dl {
		dl[i] = 5
	}
	f.droot, _ = build(f.dist[:], dl[:], distSymbols[:], distRootBits)
	return f
}()

// precodeOrder is the order of the code length code's lengths.
var precodeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a dynamic block's header and builds its codes.
func (d *Decoder) dynamic(b *bitReader) (lroot, droot uint, err error) {
	if err := b.refill(); err != nil {
		return 0, 0, err
	}
	nlit := int(b.take(5)) + 257
	ndist := int(b.take(5)) + 1
	nclen := int(b.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return 0, 0, corrupt(b, "too many length or distance codes")
	}
	var clens [19]uint8
	for i := range nclen {
		if b.nbits < 3 {
			if err := b.refill(); err != nil {
				return 0, 0, err
			}
		}
		clens[precodeOrder[i]] = uint8(b.take(3))
	}
	proot, ok := build(d.precode[:], clens[:], precodeSymbols[:], precodeBits)
	if !ok {
		return 0, 0, corrupt(b, "bad code length code")
	}
	pmask := uint64(1)<<proot - 1
	lens := d.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		if b.nbits < 14 {
			if err := b.refill(); err != nil {
				return 0, 0, err
			}
		}
		e := d.precode[b.bits&pmask]
		if e>>12&15 == kindInvalid {
			return 0, 0, corrupt(b, "bad code length")
		}
		b.take(uint(e & 0xff))
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return 0, 0, corrupt(b, "repeat with no code length before it")
			}
			val = lens[i-1]
			rep = 3 + int(b.take(2))
		case 17:
			rep = 3 + int(b.take(3))
		default:
			rep = 11 + int(b.take(7))
		}
		if i+rep > len(lens) {
			return 0, 0, corrupt(b, "code lengths repeat past their count")
		}
		for range rep {
			lens[i] = val
			i++
		}
	}
	if lroot, ok = build(d.litlen[:], lens[:nlit], litlenSymbols[:], litlenRootBits); !ok {
		return 0, 0, corrupt(b, "bad literal/length code")
	}
	if droot, ok = build(d.dist[:], lens[nlit:], distSymbols[:], distRootBits); !ok {
		return 0, 0, corrupt(b, "bad distance code")
	}
	return lroot, droot, nil
}

// errFull is output past dst: the end of a Prefix, or (Inflate) a stream
// longer than its declared size. A sentinel, since every Prefix ends so.
var errFull = errors.New("output full")

// codes decodes one Huffman-coded block into dst from out on. Each
// iteration refills to at least 56 bits, enough for a length code, its
// extra bits, a distance code and its extra bits (48 at most).
func codes(b *bitReader, dst []byte, out int, lt *[litlenTableSize]uint32, dt *[distTableSize]uint32, lroot, droot uint) (int, error) {
	lmask := uint64(1)<<lroot - 1
	dmask := uint64(1)<<droot - 1
	// The bit reader in locals (registers) for the loop; b gets them back
	// whenever something else reads it.
	src, in, bits, nbits := b.src, b.in, b.bits, b.nbits
	save := func() { b.in, b.bits, b.nbits = in, bits, nbits }
	for {
		if nbits < 48 {
			if in+8 <= len(src) {
				bits |= binary.LittleEndian.Uint64(src[in:]) << nbits
				in += int(63-nbits) >> 3
				nbits |= 56
			} else {
				save()
				if err := b.refill(); err != nil {
					return out, err
				}
				in, bits, nbits = b.in, b.bits, b.nbits
			}
		}
		e := lt[bits&lmask&(litlenTableSize-1)]
		if e>>12&15 == kindLiteral {
			// Literals come in runs: take a second one from the same
			// refill when its code is also in the main table (56 bits hold
			// two codes of up to 15 bits and still leave a length's).
			for k := 0; ; k++ {
				bits >>= e & 0xff
				nbits -= uint(e & 0xff)
				if out >= len(dst) {
					save()
					return out, errFull
				}
				dst[out] = byte(e >> 16)
				out++
				if k == 1 {
					break
				}
				if e = lt[bits&lmask&(litlenTableSize-1)]; e>>12&15 != kindLiteral {
					break
				}
			}
			continue
		}
		if e>>12&15 == kindSub {
			bits >>= e & 0xff
			nbits -= uint(e & 0xff)
			e = lt[(e>>16+uint32(bits&(1<<(e>>8&15)-1)))&(litlenTableSize-1)]
		}
		bits >>= e & 0xff
		nbits -= uint(e & 0xff)
		switch e >> 12 & 15 {
		case kindLiteral:
			if out >= len(dst) {
				save()
				return out, errFull
			}
			dst[out] = byte(e >> 16)
			out++
			continue
		case kindEnd:
			save()
			return out, nil
		case kindLength:
		default:
			save()
			return out, corrupt(b, "bad literal/length code")
		}
		extra := uint(e >> 8 & 15)
		length := int(e>>16) + int(bits&(1<<extra-1))
		bits >>= extra
		nbits -= extra

		e = dt[bits&dmask&(distTableSize-1)]
		if e>>12&15 == kindSub {
			bits >>= e & 0xff
			nbits -= uint(e & 0xff)
			e = dt[(e>>16+uint32(bits&(1<<(e>>8&15)-1)))&(distTableSize-1)]
		}
		bits >>= e & 0xff
		nbits -= uint(e & 0xff)
		if e>>12&15 != kindDist {
			save()
			return out, corrupt(b, "bad distance code")
		}
		extra = uint(e >> 8 & 15)
		dist := int(e>>16) + int(bits&(1<<extra-1))
		bits >>= extra
		nbits -= extra
		if dist > out {
			save()
			return out, corrupt(b, fmt.Sprintf("distance %d before the start of the output", dist))
		}
		if room := len(dst) - out; length > room {
			copyMatch(dst, out, dist, room)
			save()
			return len(dst), errFull
		}
		copyMatch(dst, out, dist, length)
		out += length
	}
}

// copyMatch copies length bytes from dist back, overlapping as DEFLATE
// means it (a distance under the length repeats the last dist bytes).
func copyMatch(dst []byte, out, dist, length int) {
	from := out - dist
	if dist >= length {
		if length <= 16 && out+16 <= len(dst) && dist >= 8 {
			// Two words: the bytes past length are rewritten later.
			binary.LittleEndian.PutUint64(dst[out:], binary.LittleEndian.Uint64(dst[from:]))
			if length > 8 {
				binary.LittleEndian.PutUint64(dst[out+8:], binary.LittleEndian.Uint64(dst[from+8:]))
			}
			return
		}
		copy(dst[out:out+length], dst[from:from+length])
		return
	}
	if dist == 1 {
		c := dst[from]
		s := dst[out : out+length]
		for i := range s {
			s[i] = c
		}
		return
	}
	// The source grows as it is written: each copy doubles what it takes.
	end := out + length
	for out < end {
		out += copy(dst[out:end], dst[from:out])
	}
}
