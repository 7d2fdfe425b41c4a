package driver_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
)

// A panicking analyzer (its Run built with recovered.Run, as every
// analyzer of aaiguard's is) becomes an error of its action, not a crash.
func TestPanicIsAnError(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module example.com/p\n\ngo 1.26\n",
		"p.go":   "package p\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs, err := driver.Load(context.Background(), dir, nil, false, "./...")
	if err != nil {
		t.Fatal(err)
	}
	boom := &analysis.Analyzer{Name: "boom", Doc: "panics", Run: recovered.Run("boom", func(*analysis.Pass) (any, error) { panic("odd code") })}
	g, err := driver.Analyze([]*analysis.Analyzer{boom}, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := driver.Diagnostics(g, nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "internal error in analyzer boom: odd code") {
		t.Errorf("errors %v", errs)
	}
}

// -fix writes each file atomically, keeps its permissions, and writes
// through a symlinked source file instead of replacing the link.
func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.go")
	if err := os.WriteFile(real, []byte("package p\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink("real.go", link); err != nil {
		t.Fatal(err)
	}
	if err := driver.WriteFiles(map[string][]byte{link: []byte("package p // fixed\n")}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(real); string(b) != "package p // fixed\n" {
		t.Errorf("target %q", b)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if err := driver.WriteFiles(map[string][]byte{filepath.Join(dir, "gone.go"): []byte("x")}); err == nil || !strings.Contains(err.Error(), "gone.go") {
		t.Errorf("a missing file: %v", err)
	}
}
