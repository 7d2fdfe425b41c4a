package driver_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/driver"
)

func TestComputeFixes(t *testing.T) {
	src := []byte("package p\n\nvar a, b = 1, 2\n")
	fset := token.NewFileSet()
	f := fset.AddFile("p.go", -1, len(src))
	f.SetLinesForContent(src)
	pos := func(off int) token.Pos { return f.Pos(off) }
	edit := func(start, end int, text string) analysis.TextEdit {
		return analysis.TextEdit{Pos: pos(start), End: pos(end), NewText: []byte(text)}
	}
	fix := func(edits ...analysis.TextEdit) analysis.Diagnostic {
		return analysis.Diagnostic{SuggestedFixes: []analysis.SuggestedFix{{Message: "m", TextEdits: edits}}}
	}
	diags := []analysis.Diagnostic{
		fix(edit(22, 23, "10"), edit(0, 0, "// x\n")), // a = 10, plus a header
		fix(edit(25, 26, "20"), edit(0, 0, "// x\n")), // b = 20, the same header: applied once
		fix(edit(22, 23, "99")),                       // overlaps the first: a conflict
		{Message: "no fix"},
		{SuggestedFixes: []analysis.SuggestedFix{
			{TextEdits: []analysis.TextEdit{edit(8, 9, "q")}}, // only the first fix of a diagnostic counts
		}},
	}
	res, err := driver.ComputeFixes(fset, diags, func(string) ([]byte, error) { return src, nil })
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 3 || res.Conflicts != 1 {
		t.Errorf("applied %d, conflicts %d; want 3, 1", res.Applied, res.Conflicts)
	}
	want := "// x\npackage q\n\nvar a, b = 10, 20\n"
	if got := string(res.Files["p.go"]); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
