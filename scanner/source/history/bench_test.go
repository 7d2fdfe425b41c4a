package history_test

import (
	"os"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/history"
)

// BenchmarkScanRepo scans the repository named by AAIGUARD_BENCH_REPO (a
// real clone, e.g. from scripts/bench-history.sh), or a generated one.
func BenchmarkScanRepo(b *testing.B) {
	dir := os.Getenv("AAIGUARD_BENCH_REPO")
	if dir == "" {
		dir = syntheticRepo(b, 400)
	}
	e := engine(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		repo, err := gitrepo.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		res, err := history.Scan(repo, e, history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		repo.Close()
		b.SetBytes(res.Bytes)
		b.ReportMetric(float64(res.Commits), "commits")
	}
}
