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

// rssProbe is Linux's /proc/self/statm reader; elsewhere there is none and
// walks drop pages at every check.
type rssProbe struct{}

func openRSSProbe() *rssProbe                { return nil }
func (p *rssProbe) fileBytes() (int64, bool) { return 0, false }
func (p *rssProbe) close()                   {}

// allocHuge is plain memory without mmap.
func allocHuge(n int) ([]byte, func()) { return make([]byte, n), func() {} }
