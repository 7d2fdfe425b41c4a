//go:build !unix

package gitobj

import (
	"errors"
	"os"
)

// Without mmap, walks read entries with pread.
func mapFile(f *os.File, size int64) ([]byte, error) {
	return nil, errors.New("mmap not supported")
}

func unmapFile(b []byte) error { return nil }

func dropPages(b []byte) {}
