package gitobj

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkHas looks up objects of the repository named by
// AAIGUARD_BENCH_REPO (a bare clone, or its .git) in random order, as the
// history pass does for the entries a tree delta inserted.
func BenchmarkHas(b *testing.B) {
	dir := os.Getenv("AAIGUARD_BENCH_REPO")
	if dir == "" {
		b.Skip("AAIGUARD_BENCH_REPO names no repository")
	}
	objects := filepath.Join(dir, "objects")
	if _, err := os.Stat(objects); err != nil {
		objects = filepath.Join(dir, ".git", "objects")
	}
	db, err := Open(objects)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var hs []Hash
	for _, p := range db.packs {
		for i := 0; i < p.n; i++ {
			hs = append(hs, p.hashAt(i))
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(hs), func(i, j int) { hs[i], hs[j] = hs[j], hs[i] })
	run := func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if !db.Has(hs[i%len(hs)]) {
				b.Fatal("missing")
			}
		}
	}
	b.Run("search", run)
	for _, p := range db.packs {
		p.buildTable()
	}
	b.Run("table", run)
}
