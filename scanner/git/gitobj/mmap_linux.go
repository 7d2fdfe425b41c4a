package gitobj

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// dropPages unmaps the pages of b from the process (they stay in the page
// cache; a later read maps them again): a walk calls it now and then so
// that the pack it has read does not count in its resident memory.
func dropPages(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }

// rssProbe reads the process's file-backed resident memory from
// /proc/self/statm, so that a walk drops its mapped pages only once they
// add up to its budget: dropping them every 512 entries cost tldr's pass
// 300k page faults and 1.7-2.2 s of system time, re-mapping what it had
// just dropped (with a 128 MiB budget: 105k faults, 0.4 s).
type rssProbe struct{ f *os.File }

// openRSSProbe returns nil where the process cannot read its own statm:
// walks then drop pages at every check, as if always over budget.
func openRSSProbe() *rssProbe {
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return nil
	}
	p := &rssProbe{f: f}
	if _, ok := p.fileBytes(); !ok {
		f.Close()
		return nil
	}
	return p
}

// fileBytes is the resident memory backed by files (and shared memory):
// statm's third field, in pages. Safe for concurrent use.
func (p *rssProbe) fileBytes() (int64, bool) {
	var buf [256]byte
	n, err := p.f.ReadAt(buf[:], 0)
	if n == 0 && err != nil {
		return 0, false
	}
	f := bytes.Fields(buf[:n])
	if len(f) < 3 {
		return 0, false
	}
	pages, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}

func (p *rssProbe) close() { p.f.Close() }

// allocHuge returns n zeroed bytes of anonymous memory that the kernel may
// back with 2 MiB pages (transparent huge pages in "madvise" mode, the
// Debian and Ubuntu default), and the function that frees it. A whole-
// history walk reads the pack index at random, one entry per object: on a
// virtual machine every 4 KiB page's TLB miss is a nested page walk, and
// huge pages took about 5% off tldr's pass (paired runs: 3.5-8%). Without mmap it is plain memory.
func allocHuge(n int) ([]byte, func()) {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, n), func() {}
	}
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	return b, func() { _ = syscall.Munmap(b) }
}
