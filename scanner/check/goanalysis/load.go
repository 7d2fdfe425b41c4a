package goanalysis

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/evidence"
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// maxLoadErrors caps the package errors listed per load; the rest are
// counted.
const maxLoadErrors = 10

// env is the go command's environment for a unit: the scan's policy
// (driver.Policy: no cgo, no toolchain download, no go.mod edits, no
// network unless Download) and the unit's GOWORK.
func (r *run) env(u *unit) []string {
	return append(driver.Policy{Download: r.in.Download}.Env(r.in.Env), "GOWORK="+u.gowork)
}

// pattern is the go command's pattern for the package in dir, relative to
// the unit's working directory.
func pattern(u *unit, p *goPackage) string {
	rel, err := filepath.Rel(u.dir, p.abs)
	if err != nil {
		return p.abs
	}
	if rel == "." {
		return "."
	}
	return "./" + filepath.ToSlash(rel)
}

// blocker says why a package cannot be type-checked.
type blocker struct {
	missing string // the module that is not available ("path version")
	goErr   string // the go command's message
}

// missingModuleRE matches the go command's errors for a module that is not
// in the module cache and may not be downloaded, or whose go.sum line is
// missing (both fixed by downloading it).
var missingModuleRE = regexp.MustCompile(`module lookup disabled by GOPROXY=off|missing go\.sum entry|GOFLAGS=-mod=mod|not in the module cache`)

// downloadFailedRE matches the go command's errors when it tried to
// download a module (--go-download) and could not
// ("module@version: reading URL: 404 Not Found", DNS and TLS errors…).
var downloadFailedRE = regexp.MustCompile(`^\S+@v\S+: |dial tcp|no such host|connection refused|reading \S+://|: 404 Not Found|: 410 Gone|verifying (go\.mod|module)|unrecognized import path`)

// loadUnit type-checks and analyses the selected packages of one unit.
func (r *run) loadUnit(u *unit, roots []*goPackage) {
	env := r.env(u)
	patterns := make([]string, len(roots))
	for i, p := range roots {
		patterns[i] = pattern(u, p)
	}
	listed, err := driver.List(r.ctx, u.dir, env, r.in.Tests, patterns...)
	if r.ctx.Err() != nil {
		r.res.fail(fmt.Errorf("go: %s: interrupted: %w", u.name, r.ctx.Err()))
		return
	}
	if err != nil {
		if u.gowork != "off" {
			// The workspace itself is refused (a go.work for a newer
			// go, a use entry without go.mod…): its modules are loaded
			// on their own, so that a broken go.work never stops the
			// scan.
			r.res.note("go: %s could not be loaded (%s): its modules were analysed on their own (GOWORK=off)", u.name, r.rel(firstLine(err.Error())))
			for _, m := range u.mods {
				var own []*goPackage
				for _, p := range roots {
					if p.mod == m {
						own = append(own, p)
					}
				}
				if len(own) > 0 {
					r.loadUnit(&unit{dir: m.abs, gowork: "off", name: "module " + m.dir, mods: []*goModule{m}}, own)
				}
			}
			return
		}
		r.blockAll(u, roots, err)
		return
	}
	byID := map[string]*driver.Listed{}
	for _, l := range listed {
		byID[l.ImportPath] = l
	}
	var loadable []*goPackage
	blocked := map[string][]*goPackage{} // missing module -> packages
	var goErrs = map[string]string{}
	var excluded, cgoOnly []string
	for _, p := range roots {
		if ex, cgo := excludedByConstraints(p, listed); ex {
			// Nothing of the package builds here: a //go:build ignore
			// example, or a package made only of cgo files.
			r.untyped(p)
			if cgo {
				cgoOnly = append(cgoOnly, p.name())
			} else {
				excluded = append(excluded, p.name())
			}
			continue
		}
		if b := r.blockerOf(u, p, listed, byID); b != nil {
			if len(blocked[b.missing]) == 0 {
				goErrs[b.missing] = b.goErr
			}
			blocked[b.missing] = append(blocked[b.missing], p)
			continue
		}
		loadable = append(loadable, p)
	}
	for _, m := range slices.Sorted(maps.Keys(blocked)) {
		r.missingModule(u, m, goErrs[m], blocked[m])
	}
	if len(excluded) > 0 {
		r.res.note("go: %s: every file of %s is excluded by its build constraints (for this platform, or //go:build ignore): not analysed", u.name, listShort(excluded, 5))
	}
	if len(cgoOnly) > 0 {
		r.res.note("go: %s: %s use cgo or import packages that do, and were not analysed (aaiguard builds without cgo, so that no C compiler runs on scanned code; the standard library builds without it)", u.name, listShort(cgoOnly, 5))
	}
	if len(loadable) == 0 {
		return
	}
	patterns = patterns[:0]
	for _, p := range loadable {
		patterns = append(patterns, pattern(u, p))
		r.res.TypeChecked = append(r.res.TypeChecked, p.dir)
	}
	pkgs, err := driver.LoadListed(r.ctx, u.dir, env, r.in.Tests, patterns...)
	if r.ctx.Err() != nil {
		r.res.fail(fmt.Errorf("go: %s: interrupted: %w", u.name, r.ctx.Err()))
		return
	}
	if err != nil {
		r.blockAll(u, loadable, err)
		return
	}
	r.noteIgnoredFiles(pkgs)
	r.analyse(u, pkgs, byID, loadable)
}

// excludedByConstraints reports whether go list found no file of package p
// to build, and whether the files it left out use cgo.
func excludedByConstraints(p *goPackage, listed []*driver.Listed) (excluded, cgo bool) {
	for _, l := range listed {
		if l.DepOnly || l.Dir != p.abs || l.ForTest != "" || l.Error == nil || !strings.Contains(l.Error.Err, "build constraints exclude all Go files") {
			continue
		}
		for _, f := range l.IgnoredGoFiles {
			if importsC(filepath.Join(l.Dir, f)) {
				return true, true
			}
		}
		return true, false
	}
	return false, false
}

// blockerOf returns why package p cannot be type-checked, or nil: a module
// it needs (itself or through its dependencies) is missing.
func (r *run) blockerOf(u *unit, p *goPackage, listed []*driver.Listed, byID map[string]*driver.Listed) *blocker {
	for _, l := range listed {
		// A package the go command could not resolve has no Dir.
		if l.DepOnly || l.Dir != p.abs && (p.path == "" || basePath(l.ImportPath) != p.path) {
			continue
		}
		for _, id := range append([]string{l.ImportPath}, l.Deps...) {
			d := byID[id]
			if d == nil || d.Error == nil || d.Standard {
				continue
			}
			msg := d.Error.Err
			if missingModuleRE.MatchString(msg) || r.in.Download && downloadFailedRE.MatchString(msg) {
				return &blocker{missing: moduleOf(basePath(d.ImportPath), u.mods), goErr: oneLine(msg)}
			}
		}
	}
	return nil
}

// missingModule reports packages that cannot be type-checked because
// module mod is not available: an error (the scan is incomplete) naming
// the module and the fix, and their files for a syntactic checker.
func (r *run) missingModule(u *unit, mod, goErr string, pkgs []*goPackage) {
	var names []string
	for _, p := range pkgs {
		names = append(names, p.name())
		r.untyped(p)
	}
	what := fmt.Sprintf("not type-checked: %s", listShort(names, 5))
	if r.in.SyntacticFallback {
		what += " (the syntactic Go rules checked their files instead: typed analysis was replaced)"
	}
	var err error
	switch {
	case strings.Contains(goErr, "missing go.sum entry"):
		// Downloading would not help: the go command does not use a
		// module whose checksum go.sum lacks (and must not edit go.sum).
		err = fmt.Errorf("go: %s: go.sum lacks a checksum the go command needs for %s (%s): add it as the go command says, or with `go mod tidy`, and commit go.sum; %s", u.name, mod, goErr, what)
	case r.in.Download:
		err = fmt.Errorf("go: %s: %s could not be downloaded (%s); %s", u.name, mod, goErr, what)
	default:
		err = fmt.Errorf("go: %s: %s is not in the module cache (%s), and aaiguard does not download modules unless asked: run `go mod download` before the scan, or pass --go-download (or set AAIGUARD_GO_DOWNLOAD=1) to let the go command fetch it from GOPROXY; %s", u.name, mod, goErr, what)
	}
	if r.in.SyntacticFallback {
		r.res.note("%s", err)
		return
	}
	r.res.fail(err)
}

// blockAll records that the unit's packages could not be loaded at all.
func (r *run) blockAll(u *unit, pkgs []*goPackage, err error) {
	msg := r.rel(err.Error())
	missing := missingModuleRE.MatchString(msg) || r.in.Download && downloadFailedRE.MatchString(msg)
	if missing && !r.in.Download {
		msg += " (run `go mod download` before the scan, or pass --go-download to let the go command fetch modules from GOPROXY)"
	}
	var names []string
	for _, p := range pkgs {
		names = append(names, p.name())
		r.untyped(p)
	}
	e := fmt.Errorf("go: %s could not be loaded: %s; not type-checked: %s", u.name, msg, listShort(names, 5))
	if missing && r.in.SyntacticFallback {
		r.res.note("%s (the syntactic Go rules checked their files instead: typed analysis was replaced)", e)
		return
	}
	r.res.fail(e)
}

// untyped lists the package's files as not type-checked.
func (r *run) untyped(p *goPackage) {
	for _, f := range p.files {
		r.res.Untyped = append(r.res.Untyped, f.File)
	}
}

// analyse runs the analyzers over the loaded packages and records what
// they found. Packages that failed to type-check because they, or a
// dependency outside the standard library, need cgo are noted as not
// analysed; other errors fail the run, naming file and line.
func (r *run) analyse(u *unit, pkgs []*packages.Package, byID map[string]*driver.Listed, roots []*goPackage) {
	cgo := r.cgoBlocked(pkgs, byID)
	if len(cgo) > 0 {
		var names []string
		for _, p := range pkgs {
			if cgo[p.ID] && !slices.Contains(names, p.PkgPath) {
				names = append(names, p.PkgPath)
			}
		}
		slices.Sort(names)
		r.res.note("go: %s: %s use cgo or import packages that do, and were not analysed (aaiguard builds without cgo, so that no C compiler runs on scanned code; the standard library builds without it)", u.name, strings.Join(names, ", "))
		for _, rp := range roots {
			if slices.ContainsFunc(pkgs, func(p *packages.Package) bool { return cgo[p.ID] && byID[p.ID] != nil && byID[p.ID].Dir == rp.abs }) {
				r.untyped(rp)
			}
		}
		pkgs = slices.DeleteFunc(slices.Clone(pkgs), func(p *packages.Package) bool { return cgo[p.ID] })
	}
	loadErrs := driver.LoadErrors(pkgs)
	for i, e := range loadErrs {
		if i == maxLoadErrors {
			r.res.fail(fmt.Errorf("go: %s: %d more package error(s)", u.name, len(loadErrs)-maxLoadErrors))
			break
		}
		r.res.fail(fmt.Errorf("go: %s: %s", u.name, r.rel(e.Error())))
	}
	if len(loadErrs) > 0 {
		r.res.note("go: packages of %s with errors were not analysed; the others were (fix the errors, or run go mod download if modules are missing)", u.name)
	}
	r.progress(Progress{Phase: PhaseAnalysing, Module: u.name, Packages: len(pkgs)})
	analyzers := r.analyzers()
	graph, err := driver.Analyze(append(slices.Clone(analyzers), evidence.Analyzer), pkgs)
	if err != nil {
		r.res.fail(fmt.Errorf("go: %s: %w", u.name, err))
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

// analyzers returns fresh analyzers configured for the scan: test files
// when Tests, and content safety on (the JS/TS/Python code rules judge it
// for every request too: one policy for every language).
func (r *run) analyzers() []*analysis.Analyzer {
	as := suite.New()
	for _, a := range as {
		if f := a.Flags.Lookup("tests"); f != nil && r.in.Tests {
			_ = f.Value.Set("true")
		}
		if f := a.Flags.Lookup("enable"); f != nil {
			_ = f.Value.Set("true")
		}
	}
	return as
}

// cgoBlocked returns the IDs of the packages with errors that need cgo:
// the package itself or one of its dependencies outside the standard
// library has files that import "C", which the build leaves out
// (CGO_ENABLED=0). The standard library builds without cgo (net, os/user
// have pure Go fallbacks), so depending on it never blocks a package.
func (r *run) cgoBlocked(pkgs []*packages.Package, byID map[string]*driver.Listed) map[string]bool {
	usesCgo := map[string]bool{}
	cgoPkg := func(id string) bool {
		if v, ok := usesCgo[id]; ok {
			return v
		}
		l := byID[id]
		v := false
		if l != nil && !l.Standard {
			for _, f := range l.IgnoredGoFiles {
				if importsC(filepath.Join(l.Dir, f)) {
					v = true
					break
				}
			}
		}
		usesCgo[id] = v
		return v
	}
	out := map[string]bool{}
	for _, p := range pkgs {
		if len(p.Errors) == 0 {
			continue
		}
		l := byID[p.ID]
		if l == nil {
			continue
		}
		if cgoPkg(p.ID) || slices.ContainsFunc(l.Deps, cgoPkg) {
			out[p.ID] = true
		}
	}
	return out
}

// importsC reports whether the Go file imports "C" (read bounded).
func importsC(name string) bool {
	b, err := regularfile.Read(name, false, 1<<20)
	return err == nil && bytes.Contains(b, []byte(`import "C"`))
}

// noteIgnoredFiles notes the tree's files that were not analysed because
// the build leaves them out (the go command ignored them for their build
// constraints): those that import "C", and those that mention AssemblyAI
// (a //go:build ignore example, a file for another platform).
func (r *run) noteIgnoredFiles(pkgs []*packages.Package) {
	var cgo, other []string
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.IgnoredFiles {
			if seen[f] || !strings.HasSuffix(f, ".go") || !strings.HasPrefix(f, r.in.Root+string(filepath.Separator)) {
				continue
			}
			seen[f] = true
			switch {
			case importsC(f):
				cgo = append(cgo, r.rel(f))
			case r.relevant[f] != nil:
				other = append(other, r.rel(f))
				r.res.Untyped = append(r.res.Untyped, r.relevant[f].File)
			}
		}
	}
	if len(cgo) > 0 {
		slices.Sort(cgo)
		r.res.note("go: files that import \"C\" were not analysed (aaiguard runs neither cgo nor the C compiler on scanned code): %s", listShort(cgo, 5))
	}
	if len(other) > 0 {
		slices.Sort(other)
		r.res.note("go: files that mention AssemblyAI are excluded by their build constraints (for this platform, or //go:build ignore) and were not analysed: %s", listShort(other, 5))
	}
}

// listShort joins the first n items and counts the rest.
func listShort(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// basePath is an import path without its test variant ("p [p.test]").
func basePath(id string) string {
	if i := strings.Index(id, " ["); i >= 0 {
		return id[:i]
	}
	return id
}

// oneLine joins the go command's message, whose advice ("to add:\n\tgo
// mod download M") is on its following lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}

func joinAbs(root, dir string) string {
	if dir == "." {
		return root
	}
	return filepath.Join(root, filepath.FromSlash(dir))
}
