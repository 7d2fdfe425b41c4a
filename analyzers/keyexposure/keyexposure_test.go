package keyexposure_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/keyexposure"
)

func TestAnalyzer(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, keyexposure.Analyzer, "keyexposure/config", "keyexposure/a", "keyexposure/server")
}

// The wasm package builds only for js/wasm; analysistest loads it for the
// host platform, so it is loaded with GOOS=js GOARCH=wasm.
func TestBrowserCode(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOOS", "js")
	t.Setenv("GOARCH", "wasm")
	analysistest.Run(t, dir, keyexposure.Analyzer, "keyexposure/wasm")
}
