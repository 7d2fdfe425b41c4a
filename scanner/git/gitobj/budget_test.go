package gitobj

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// TestMeteredReadersShareOneBudget: readers on many goroutines share the
// database's budget. With a budget smaller than every object, each object
// is still read (alone: a reader waits, its cache emptied, until nothing
// else is held), no reader waits forever, what was held at once never
// exceeds the largest object's share, and every byte is given back.
func TestMeteredReadersShareOneBudget(t *testing.T) {
	dir := t.TempDir()
	o := gitfixture.NewObjects(t, dir)
	var names []Hash
	var contents [][]byte
	for i := 0; i < 24; i++ {
		c := bytes.Repeat([]byte(fmt.Sprintf("object %d\n", i)), 4000+i*100)
		names = append(names, Hash(o.Loose("blob", c)))
		contents = append(contents, c)
	}
	db, err := Open(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMemoryBudget(1 << 10)
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(names))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rd := db.NewMeteredReader(1 << 20)
			defer rd.Release()
			for k := range names {
				i := (k + g*3) % len(names)
				_, b, err := rd.Read(names[i])
				if err != nil || !bytes.Equal(b, contents[i]) {
					errs <- fmt.Errorf("object %d: %v", i, err)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	largest := int64(len(contents[len(contents)-1]))
	if p := db.MemoryPeak(); p > 3*largest {
		t.Errorf("held %d bytes at once; one object's share is at most %d", p, 3*largest)
	}
	if db.mem.used != 0 {
		t.Errorf("%d bytes of the budget not given back", db.mem.used)
	}
}
