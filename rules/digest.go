package rules

import (
	"crypto/sha256"
	"encoding/binary"
)

// Digest identifies the configuration by what it was compiled from: the
// text of every source (the default catalogue included), whether it is
// the repository's own, and the rules disabled. Two configurations with
// the same digest compile to the same rules; a scan cache keys its
// records with it (see scanner/scancache).
func (c *Config) Digest() [32]byte { return c.digest }

func sourcesDigest(srcs []source, disabled []string) [32]byte {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte("aaiguard rules digest v1"))
	for _, s := range srcs {
		field([]byte(s.name))
		field(s.data)
		if s.repo {
			field([]byte{1})
		} else {
			field([]byte{0})
		}
	}
	field([]byte("disabled"))
	for _, d := range disabled {
		field([]byte(d))
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
