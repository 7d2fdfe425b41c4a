package gitobj

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
)

// ErrCorrupt is wrapped by every error that says stored bytes are not what
// they claim to be: an object whose content does not hash to its name, a
// pack entry whose CRC-32 differs from its index's, trailing bytes after a
// loose object's zlib stream.
var ErrCorrupt = errors.New("corrupt object store")

// HashMismatchError is an object whose content does not hash to its name.
type HashMismatchError struct {
	Want, Got Hash
}

func (e *HashMismatchError) Error() string {
	return fmt.Sprintf("content hashes to %s, not to the object's name (corrupt object store)", e.Got)
}

func (e *HashMismatchError) Unwrap() error { return ErrCorrupt }

// HashObject is git's name for an object of type t with content b: the
// SHA-1 of "<type> <size>\x00" and the content.
func HashObject(t Type, b []byte) Hash {
	h := sha1.New()
	var hdr [32]byte
	n := copy(hdr[:], t.String())
	hdr[n] = ' '
	n++
	n += len(strconv.AppendInt(hdr[n:n], int64(len(b)), 10))
	hdr[n] = 0
	h.Write(hdr[:n+1])
	h.Write(b)
	var out Hash
	h.Sum(out[:0])
	return out
}

// verifyHash checks that content b of type t hashes to name h.
func verifyHash(h Hash, t Type, b []byte) error {
	if got := HashObject(t, b); got != h {
		return &HashMismatchError{Want: h, Got: got}
	}
	return nil
}

// Verify checks that the object's content hashes to its name (Data must
// be the whole object: not for objects visited without content).
func (o *Object) Verify() error {
	if o.Data == nil && o.Size > 0 {
		return nil
	}
	return verifyHash(o.Hash, o.Type, o.Data)
}

// crcAt is the CRC-32 the index records for entry i's raw bytes.
func (p *Pack) crcAt(i int) uint32 {
	crcs := p.crcs
	if hot := p.hot.Load(); hot != nil {
		crcs = hot.crcs
	}
	b := crcs[4*i:]
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// checkCRC compares the raw bytes of entry i (its header and compressed
// data, up to the next entry) with the CRC-32 its index records: git's
// own check before it reuses an entry, a few GB/s on this hardware.
func (p *Pack) checkCRC(i int, raw []byte) error {
	if got, want := crc32.ChecksumIEEE(raw), p.crcAt(i); got != want {
		return fmt.Errorf("pack entry's CRC-32 is %08x, its index says %08x: %w", got, want, ErrCorrupt)
	}
	return nil
}
