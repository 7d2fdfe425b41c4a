package goanalysis

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// modules lists the directories (relative to the scanned root, "." for
// the root or for a root inside a module) that hold a go.mod, skipping what
// the go command skips in ./... (testdata, vendor, directories starting
// with . or _): this repository's own analyzers/testdata holds deliberately
// bad code.
func (r *run) modules() []string {
	var out []string
	for _, f := range r.in.Files {
		if path.Base(f.Path) != "go.mod" {
			continue
		}
		dir := path.Dir(f.Path)
		if skippedGoDir(dir) {
			continue
		}
		out = append(out, dir)
	}
	slices.Sort(out)
	if len(out) == 0 && insideModule(r.in.Root) {
		// The scanned root is a directory inside a module: its packages
		// are analysed with the enclosing module.
		out = []string{"."}
	}
	return out
}

// insideModule reports whether a parent directory of dir holds a go.mod
// (dir itself has none, or modules would have found it).
func insideModule(dir string) bool {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && st.Mode().IsRegular() {
			// Not when the module's go command would skip dir itself
			// (a testdata fixture of the module).
			rel, err := filepath.Rel(d, dir)
			return err == nil && !skippedGoDir(filepath.ToSlash(rel))
		}
		if parent := filepath.Dir(d); parent == d {
			return false
		}
	}
}

// skippedGoDir reports whether the go command skips the slash directory
// dir in ./... patterns.
func skippedGoDir(dir string) bool {
	if dir == "." {
		return false
	}
	for _, elem := range strings.Split(dir, "/") {
		if elem == "testdata" || elem == "vendor" || strings.HasPrefix(elem, ".") || strings.HasPrefix(elem, "_") {
			return true
		}
	}
	return false
}

// rel turns an absolute path (or a "path:line:col: msg" error text that
// starts with one) into a slash path relative to the scanned root.
func (r *run) rel(p string) string {
	root := r.in.Root + string(filepath.Separator)
	if strings.HasPrefix(p, root) {
		return filepath.ToSlash(strings.TrimPrefix(p, root))
	}
	return filepath.ToSlash(p)
}
