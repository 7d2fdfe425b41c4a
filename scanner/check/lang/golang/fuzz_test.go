package golang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// FuzzGo: no input may panic, hang, or produce a fact outside the
// file. Inputs over 16 KiB are skipped so that a short run covers many.
func FuzzGo(f *testing.F) {
	for _, p := range []string{"sdk.go", "rest.go"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "coderules", "testdata", "golang", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 16<<10 {
			return
		}
		tr, err := treesitter.Parse(src, treesitter.Go)
		if err != nil {
			return
		}
		if s, ok := apicall.CheckSites(Extract(tr), src); !ok {
			t.Fatalf("fact outside the file: %+v", s)
		}
	})
}
