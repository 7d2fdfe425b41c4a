//go:build unix && !linux

package gitobj

// dropPages does nothing where the syscall package has no Madvise (macOS):
// the mapping's pages are resident until the pack is closed.
func dropPages(b []byte) {}

// rssProbe is Linux's /proc/self/statm reader; elsewhere there is none and
// walks drop pages at every check.
type rssProbe struct{}

func openRSSProbe() *rssProbe                { return nil }
func (p *rssProbe) fileBytes() (int64, bool) { return 0, false }
func (p *rssProbe) close()                   {}

// allocHuge is plain memory where the syscall package has no Madvise.
func allocHuge(n int) ([]byte, func()) { return make([]byte, n), func() {} }
