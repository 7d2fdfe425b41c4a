package hardcodedkey_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/hardcodedkey"
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
	analysistest.RunWithSuggestedFixes(t, testdata(t), hardcodedkey.Analyzer,
		"hardcodedkey/a", "hardcodedkey/rest", "hardcodedkey/noimport", "beta/hardcodedkey")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(t), hardcodedkey.Analyzer, "hardcodedkey/wrappers", "hardcodedkey/wrappers/user", "hardcodedkey/dotimport")
}

func TestNoAssemblyAIHost(t *testing.T) {
	analysistest.Run(t, testdata(t), hardcodedkey.Analyzer, "hardcodedkey/plain")
}

func TestTestFiles(t *testing.T) {
	a := hardcodedkey.New(hardcodedkey.Config{Env: "AAI_KEY", Tests: true})
	analysistest.Run(t, testdata(t), a, "hardcodedkey/tests")
}

func TestPlaceholder(t *testing.T) {
	for _, s := range []string{"", "  ", "<your-api-key>", "YOUR_API_KEY", "your-assemblyai-api-key", "xxxxxxxx", "${ASSEMBLYAI_API_KEY}", "api-key", "test"} {
		if !hardcodedkey.IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"cb5d07a8e3d8961f8e1ba551d4e0c371", "sk-live-abc123", "testkey1234567890"} {
		if hardcodedkey.IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = true, want false", s)
		}
	}
}
