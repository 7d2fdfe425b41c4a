package pipeline

import (
	"context"
	"os"
	"testing"
)

// BenchmarkStaged measures `aaiguard staged` inside one process (no
// process start-up): AAIGUARD_BENCH_STAGED_REPO names a repository with
// changes staged (scripts/bench-staged.sh prepares one).
func BenchmarkStaged(b *testing.B) {
	repo := os.Getenv("AAIGUARD_BENCH_STAGED_REPO")
	if repo == "" {
		b.Skip("set AAIGUARD_BENCH_STAGED_REPO to a repository with staged changes")
	}
	for b.Loop() {
		rep, err := Scan(context.Background(), CommandStaged, Options{Root: repo, MaxFileSize: 10 << 20})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Summary.Errors) > 0 {
			b.Fatal(rep.Summary.Errors)
		}
	}
}
