package workpool_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/aaiguard/aaiguard/internal/workpool"
)

func TestEachRunsEveryJobOnceWithinTheBound(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		const n = 1000
		var seen [n]atomic.Int32
		var running, peak atomic.Int32
		workpool.Each(n, workers, func(i int) {
			r := running.Add(1)
			for {
				p := peak.Load()
				if r <= p || peak.CompareAndSwap(p, r) {
					break
				}
			}
			seen[i].Add(1)
			runtime.Gosched()
			running.Add(-1)
		})
		for i := range seen {
			if seen[i].Load() != 1 {
				t.Fatalf("workers %d: job %d ran %d times", workers, i, seen[i].Load())
			}
		}
		if limit := int32(workpool.Workers(workers, n)); peak.Load() > limit {
			t.Errorf("workers %d: %d jobs at once, limit %d", workers, peak.Load(), limit)
		}
	}
	workpool.Each(0, 4, func(int) { t.Error("called for n = 0") })
}

func TestWorkers(t *testing.T) {
	if got := workpool.Workers(8, 3); got != 3 {
		t.Errorf("Workers(8, 3) = %d", got)
	}
	if got := workpool.Workers(0, 1<<20); got != runtime.GOMAXPROCS(0) {
		t.Errorf("Workers(0, big) = %d", got)
	}
	if got := workpool.Workers(4, 0); got != 1 {
		t.Errorf("Workers(4, 0) = %d", got)
	}
}
