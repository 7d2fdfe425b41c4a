package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/evidence"
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// maxLoadErrors caps the package errors listed per module; the rest are
// counted.
const maxLoadErrors = 10

// goStage runs the Go analyzers on every Go module under the scanned root.
func runGoAnalyzers(r *Run) error {
	mods := goModules(r)
	if len(mods) == 0 {
		return nil
	}
	if _, err := exec.LookPath("go"); err != nil {
		r.note("the Go toolchain (go) is not on PATH: the Go analyzers did not run on %d module(s) (%s)", len(mods), strings.Join(mods, ", "))
		return nil
	}
	for _, m := range mods {
		analyseModule(r, m)
	}
	return nil
}

// goModules lists the directories (relative to the scanned root, "." for
// the root or for a root inside a module) that hold a go.mod, skipping what the go command skips in
// ./... (testdata, vendor, directories starting with . or _): this
// repository's own analyzers/testdata holds deliberately bad code.
func goModules(r *Run) []string {
	var out []string
	for _, f := range r.tree.Files {
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
	if len(out) == 0 && insideModule(r.tree.Root) {
		// The scanned root is a directory inside a module: its packages
		// are analysed with the enclosing module.
		out = []string{"."}
	}
	return out
}

// insideModule reports whether a parent directory of dir holds a go.mod
// (dir itself has none, or goModules would have found it).
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

// goEnv is the go command's environment for a scan: aaiguard never uses
// the network (GOPROXY=off: a module missing from the cache is a load
// error), never downloads a toolchain, never edits go.mod (a -mod=mod
// in GOFLAGS is dropped), and never runs the C compiler on the scanned
// code (CGO_ENABLED=0): loading a cgo package runs cgo and gcc on it, and
// a file holding #include "/dev/zero" kept that going forever. Files that
// import "C" are therefore not analysed; a note says which.
func goEnv() []string {
	var flags []string
	for _, f := range strings.FieldsFunc(os.Getenv("GOFLAGS"), unicode.IsSpace) {
		if f != "-mod=mod" {
			flags = append(flags, f)
		}
	}
	return append(os.Environ(), "GOPROXY=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOFLAGS="+strings.Join(flags, " "))
}

func analyseModule(r *Run, mod string) {
	dir := filepath.Join(r.tree.Root, filepath.FromSlash(mod))
	pkgs, err := driver.Load(r.ctx, dir, goEnv(), true, "./...")
	if err != nil {
		r.fail(fmt.Errorf("go: module %s could not be loaded: %w", mod, err))
		return
	}
	noteCgoFiles(r, mod, pkgs)
	loadErrs := driver.LoadErrors(pkgs)
	if len(loadErrs) > 0 {
		var blocked map[string]bool
		loadErrs, blocked = cgoBlocked(r, mod, dir, pkgs, loadErrs)
		pkgs = slices.DeleteFunc(pkgs, func(p *packages.Package) bool { return blocked[p.PkgPath] })
	}
	for i, e := range loadErrs {
		if i == maxLoadErrors {
			r.fail(fmt.Errorf("go: module %s: %d more package error(s)", mod, len(loadErrs)-maxLoadErrors))
			break
		}
		r.fail(fmt.Errorf("go: module %s: %s", mod, r.goRel(e.Error())))
	}
	if len(loadErrs) > 0 {
		r.note("go: packages of module %s with errors were not analysed; the others were (fix the errors, or run go mod download if modules are missing)", mod)
	}
	analyzers := suite.New()
	graph, err := driver.Analyze(append(slices.Clone(analyzers), evidence.Analyzer), pkgs)
	if err != nil {
		r.fail(fmt.Errorf("go: module %s: %w", mod, err))
		return
	}
	diags, runErrs := driver.Diagnostics(graph, analyzers)
	if len(loadErrs) == 0 {
		for _, e := range runErrs {
			r.fail(fmt.Errorf("go: %w", e))
		}
	}
	src := sourceCache{}
	for _, d := range diags {
		if f, ok := r.goFinding(d, src); ok {
			r.add(f)
		}
	}
	r.goEvidence(graph, driver.Fset(pkgs))
}

// goFinding converts a diagnostic into a finding; allowlisted paths and
// lines marked aaiguard:allow are dropped.
func (r *Run) goFinding(d driver.Diagnostic, src sourceCache) (finding.Finding, bool) {
	rule, ok := suite.ByName(d.Analyzer.Name)
	if !ok {
		return finding.Finding{}, false
	}
	file := r.goRel(d.Position.Filename)
	if r.engine.PathAllowed(file) {
		return finding.Finding{}, false
	}
	content := src.read(d.Position.Filename)
	if line := lineOf(content, d.Position.Line); strings.Contains(line, detect.AllowMarker) {
		return finding.Finding{}, false
	}
	f := finding.Finding{
		Rule: rule.ID, Checklist: rule.Checklist, Severity: rule.Severity,
		Message: d.Message, File: file, Line: d.Position.Line, Column: runeColumn(content, d.Position),
		Source: finding.SourceGo,
	}
	fset := d.Package.Fset
	end := d.Position
	if d.End.IsValid() {
		end = fset.Position(d.End)
		f.EndLine, f.EndColumn = end.Line, runeColumn(content, end)
	}
	for _, rel := range d.Related {
		if p := fset.Position(rel.Pos); p.IsValid() {
			f.Also = append(f.Also, finding.Location{File: r.goRel(p.Filename), Line: p.Line, Note: rel.Message})
		}
	}
	// A code finding has no secret: the fingerprint comes from the
	// diagnosed source text, as for the JS/TS/Python code rules.
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, evidenceText(content, d.Position.Offset, end.Offset))
	return f, true
}

// runeColumn converts go/token's byte column to the Unicode code point
// column every other source reports (and SARIF declares).
func runeColumn(content []byte, p token.Position) int {
	start := p.Offset - (p.Column - 1)
	if p.Column < 1 || start < 0 || p.Offset > len(content) {
		return p.Column
	}
	return utf8.RuneCount(content[start:p.Offset]) + 1
}

// evidenceText is the diagnosed source text without whitespace, so that
// moving or reformatting the code keeps the fingerprint.
func evidenceText(content []byte, start, end int) string {
	if start < 0 || end > len(content) || end < start {
		return ""
	}
	if end-start > 4096 {
		end = start + 4096
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(content[start:end]))
}

// goEvidence records the evidence analyzer's results: checklist evidence
// and AssemblyAI usage, "path:line: what", each once (a package and its
// test variant are both analysed).
func (r *Run) goEvidence(graph *checker.Graph, fset *token.FileSet) {
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		res, ok := act.Result.(*evidence.Result)
		if act.Analyzer != evidence.Analyzer || !ok {
			continue
		}
		for _, it := range append(slices.Clone(res.Evidence), res.Usage...) {
			p := fset.Position(it.Pos)
			file := r.goRel(p.Filename)
			if r.engine.PathAllowed(file) {
				continue
			}
			line := fmt.Sprintf("%s:%d: %s", file, p.Line, it.What)
			if seen[it.Checklist+"\x00"+line] {
				continue
			}
			seen[it.Checklist+"\x00"+line] = true
			if it.Checklist == "" {
				r.usage = append(r.usage, line)
			} else {
				r.evidence[it.Checklist] = append(r.evidence[it.Checklist], line)
			}
		}
	}
}

// goRel turns an absolute path (or a "path:line:col: msg" error text that
// starts with one) into a slash path relative to the scanned root.
func (r *Run) goRel(p string) string {
	root := r.tree.Root + string(filepath.Separator)
	if strings.HasPrefix(p, root) {
		return filepath.ToSlash(strings.TrimPrefix(p, root))
	}
	return filepath.ToSlash(p)
}

// sourceCache reads each source file once.
type sourceCache map[string][]byte

func (c sourceCache) read(name string) []byte {
	if b, ok := c[name]; ok {
		return b
	}
	b, _ := os.ReadFile(name) // unreadable: no evidence text, no allow marker
	c[name] = b
	return b
}

// lineOf returns the 1-based line n of content.
func lineOf(content []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(content, '\n')
		if j < 0 {
			return ""
		}
		content = content[j+1:]
	}
	if j := bytes.IndexByte(content, '\n'); j >= 0 {
		content = content[:j]
	}
	return string(content)
}

// noteCgoFiles notes the files of module mod that were not analysed
// because they import "C" (goEnv disables cgo). They are among the files
// the go command ignored for their build constraints, or, for a module
// whose packages are all cgo, among its Go files when nothing loaded.
func noteCgoFiles(r *Run, mod string, pkgs []*packages.Package) {
	var candidates []string
	for _, p := range pkgs {
		candidates = append(candidates, p.IgnoredFiles...)
	}
	if len(pkgs) == 0 {
		prefix := mod + "/"
		for _, f := range r.tree.Files {
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
		if b, err := regularfile.Read(f, false, 1<<20); err == nil && bytes.Contains(b, []byte(`import "C"`)) {
			cgo = append(cgo, r.goRel(f))
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
	r.note("go: files that import \"C\" were not analysed (aaiguard runs neither cgo nor the C compiler on scanned code): %s%s", strings.Join(cgo, ", "), more)
}

// cgoBlocked separates the load errors that come from building without
// cgo (goEnv): a package that uses cgo, or imports one that does, cannot be
// type-checked when cgo files are left out ("undefined: dep.F"). Those
// packages are noted as not analysed, like a missing Go toolchain, rather
// than failing the run; the other errors are returned. Which packages use
// cgo comes from go list without -compiled or -export, which reads file
// headers and runs neither cgo nor a compiler.
func cgoBlocked(r *Run, mod, dir string, pkgs []*packages.Package, errs []packages.Error) ([]packages.Error, map[string]bool) {
	env := append(goEnv(), "CGO_ENABLED=1") // later entries win
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
		r.note("go: module %s: %s use cgo or import packages that do, and were not analysed (aaiguard builds without cgo, so that no C compiler runs on scanned code)", mod, strings.Join(names, ", "))
	}
	return kept, skip
}
