// Package workpool runs independent jobs on a bounded number of
// goroutines: the one worker pool of the sources and checks.
package workpool

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers is the number of goroutines for n jobs when the caller asks for
// want (want <= 0: one per CPU, GOMAXPROCS), never more than n.
func Workers(want, n int) int {
	if want <= 0 {
		want = runtime.GOMAXPROCS(0)
	}
	return max(1, min(want, n))
}

// Each calls f(i) for every i in [0, n) on at most workers goroutines
// (workers <= 0: GOMAXPROCS) and returns when every call has returned.
// Jobs are handed out in order; f must be safe to call concurrently (write
// results into a slice at index i, not into shared state).
func Each(n, workers int, f func(i int)) {
	if n <= 0 {
		return
	}
	w := Workers(workers, n)
	if w == 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
