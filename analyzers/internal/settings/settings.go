// Package settings holds what the analyzers share to be configured: a
// comma-separated list flag and the test-file switch.
package settings

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"strings"

	"github.com/aaiguard/aaiguard/internal/testpath"
)

// List is a flag.Value for a comma-separated list of strings.
type List struct{ Values *[]string }

func (l List) String() string {
	if l.Values == nil {
		return ""
	}
	return strings.Join(*l.Values, ",")
}

// Set replaces the list (a flag given twice keeps the last value).
func (l List) Set(s string) error {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	*l.Values = out
	return nil
}

// IsTestFile reports whether the file holding pos is a _test.go file
// (internal/testpath, by name only: the analyzers see absolute paths, whose
// directories say nothing; the Go stage also drops what it reports from
// test directories).
func IsTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && testpath.IsName(filepath.Base(f.Name()))
}

// SkipFile reports whether the analyzers skip file: test files unless
// tests is set.
func SkipFile(fset *token.FileSet, file *ast.File, tests bool) bool {
	return !tests && IsTestFile(fset, file.Pos())
}

// TestsUsage is the usage text of every analyzer's -tests flag.
const TestsUsage = "also check _test.go files (tests commonly use fake keys and options against httptest servers)"
