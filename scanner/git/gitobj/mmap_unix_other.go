//go:build unix && !linux

package gitobj

// dropPages does nothing where the syscall package has no Madvise (macOS):
// the mapping's pages are resident until the pack is closed.
func dropPages(b []byte) {}
