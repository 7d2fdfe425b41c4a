package inflate

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	kzlib "github.com/klauspost/compress/zlib"
	"testing"
)

// BenchmarkInflate: streams the size of git's usual objects (a commit, a
// tree, a source file), this package against klauspost's streaming
// decoder (what gitobj used before).
func BenchmarkInflate(b *testing.B) {
	in := inputs()
	for _, c := range []struct {
		name string
		data []byte
	}{{"commit", in["tiny text"]}, {"text-3k", in["mixed"][4000:7000]}, {"text-30k", in["text"]}, {"go-source", goSource(b)}} {
		if c.data == nil {
			continue
		}
		z := compressors()["std6"](c.data)
		dst := make([]byte, len(c.data))
		b.Run(c.name+"/ours", func(b *testing.B) {
			var d Decoder
			b.SetBytes(int64(len(c.data)))
			for range b.N {
				if err := d.Inflate(dst, z); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/klauspost", func(b *testing.B) {
			var br bytes.Reader
			br.Reset(z)
			zr, _ := kzlib.NewReader(&br)
			b.SetBytes(int64(len(c.data)))
			for range b.N {
				br.Reset(z)
				zr.(kzlib.Resetter).Reset(&br, nil)
				if _, err := io.ReadFull(zr, dst); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// goSource is a large Go file of the toolchain's own (source code is what
// most blobs of a history hold), or nil without one.
func goSource(b *testing.B) []byte {
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Logf("no Go toolchain: %v", err)
		return nil
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "src", "net", "http", "server.go"))
	if err != nil {
		b.Logf("no Go source to inflate: %v", err)
		return nil
	}
	return data
}
