package analyzerdoc_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
)

const docGo = `// Package x does things.
//
// # Analyzer one
//
// one: report one thing
//
// More about one.
//
// # Analyzer two
//
// two: report two
package x
`

func TestExtract(t *testing.T) {
	got, err := analyzerdoc.Extract(docGo, "one")
	if err != nil {
		t.Fatal(err)
	}
	if want := "report one thing\n\nMore about one."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := analyzerdoc.Extract(docGo, "three"); err == nil {
		t.Error("missing section: no error")
	}
	if _, err := analyzerdoc.Extract("// # Analyzer bad\n//\n// wrong: summary\npackage x\n", "bad"); err == nil {
		t.Error("summary without the name prefix: no error")
	}
}
