package hygiene_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// BenchmarkCheckGoroot runs every hygiene check over the listing of Go's
// source tree (about 15,000 files, almost none of them env or CI files):
// the cost the hygiene stage adds to a scan of a large repository whose
// files are already listed.
func BenchmarkCheckGoroot(b *testing.B) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Skip("go env GOROOT:", err)
	}
	tree, err := worktree.List(strings.TrimSpace(string(out)) + "/src")
	if err != nil {
		b.Fatal(err)
	}
	in := hygiene.Input{Tree: tree, Engine: engine(b, "")}
	for b.Loop() {
		hygiene.Check(in)
	}
	b.ReportMetric(float64(len(tree.Files)), "files")
}
