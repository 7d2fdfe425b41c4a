package goanalysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/evidence"
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// maxLoadErrors caps the package errors listed per module; the rest are
// counted.
const maxLoadErrors = 10

// goEnv is the go command's environment for a scan: aaiguard never uses
// the network (GOPROXY=off: a module missing from the cache is a load
// error), never downloads a toolchain, never edits go.mod (a -mod=mod
// in GOFLAGS is dropped), and never runs the C compiler on the scanned
// code (CGO_ENABLED=0): loading a cgo package runs cgo and gcc on it, and
// a file holding #include "/dev/zero" kept that going forever. Files that
// import "C" are therefore not analysed; a note says which.
func (r *run) goEnv() []string {
	base := r.in.Env
	if base == nil {
		base = os.Environ()
	}
	var goflags string
	for _, kv := range base {
		if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			goflags = v
		}
	}
	var flags []string
	for _, f := range strings.FieldsFunc(goflags, unicode.IsSpace) {
		if f != "-mod=mod" {
			flags = append(flags, f)
		}
	}
	return append(slices.Clone(base), "GOPROXY=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOFLAGS="+strings.Join(flags, " "))
}

func (r *run) analyseModule(mod string) {
	dir := filepath.Join(r.in.Root, filepath.FromSlash(mod))
	pkgs, err := driver.Load(r.ctx, dir, r.goEnv(), true, "./...")
	if err != nil {
		r.res.fail(fmt.Errorf("go: module %s could not be loaded: %w", mod, err))
		return
	}
	r.noteCgoFiles(mod, pkgs)
	loadErrs := driver.LoadErrors(pkgs)
	if len(loadErrs) > 0 {
		var blocked map[string]bool
		loadErrs, blocked = r.cgoBlocked(mod, dir, pkgs, loadErrs)
		pkgs = slices.DeleteFunc(pkgs, func(p *packages.Package) bool { return blocked[p.PkgPath] })
	}
	for i, e := range loadErrs {
		if i == maxLoadErrors {
			r.res.fail(fmt.Errorf("go: module %s: %d more package error(s)", mod, len(loadErrs)-maxLoadErrors))
			break
		}
		r.res.fail(fmt.Errorf("go: module %s: %s", mod, r.rel(e.Error())))
	}
	if len(loadErrs) > 0 {
		r.res.note("go: packages of module %s with errors were not analysed; the others were (fix the errors, or run go mod download if modules are missing)", mod)
	}
	r.progress(Progress{Phase: PhaseAnalysing, Module: mod, Packages: len(pkgs)})
	analyzers := suite.New()
	graph, err := driver.Analyze(append(slices.Clone(analyzers), evidence.Analyzer), pkgs)
	if err != nil {
		r.res.fail(fmt.Errorf("go: module %s: %w", mod, err))
		return
	}
	diags, runErrs := driver.Diagnostics(graph, analyzers)
	if len(loadErrs) == 0 {
		for _, e := range runErrs {
			r.res.fail(fmt.Errorf("go: %w", e))
		}
	}
	src := sourceCache{}
	for _, d := range diags {
		if f, ok := r.finding(d, src); ok {
			r.res.Findings = append(r.res.Findings, f)
		}
	}
	r.evidence(graph, driver.Fset(pkgs))
}

// noteCgoFiles notes the files of module mod that were not analysed
// because they import "C" (goEnv disables cgo). They are among the files
// the go command ignored for their build constraints, or, for a module
// whose packages are all cgo, among its Go files when nothing loaded.
func (r *run) noteCgoFiles(mod string, pkgs []*packages.Package) {
	var candidates []string
	for _, p := range pkgs {
		candidates = append(candidates, p.IgnoredFiles...)
	}
	if len(pkgs) == 0 {
		prefix := mod + "/"
		for _, f := range r.in.Files {
			if strings.HasSuffix(f.Path, ".go") && (mod == "." || strings.HasPrefix(f.Path, prefix)) {
				candidates = append(candidates, f.Abs)
			}
		}
	}
	var cgo []string
	seen := map[string]bool{}
	for _, f := range candidates {
		if seen[f] || !strings.HasSuffix(f, ".go") {
			continue
		}
		seen[f] = true
		if b, err := worktree.ReadRegular(f, false, 1<<20); err == nil && bytes.Contains(b, []byte(`import "C"`)) {
			cgo = append(cgo, r.rel(f))
		}
	}
	if len(cgo) == 0 {
		return
	}
	slices.Sort(cgo)
	more := ""
	if len(cgo) > 5 {
		more = fmt.Sprintf(" and %d more", len(cgo)-5)
		cgo = cgo[:5]
	}
	r.res.note("go: files that import \"C\" were not analysed (aaiguard runs neither cgo nor the C compiler on scanned code): %s%s", strings.Join(cgo, ", "), more)
}

// cgoBlocked separates the load errors that come from building without
// cgo (goEnv): a package that uses cgo, or imports one that does, cannot be
// type-checked when cgo files are left out ("undefined: dep.F"). Those
// packages are noted as not analysed, like a missing Go toolchain, rather
// than failing the run; the other errors are returned. Which packages use
// cgo comes from go list without -compiled or -export, which reads file
// headers and runs neither cgo nor a compiler.
func (r *run) cgoBlocked(mod, dir string, pkgs []*packages.Package, errs []packages.Error) ([]packages.Error, map[string]bool) {
	env := append(r.goEnv(), "CGO_ENABLED=1") // later entries win
	cmd := exec.CommandContext(r.ctx, "go", "list", "-e", "-deps", "-test", "-json=ImportPath,Deps,CgoFiles", "./...")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		return errs, nil // the load errors stand as they are
	}
	type listed struct {
		ImportPath string
		Deps       []string
		CgoFiles   []string
	}
	uses := map[string]bool{}
	var all []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var l listed
		if err := dec.Decode(&l); err != nil {
			break
		}
		all = append(all, l)
		if len(l.CgoFiles) > 0 {
			uses[l.ImportPath] = true
		}
	}
	if len(uses) == 0 {
		return errs, nil
	}
	blocked := map[string]bool{}
	for _, l := range all {
		if uses[l.ImportPath] || slices.ContainsFunc(l.Deps, func(d string) bool { return uses[d] }) {
			blocked[l.ImportPath] = true
		}
	}
	var kept []packages.Error
	var names []string
	seen := map[string]bool{}
	skip := map[string]bool{}
	for _, p := range pkgs {
		if len(p.Errors) == 0 {
			continue
		}
		if blocked[p.PkgPath] {
			skip[p.PkgPath] = true
			if !seen[p.PkgPath] {
				seen[p.PkgPath] = true
				names = append(names, p.PkgPath)
			}
			continue
		}
		for _, e := range p.Errors {
			if k := e.Pos + "\x00" + e.Msg; !seen[k] {
				seen[k] = true
				kept = append(kept, e)
			}
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		r.res.note("go: module %s: %s use cgo or import packages that do, and were not analysed (aaiguard builds without cgo, so that no C compiler runs on scanned code)", mod, strings.Join(names, ", "))
	}
	return kept, skip
}
