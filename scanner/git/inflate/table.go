package inflate

// A decode table entry is one uint32:
//
//	bits 0-7    bits to consume for this entry (a code's length, or the
//	            main table's bits for a subtable pointer)
//	bits 8-11   extra bits that follow (lengths, distances) or, for a
//	            subtable pointer, the subtable's index bits
//	bits 12-15  kind
//	bits 16-31  value: the literal byte, the length or distance base, or
//	            the subtable's offset in the table
const (
	kindLiteral = iota
	kindLength
	kindEnd
	kindSub
	kindInvalid
	kindDist
)

func entry(kind, value, extra uint32) uint32 { return value<<16 | kind<<12 | extra<<8 }

const (
	litlenRootBits = 10
	distRootBits   = 8
	precodeBits    = 7
	maxCodeLen     = 15

	// Table sizes: the main table plus the most any complete code's
	// subtables can take (zlib's "enough" bounds for these root sizes:
	// 1332 for 286 symbols under 10 bits, 402 for 30 under 8), rounded up.
	litlenTableSize = 1 << 11
	distTableSize   = 1 << 9
)

// litlenSymbols and distSymbols are the table entries each symbol decodes
// to, before the code length is added (RFC 1951 section 3.2.5).
var (
	litlenSymbols = func() (t [288]uint32) {
		for s := range 256 {
			t[s] = entry(kindLiteral, uint32(s), 0)
		}
		t[256] = entry(kindEnd, 0, 0)
		base := [...]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
		extra := [...]uint32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
		for i := range base {
			t[257+i] = entry(kindLength, base[i], extra[i])
		}
		t[286] = entry(kindInvalid, 0, 0)
		t[287] = entry(kindInvalid, 0, 0)
		return t
	}()
	distSymbols = func() (t [32]uint32) {
		base := [...]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
		for i := range base {
			extra := uint32(0)
			if i >= 2 {
				extra = uint32(i/2 - 1)
			}
			t[i] = entry(kindDist, base[i], extra)
		}
		t[30] = entry(kindInvalid, 0, 0)
		t[31] = entry(kindInvalid, 0, 0)
		return t
	}()
	precodeSymbols = func() (t [19]uint32) {
		for s := range t {
			t[s] = entry(kindLiteral, uint32(s), 0)
		}
		return t
	}()
)

// build fills table with the canonical Huffman code whose lengths are lens
// (one per symbol; 0: unused) and returns its main table's index bits.
// ok is false for a code that is over-subscribed, or incomplete other than
// a single one-bit code (as compress/flate and zlib accept). An empty code
// is accepted with every entry invalid: decoding with it is the error, as a
// block with no distances may carry an empty distance code.
//
// Codes are taken in canonical order (by length, then symbol), their bits
// reversed since DEFLATE sends a code's first bit first. The main table
// (at most rootBits, fewer when the code is shorter) is filled the way
// libdeflate does it: each code of length l is written once into a table
// of 2^l entries, and the table is doubled by copying as l grows, which
// replicates the shorter codes; most git objects are small, so this setup
// is paid hundreds of thousands of times a pass. Longer codes go to
// subtables as in zlib's inflate_table, each sized to the codes that share
// its first root bits.
func build(table []uint32, lens []uint8, symbols []uint32, rootBits uint) (root uint, ok bool) {
	// Four counts, summed after: one count incremented for every symbol
	// waits on its own last store (runs of unused symbols all hit
	// count[0]), and that was half of this function's time.
	var count [maxCodeLen + 1]uint16
	var c [4][maxCodeLen + 1]uint16
	i := 0
	for ; i+4 <= len(lens); i += 4 {
		c[0][lens[i]&maxCodeLen]++
		c[1][lens[i+1]&maxCodeLen]++
		c[2][lens[i+2]&maxCodeLen]++
		c[3][lens[i+3]&maxCodeLen]++
	}
	for ; i < len(lens); i++ {
		c[0][lens[i]&maxCodeLen]++
	}
	for l := 1; l <= maxCodeLen; l++ {
		count[l] = c[0][l] + c[1][l] + c[2][l] + c[3][l]
	}
	maxLen := uint(maxCodeLen)
	for maxLen > 0 && count[maxLen] == 0 {
		maxLen--
	}
	if maxLen == 0 {
		table[0] = entry(kindInvalid, 0, 0) | 1
		table[1] = entry(kindInvalid, 0, 0) | 1
		return 1, true
	}
	minLen := uint(1)
	for count[minLen] == 0 {
		minLen++
	}
	left := 1
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - int(count[l])
		if left < 0 {
			return 0, false // over-subscribed
		}
	}
	if left > 0 && !(maxLen == 1 && count[1] == 1) {
		return 0, false // incomplete
	}
	root = max(min(rootBits, maxLen), minLen)

	// Unused symbols sort after the others (offs[0]): no branch on them.
	var offs [maxCodeLen + 2]uint16
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var sorted [288]uint16
	for s, l := range lens {
		if l != 0 {
			sorted[offs[l]] = uint16(s)
			offs[l]++
		}
	}

	var huff uint32 // the next code, bits reversed
	sym := 0
	size := uint32(1) << minLen
	for l := minLen; l <= root; l++ {
		if l > minLen {
			copy(table[size:2*size], table[:size])
			size *= 2
		}
		for range count[l] {
			table[huff] = symbols[sorted[sym]] | uint32(l)
			sym++
			huff = reversedInc(huff, l)
		}
	}
	if maxLen <= root {
		if huff != 0 {
			// The one entry an incomplete (single one-bit) code leaves.
			table[huff] = entry(kindInvalid, 0, 0) | uint32(root)
		}
		return root, true
	}

	mask := uint32(1)<<root - 1
	low := ^uint32(0)
	next := uint32(1) << root // where the current subtable starts
	var curr uint             // its index bits
	used := int(next)
	for l := root + 1; l <= maxLen; l++ {
		for count[l] > 0 {
			if huff&mask != low {
				if low != ^uint32(0) {
					next += 1 << curr
				}
				// As many bits as the codes left under this prefix need.
				curr = l - root
				n := 1 << curr
				for curr+root < maxLen {
					n -= int(count[curr+root])
					if n <= 0 {
						break
					}
					curr++
					n <<= 1
				}
				used += 1 << curr
				if used > len(table) {
					return 0, false
				}
				low = huff & mask
				table[low] = entry(kindSub, next, uint32(curr)) | uint32(root)
			}
			e := symbols[sorted[sym]] | uint32(l-root)
			for f := huff >> root; f < 1<<curr; f += 1 << (l - root) {
				table[next+f] = e
			}
			sym++
			count[l]--
			huff = reversedInc(huff, l)
		}
	}
	return root, true
}

// reversedInc is the code after huff among codes of length l, with both
// codes' bits reversed.
func reversedInc(huff uint32, l uint) uint32 {
	incr := uint32(1) << (l - 1)
	for huff&incr != 0 {
		incr >>= 1
	}
	if incr == 0 {
		return 0
	}
	return huff&(incr-1) + incr
}
