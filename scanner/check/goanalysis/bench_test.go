package goanalysis_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
)

// BenchmarkSelect measures the Go stage on a repository that never names
// AssemblyAI (it runs no go command: reading and selecting is all it
// does): AAIGUARD_BENCH_GO_REPO=/path/to/a/go/checkout, e.g. terraform.
// Without it, Go's own source tree (GOROOT/src) is used.
func BenchmarkSelect(b *testing.B) {
	root := os.Getenv("AAIGUARD_BENCH_GO_REPO")
	if root == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			b.Skipf("go env GOROOT: %v", err)
		}
		root = filepath.Join(strings.TrimSpace(string(out)), "src")
	}
	in := input(b, root, nil)
	var bytes int64
	for _, f := range in.Files {
		if st, err := os.Stat(f.Abs); err == nil && len(f.Path) > 3 && f.Path[len(f.Path)-3:] == ".go" {
			bytes += st.Size()
		}
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for b.Loop() {
		res := goanalysis.Run(context.Background(), in)
		if len(res.TypeChecked) > 0 {
			b.Fatalf("%s mentions AssemblyAI: type-checked %q", root, res.TypeChecked)
		}
	}
}
