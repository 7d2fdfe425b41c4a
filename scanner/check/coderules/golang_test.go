package coderules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

// TestGoFilesAreTheTypedStages: by default the code rules leave .go files
// to the typed analyzers; CheckGo (or SyntacticGo) runs the syntactic
// rules on the files the typed stage could not load.
func TestGoFilesAreTheTypedStages(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golang", "sdk.go"))
	if err != nil {
		t.Fatal(err)
	}
	if coderules.Relevant("cmd/main.go") {
		t.Error("Relevant(main.go): the work-tree pass would judge Go files the typed stage owns")
	}
	if !coderules.IsGoFile("cmd/main.go") || coderules.IsGoFile("cmd/main_test.go") || coderules.IsGoFile("main.py") {
		t.Error("IsGoFile: .go files but not tests")
	}
	def := &coderules.Checker{}
	if res := def.Check("sdk.go", src); res.Parsed || len(res.Findings) > 0 {
		t.Errorf("default checker judged a .go file: parsed %v, %d findings", res.Parsed, len(res.Findings))
	}
	res := def.CheckGo("sdk.go", src)
	if !res.Parsed || len(res.Findings) == 0 || len(res.Usage) == 0 {
		t.Fatalf("CheckGo: parsed %v, %d findings, usage %q", res.Parsed, len(res.Findings), res.Usage)
	}
	if def.SyntacticGo {
		t.Error("CheckGo changed the checker")
	}
	if res := def.CheckGo("sdk_test.go", src); res.Parsed {
		t.Error("CheckGo judged a test file")
	}
	note := coderules.GoNote([]string{"a.go", "b.go", "c.go", "d.go", "e.go", "f.go", "g.go"}, "outside any Go module")
	if want := "go: typed analysis replaced by syntactic rules for a.go, b.go, c.go, d.go, e.go and 2 more (outside any Go module)"; note != want {
		t.Errorf("GoNote:\n got %q\nwant %q", note, want)
	}
	if !strings.HasPrefix(coderules.GoNote([]string{"x.go"}, ""), "go: typed analysis replaced by syntactic rules for x.go") {
		t.Error("GoNote without a reason")
	}
}
