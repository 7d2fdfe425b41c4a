package gitobj

import (
	"errors"
	"fmt"
)

var errBadDelta = errors.New("corrupt delta")

func deltaVarint(d []byte) (uint64, []byte, error) {
	var v uint64
	shift := uint(0)
	for i, c := range d {
		if shift > 63 {
			break
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, d[i+1:], nil
		}
	}
	return 0, nil, errBadDelta
}

// deltaSizes returns the source and target sizes a delta declares.
func deltaSizes(delta []byte) (src, target uint64, err error) {
	src, rest, err := deltaVarint(delta)
	if err != nil {
		return 0, 0, err
	}
	target, _, err = deltaVarint(rest)
	return src, target, err
}

// Span is a part of a delta's target: copied from the base or inserted
// from the delta itself.
type Span struct {
	Start, End int // in the target
	Insert     bool
	Src        int // a copy's offset in the base
}

// applyDelta applies a git delta to base, writing into dst when it is
// large enough. When spans is not nil, the target's spans are appended to
// it (the history scanner uses them to find what a tree delta changed).
// checkDelta checks a delta against its base and returns the target size
// and the instructions. The declared size is only trusted once the
// instructions add up to it: a few bytes of delta must not make anyone
// allocate what they claim.
func checkDelta(base, delta []byte) (uint64, []byte, error) {
	srcSize, rest, err := deltaVarint(delta)
	if err != nil {
		return 0, nil, err
	}
	if srcSize != uint64(len(base)) {
		return 0, nil, fmt.Errorf("%w: base is %d bytes, delta expects %d", errBadDelta, len(base), srcSize)
	}
	tgtSize, rest, err := deltaVarint(rest)
	if err != nil {
		return 0, nil, err
	}
	if tgtSize > 1<<40 {
		return 0, nil, fmt.Errorf("%w: target size %d", errBadDelta, tgtSize)
	}
	if n, err := deltaOutput(rest, uint64(len(base))); err != nil {
		return 0, nil, err
	} else if n != tgtSize {
		return 0, nil, fmt.Errorf("%w: target is %d bytes, delta declares %d", errBadDelta, n, tgtSize)
	}
	return tgtSize, rest, nil
}

func applyDelta(base, delta, dst []byte, spans *[]Span) ([]byte, error) {
	tgtSize, rest, err := checkDelta(base, delta)
	if err != nil {
		return nil, err
	}
	return applyChecked(base, rest, tgtSize, dst, spans)
}

// applyChecked applies the instructions checkDelta returned (rest, adding
// up to tgtSize bytes) to base.
func applyChecked(base, rest []byte, tgtSize uint64, dst []byte, spans *[]Span) ([]byte, error) {
	if uint64(cap(dst)) >= tgtSize {
		dst = dst[:0]
	} else {
		dst = make([]byte, 0, tgtSize)
	}
	for len(rest) > 0 {
		cmd := rest[0]
		rest = rest[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for i := uint(0); i < 4; i++ {
				if cmd&(1<<i) != 0 {
					if len(rest) == 0 {
						return nil, errBadDelta
					}
					off |= uint64(rest[0]) << (8 * i)
					rest = rest[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if cmd&(0x10<<i) != 0 {
					if len(rest) == 0 {
						return nil, errBadDelta
					}
					n |= uint64(rest[0]) << (8 * i)
					rest = rest[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(dst))+n > tgtSize {
				return nil, fmt.Errorf("%w: copy out of range", errBadDelta)
			}
			if spans != nil {
				*spans = append(*spans, Span{Start: len(dst), End: len(dst) + int(n), Src: int(off)})
			}
			dst = append(dst, base[off:off+n]...)
		case cmd != 0:
			n := int(cmd)
			if n > len(rest) || uint64(len(dst)+n) > tgtSize {
				return nil, fmt.Errorf("%w: insert out of range", errBadDelta)
			}
			if spans != nil {
				*spans = append(*spans, Span{Start: len(dst), End: len(dst) + n, Insert: true})
			}
			dst = append(dst, rest[:n]...)
			rest = rest[n:]
		default:
			return nil, fmt.Errorf("%w: reserved opcode 0", errBadDelta)
		}
	}
	if uint64(len(dst)) != tgtSize {
		return nil, fmt.Errorf("%w: target is %d bytes, delta declares %d", errBadDelta, len(dst), tgtSize)
	}
	return dst, nil
}

// deltaOutput adds up what a delta's instructions produce, without
// producing it, and checks that every copy stays inside the base.
func deltaOutput(ops []byte, baseLen uint64) (uint64, error) {
	var total uint64
	for len(ops) > 0 {
		cmd := ops[0]
		ops = ops[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for i := uint(0); i < 4; i++ {
				if cmd&(1<<i) != 0 {
					if len(ops) == 0 {
						return 0, errBadDelta
					}
					off |= uint64(ops[0]) << (8 * i)
					ops = ops[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if cmd&(0x10<<i) != 0 {
					if len(ops) == 0 {
						return 0, errBadDelta
					}
					n |= uint64(ops[0]) << (8 * i)
					ops = ops[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > baseLen {
				return 0, fmt.Errorf("%w: copy out of range", errBadDelta)
			}
			total += n
		case cmd != 0:
			if int(cmd) > len(ops) {
				return 0, fmt.Errorf("%w: insert out of range", errBadDelta)
			}
			total += uint64(cmd)
			ops = ops[cmd:]
		default:
			return 0, fmt.Errorf("%w: reserved opcode 0", errBadDelta)
		}
		if total > 1<<40 {
			return 0, fmt.Errorf("%w: target over 1 TiB", errBadDelta)
		}
	}
	return total, nil
}
