package java

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// FuzzJava: no input may panic, hang, or produce a fact outside the
// file. Inputs over 16 KiB are skipped so that a short run covers many.
func FuzzJava(f *testing.F) {
	for _, p := range []string{"Sdk.java", "Rest.java"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "coderules", "testdata", "java", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 16<<10 {
			return
		}
		tr, err := treesitter.Parse(src, treesitter.Java)
		if err != nil {
			return
		}
		if s, ok := apicall.CheckSites(Extract(tr), src); !ok {
			t.Fatalf("fact outside the file: %+v", s)
		}
	})
}
