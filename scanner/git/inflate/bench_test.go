package inflate

import (
	"hash/adler32"
	"testing"
)

func BenchmarkAdler32(b *testing.B) {
	p := inputs()["text"][:4096]
	b.Run("ours", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		for range b.N {
			Adler32(p)
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		for range b.N {
			adler32.Checksum(p)
		}
	})
}
