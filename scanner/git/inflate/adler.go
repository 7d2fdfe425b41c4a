package inflate

import "encoding/binary"

// Adler32 is the zlib checksum of p (RFC 1950). hash/adler32 adds one byte
// at a time, each sum waiting for the one before. Here each 8-byte word is
// split into four words of two 32-bit lanes (bytes j and j+4), and two sums
// are kept per lane: of the bytes (acc) and of acc before each word (pre),
// which the processor adds independently; they are folded into the two
// Adler sums once per block.
func Adler32(p []byte) uint32 {
	const (
		mod   = 65521
		lanes = 0x000000ff000000ff
		// Words per block: pre's lanes stay under 2^32 (255·n²/2).
		block = 4096
	)
	s1, s2 := uint64(1), uint64(0)
	for len(p) >= 8 {
		n := min(len(p)/8, block)
		var acc0, acc1, acc2, acc3, pre0, pre1, pre2, pre3 uint64
		for q := p[:8*n]; len(q) >= 16; q = q[16:] {
			w, v := binary.LittleEndian.Uint64(q), binary.LittleEndian.Uint64(q[8:])
			pre0 += 2*acc0 + w&lanes
			pre1 += 2*acc1 + w>>8&lanes
			pre2 += 2*acc2 + w>>16&lanes
			pre3 += 2*acc3 + w>>24&lanes
			acc0 += w&lanes + v&lanes
			acc1 += w>>8&lanes + v>>8&lanes
			acc2 += w>>16&lanes + v>>16&lanes
			acc3 += w>>24&lanes + v>>24&lanes
		}
		for q := p[8*n-8*(n%2) : 8*n]; len(q) >= 8; q = q[8:] {
			w := binary.LittleEndian.Uint64(q)
			pre0 += acc0
			pre1 += acc1
			pre2 += acc2
			pre3 += acc3
			acc0 += w & lanes
			acc1 += w >> 8 & lanes
			acc2 += w >> 16 & lanes
			acc3 += w >> 24 & lanes
		}
		p = p[8*n:]
		lo := func(x uint64) uint64 { return x & 0xffffffff }
		hi := func(x uint64) uint64 { return x >> 32 }
		// c[j]: the sum of byte j of every word; pre: the sum, over
		// words, of every byte before that word in the block.
		c0, c1, c2, c3 := lo(acc0), lo(acc1), lo(acc2), lo(acc3)
		c4, c5, c6, c7 := hi(acc0), hi(acc1), hi(acc2), hi(acc3)
		pre := lo(pre0) + lo(pre1) + lo(pre2) + lo(pre3) + hi(pre0) + hi(pre1) + hi(pre2) + hi(pre3)
		s2 += 8*(uint64(n)*s1+pre) + 8*c0 + 7*c1 + 6*c2 + 5*c3 + 4*c4 + 3*c5 + 2*c6 + c7
		s1 += c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7
		s1 %= mod
		s2 %= mod
	}
	for _, x := range p {
		s1 += uint64(x)
		s2 += s1
	}
	return uint32(s2%mod<<16 | s1%mod)
}
