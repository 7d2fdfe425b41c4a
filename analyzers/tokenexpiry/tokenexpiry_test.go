package tokenexpiry_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/tokenexpiry"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), tokenexpiry.Analyzer, "tokenexpiry/a", "tokenexpiry/oauth")
}

func TestMaxFlag(t *testing.T) {
	a := tokenexpiry.New(tokenexpiry.DefaultConfig())
	if err := a.Flags.Set("max", "100000"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(t), a, "tokenexpiry/long")
}
