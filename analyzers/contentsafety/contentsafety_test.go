package contentsafety_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/contentsafety"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEnabled(t *testing.T) {
	a := contentsafety.New(contentsafety.DefaultConfig())
	if err := a.Flags.Set("enable", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(t), a, "contentsafety/a")
}

// Off by default: the same package yields no diagnostics.
func TestOffByDefault(t *testing.T) {
	results := analysistest.Run(new(testing.T), testdata(t), contentsafety.Analyzer, "contentsafety/a")
	if len(results) == 0 {
		t.Fatal("no package analysed")
	}
	for _, r := range results {
		if len(r.Diagnostics) > 0 {
			t.Errorf("default analyzer reported %d diagnostics, want none (off by default)", len(r.Diagnostics))
		}
	}
}
