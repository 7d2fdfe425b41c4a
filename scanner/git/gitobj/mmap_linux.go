package gitobj

import "syscall"

// dropPages unmaps the pages of b from the process (they stay in the page
// cache; a later read maps them again): a walk calls it now and then so
// that the pack it has read does not count in its resident memory.
func dropPages(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }
