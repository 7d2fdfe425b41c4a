package goanalysis

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// maxModFile bounds the go.mod and go.work files read (the go command
// itself refuses nothing; real ones are a few KiB).
const maxModFile = 4 << 20

// goModule is a Go module of the scanned tree.
type goModule struct {
	dir string // slash-separated, relative to the root; "." for the root
	abs string // absolute directory of dir
	// path is the import path of the packages in dir: the module path, or
	// for a root inside a module, the module path joined with the root's
	// directory in it. "" when go.mod names none (then packages of other
	// directories cannot import its packages).
	path string
	// home is the absolute directory of the go.mod (abs, or for a root
	// inside a module, the enclosing module's).
	home string
	reqs []module.Version
	err  error // go.mod could not be read or parsed
}

// modules lists the Go modules of the tree: every go.mod except those the
// go command skips in ./... (under testdata, vendor, and directories
// starting with . or _: this repository's own analyzers/testdata holds
// deliberately bad code), or the module the root lies inside.
func (r *run) modules() []*goModule {
	var out []*goModule
	for _, f := range r.in.Files {
		if path.Base(f.Path) != "go.mod" {
			continue
		}
		dir := path.Dir(f.Path)
		if skippedGoDir(dir) {
			continue
		}
		m := &goModule{dir: dir, abs: filepath.Dir(f.Abs), home: filepath.Dir(f.Abs)}
		m.path, m.reqs, m.err = readGoMod(f.Abs)
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *goModule) int { return strings.Compare(a.dir, b.dir) })
	if len(out) == 0 {
		if home, rel, ok := enclosingModule(r.in.Root); ok {
			// The scanned root is a directory inside a module: its
			// packages are analysed with the enclosing module.
			m := &goModule{dir: ".", abs: r.in.Root, home: home}
			m.path, m.reqs, m.err = readGoMod(filepath.Join(home, "go.mod"))
			if m.path != "" {
				m.path += "/" + rel
			}
			out = append(out, m)
		}
	}
	return out
}

// readGoMod returns the module path and requirements of a go.mod.
func readGoMod(name string) (string, []module.Version, error) {
	data, err := regularfile.Read(name, true, maxModFile)
	if err != nil {
		return "", nil, err
	}
	f, err := modfile.ParseLax(name, data, nil)
	if err != nil {
		return "", nil, err
	}
	var reqs []module.Version
	for _, r := range f.Require {
		reqs = append(reqs, r.Mod)
	}
	if f.Module == nil {
		return "", reqs, nil
	}
	return f.Module.Mod.Path, reqs, nil
}

// enclosingModule finds the module a directory without go.mod lies in: the
// directory of the nearest go.mod above it and dir's slash path in it. Not
// when the module's go command would skip dir (a testdata fixture of the
// module).
func enclosingModule(dir string) (home, rel string, ok bool) {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && st.Mode().IsRegular() {
			rel, err := filepath.Rel(d, dir)
			if err != nil || skippedGoDir(filepath.ToSlash(rel)) {
				return "", "", false
			}
			return d, filepath.ToSlash(rel), true
		}
		if parent := filepath.Dir(d); parent == d {
			return "", "", false
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

// A unit is what one go command loads: a module on its own (GOWORK=off),
// or the modules of one go.work's use list, loaded through it.
type unit struct {
	dir    string // absolute working directory of the go command
	gowork string // GOWORK: the go.work file, or "off"
	name   string // for messages: the module's directory, or "go.work" relative to the root
	mods   []*goModule
}

// workspace is a parsed go.work.
type workspace struct {
	file string          // absolute path
	use  map[string]bool // absolute directories of its use list
	err  error
}

// units groups the modules into loads. A module inside a go.work (one
// in its directory or above, as the go command finds it) that the go.work
// uses is loaded through the workspace, with the workspace's other
// modules; one it does not use is loaded on its own, with GOWORK=off and a
// note (the go command would refuse it: "directory prefix . does not
// contain modules listed in go.work"). A go.work that cannot be read is
// noted and its modules loaded on their own. GOWORK=off in the caller's
// environment turns workspaces off.
func (r *run) units(mods []*goModule) []*unit {
	workOff := r.envValue("GOWORK") == "off"
	works := map[string]*workspace{}
	byKey := map[string]*unit{}
	var out []*unit
	add := func(key string, u *unit, m *goModule) {
		if have, ok := byKey[key]; ok {
			have.mods = append(have.mods, m)
			return
		}
		u.mods = []*goModule{m}
		byKey[key] = u
		out = append(out, u)
	}
	for _, m := range mods {
		var w *workspace
		if !workOff {
			w = findWorkspace(m.abs, works)
		}
		switch {
		case w == nil:
		case w.err != nil:
			r.notef("workspace "+w.file, "go: %s could not be read (%v): its modules were analysed on their own (GOWORK=off)", r.rel(w.file), w.err)
			w = nil
		case !w.use[m.home]:
			r.res.note("go: module %s is not in the use list of %s: analysed on its own (GOWORK=off)", m.dir, r.rel(w.file))
			w = nil
		}
		if w == nil {
			add("mod "+m.abs, &unit{dir: m.abs, gowork: "off", name: "module " + m.dir}, m)
			continue
		}
		add("work "+w.file, &unit{dir: filepath.Dir(w.file), gowork: w.file, name: r.rel(w.file)}, m)
	}
	return out
}

// notef adds a note once per key.
func (r *run) notef(key, format string, a ...any) {
	if r.noted[key] {
		return
	}
	r.noted[key] = true
	r.res.note(format, a...)
}

// findWorkspace returns the go.work the go command would use in dir: the
// first one in dir or a directory above it. Parsed workspaces are cached
// in works by file.
func findWorkspace(dir string, works map[string]*workspace) *workspace {
	for d := dir; ; d = filepath.Dir(d) {
		name := filepath.Join(d, "go.work")
		if w, ok := works[name]; ok {
			return w
		}
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			w := &workspace{file: name, use: map[string]bool{}}
			works[name] = w
			data, err := regularfile.Read(name, true, maxModFile)
			if err == nil {
				var f *modfile.WorkFile
				if f, err = modfile.ParseWork(name, data, nil); err == nil {
					for _, u := range f.Use {
						p := filepath.FromSlash(u.Path)
						if !filepath.IsAbs(p) {
							p = filepath.Join(d, p)
						}
						w.use[filepath.Clean(p)] = true
					}
				}
			}
			w.err = err
			return w
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
}

// envValue returns a variable of the go command's base environment.
func (r *run) envValue(key string) string {
	env := r.in.Env
	if env == nil {
		env = os.Environ()
	}
	v := ""
	for _, kv := range env {
		if val, ok := strings.CutPrefix(kv, key+"="); ok {
			v = val
		}
	}
	return v
}

// rel turns an absolute path (or a "path:line:col: msg" error text that
// starts with one) into a slash path relative to the scanned root.
func (r *run) rel(p string) string {
	if p == r.in.Root {
		return "."
	}
	root := r.in.Root + string(filepath.Separator)
	if strings.HasPrefix(p, root) {
		return filepath.ToSlash(strings.TrimPrefix(p, root))
	}
	return filepath.ToSlash(p)
}

// moduleOf names the module that provides the package importPath among
// the requirements of mods: "path version", or the package path when no
// requirement matches.
func moduleOf(importPath string, mods []*goModule) string {
	best := module.Version{}
	for _, m := range mods {
		for _, req := range m.reqs {
			if (importPath == req.Path || strings.HasPrefix(importPath, req.Path+"/")) && len(req.Path) > len(best.Path) {
				best = req
			}
		}
	}
	if best.Path == "" {
		return fmt.Sprintf("the module providing %s", importPath)
	}
	return best.Path + " " + best.Version
}

// SkippedDir reports whether the go command skips the slash directory dir
// (relative to a module's root) in ./... patterns: testdata, vendor, and
// directories starting with . or _.
func SkippedDir(dir string) bool { return skippedGoDir(dir) }

// InsideModule reports whether the directory dir (which holds no go.mod)
// lies in a module whose go command would load it: a go.mod above it, and
// no skipped directory between them.
func InsideModule(dir string) bool {
	_, _, ok := enclosingModule(dir)
	return ok
}
