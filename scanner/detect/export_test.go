package detect

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// GoSourceCorpus reads up to limit bytes of Go's own source tree: real code
// and comments in which most files contain no rule keyword. Benchmarks in
// both test packages use it.
func GoSourceCorpus(tb testing.TB, limit int) (files [][]byte, total int) {
	tb.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		tb.Fatalf("go env GOROOT: %v", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "src")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || total >= limit {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			files = append(files, data)
			total += len(data)
		}
		return nil
	})
	if err != nil || total == 0 {
		tb.Fatalf("read %s: %v", root, err)
	}
	return files, total
}
