package driver_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/driver"
)

// A panicking analyzer becomes an error of its action, not a crash.
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
	boom := &analysis.Analyzer{Name: "boom", Doc: "panics", Run: func(*analysis.Pass) (any, error) { panic("odd code") }}
	g, err := driver.Analyze([]*analysis.Analyzer{boom}, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := driver.Diagnostics(g, nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "internal error in analyzer boom: odd code") {
		t.Errorf("errors %v", errs)
	}
}
