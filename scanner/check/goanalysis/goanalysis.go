// Package goanalysis is the Go stage of `aaiguard check` and `scan`: it
// runs aaiguard's go/analysis passes (analyzers/suite) over the Go modules
// of a scanned tree and turns their diagnostics into findings, checklist
// evidence and AssemblyAI usage.
//
// The package keeps no state between runs: everything a run needs is in
// its [Input], everything it found is in its [Result].
package goanalysis

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// File is one file of the scanned tree.
type File struct {
	Path string // slash-separated, relative to the scanned root
	Abs  string // absolute path
}

// Input is what one run of the stage needs.
type Input struct {
	// Root is the absolute path of the scanned root.
	Root string
	// Files are the work tree's files (all of them: go.mod and go.work
	// files are found among them, as well as the Go sources).
	Files []File
	// Allowlisted reports whether findings and evidence in a path
	// (slash-separated, relative to Root) are dropped: the configuration's
	// global path allowlists. nil: nothing is.
	Allowlisted func(path string) bool
	// Tests also analyses test files (_test.go, and files in test
	// directories: see internal/testpath).
	Tests bool
	// Download lets the go command fetch missing modules from the
	// configured GOPROXY (--go-download). Off, the go command runs with
	// GOPROXY=off and never uses the network.
	Download bool
	// Env is the environment the go command's environment is derived
	// from (nil: the process's). Tests use it to point the go command at a
	// module cache they built.
	Env []string
	// Progress, when set, is told what the stage is doing.
	Progress func(Progress)
	// SyntacticFallback says that the caller runs syntactic Go rules on
	// Result.Untyped (the hook for scanner/check/coderules' Go rules, which
	// have not landed): a package that cannot be type-checked because a
	// module is missing is then a note saying that syntactic rules replaced
	// the typed analysis. Off, it is an error (the scan is incomplete,
	// exit 2), since nothing else would judge its code.
	SyntacticFallback bool
}

// Phase names what the stage is doing.
type Phase string

const (
	PhaseSelecting Phase = "selecting" // finding the packages that mention AssemblyAI
	PhaseLoading   Phase = "loading"   // the go command lists and compiles
	PhaseAnalysing Phase = "analysing" // the analyzers run
)

// Progress says what the stage is doing.
type Progress struct {
	Phase Phase
	// Module is the directory of the module (or go.work) being worked on,
	// relative to the root ("." for the root).
	Module string
	// Packages is the number of packages being loaded or analysed.
	Packages int
	// Done and Total count modules.
	Done, Total int
}

// Result is what one run found.
type Result struct {
	Findings []finding.Finding
	// Evidence is positive checklist evidence by checklist id,
	// "path:line: what".
	Evidence map[string][]string
	// Usage lists where AssemblyAI is used, "path:line: what".
	Usage []string
	// Notes say what was not analysed and why.
	Notes []string
	// Errors make the scan incomplete (exit 2); each names its module or
	// file.
	Errors []error
	// Untyped lists the Go files that could not be type-checked (a missing
	// module, a package that needs cgo, no go command, no go.mod): a
	// syntactic Go checker can run on them instead.
	Untyped []File
	// TypeChecked lists the directories (relative to the root) of the
	// packages handed to the type checker, in order; the others were
	// skipped (they do not mention AssemblyAI) or are in Untyped.
	TypeChecked []string
}

func (r *Result) note(format string, a ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, a...))
}

func (r *Result) fail(err error) { r.Errors = append(r.Errors, err) }

// run is one run's state.
type run struct {
	ctx      context.Context
	in       Input
	res      *Result
	noted    map[string]bool
	usage    map[string]bool    // usage lines recorded
	relevant map[string]*goFile // by absolute path: the files that mention AssemblyAI
}

// Run runs the Go stage:
//
//  1. select: read the tree's Go files (not test files unless Tests) once
//     and keep the packages whose code mentions AssemblyAI (an SDK import,
//     an AssemblyAI host, key variable or REST field, see mentions) and
//     the packages of the tree that import those, transitively. A tree
//     with none runs no go command at all.
//  2. load: per module (or go.work), go list and compile exactly the
//     selected packages' dependencies (driver.List, in a process group
//     killed when ctx is done), then type-check the selected packages;
//     those that need a module missing from the module cache are not
//     type-checked (an error naming the module and the fix; their files
//     are in Result.Untyped), nor those that need cgo (a note).
//  3. analyse: run the suite's analyzers and turn their diagnostics into
//     findings, evidence and usage.
func Run(ctx context.Context, in Input) *Result {
	if ctx == nil {
		ctx = context.Background()
	}
	r := &run{ctx: ctx, in: in, res: &Result{Evidence: map[string][]string{}}, noted: map[string]bool{}, usage: map[string]bool{}}
	r.progress(Progress{Phase: PhaseSelecting})
	mods := r.modules()
	files := r.goFiles()
	if ctx.Err() != nil {
		r.res.fail(fmt.Errorf("go: interrupted: %w", ctx.Err()))
		return r.res
	}
	r.relevant = map[string]*goFile{}
	for _, f := range files {
		if f.relevant {
			r.relevant[f.Abs] = f
		}
	}
	pkgs, loose := r.packages(mods, files)
	r.syntacticUsage(files)
	r.looseFiles(loose)
	selected := selectPackages(pkgs)
	if skipped := len(pkgs) - len(selected); skipped > 0 {
		if len(selected) == 0 {
			r.res.note("go: no Go package mentions AssemblyAI (an SDK import, API host or key variable): none of the %d was type-checked", len(pkgs))
		} else {
			r.res.note("go: %d of %d Go packages mention AssemblyAI or import a package that does: only those were type-checked (%d skipped)", len(selected), len(pkgs), skipped)
		}
	}
	if len(selected) == 0 {
		return r.res
	}
	var used []*goModule
	for _, m := range mods {
		if slices.ContainsFunc(selected, func(p *goPackage) bool { return p.mod == m }) {
			used = append(used, m)
		}
	}
	if _, err := exec.LookPath("go"); err != nil {
		dirs := make([]string, len(used))
		for i, m := range used {
			dirs[i] = m.dir
		}
		r.res.note("the Go toolchain (go) is not on PATH: the Go analyzers did not run on %d module(s) (%s)", len(used), strings.Join(dirs, ", "))
		for _, p := range selected {
			r.untyped(p)
		}
		return r.res
	}
	units := r.units(used)
	for i, u := range units {
		var roots []*goPackage
		for _, p := range selected {
			if slices.Contains(u.mods, p.mod) {
				roots = append(roots, p)
			}
		}
		r.progress(Progress{Phase: PhaseLoading, Module: u.name, Packages: len(roots), Done: i, Total: len(units)})
		r.loadUnit(u, roots)
		if ctx.Err() != nil {
			break
		}
	}
	return r.res
}

// syntacticUsage records the files that import the SDK as AssemblyAI
// usage, from selection's reading: a package that cannot be type-checked
// still uses AssemblyAI. (The evidence analyzer reports the same lines for
// the packages it sees; each is recorded once.)
func (r *run) syntacticUsage(files []*goFile) {
	for _, f := range files {
		for _, line := range f.sdkLines {
			r.addUsage(fmt.Sprintf("%s:%d: imports %s", f.Path, line, SDKPath), f.Path)
		}
	}
}

func (r *run) addUsage(line, file string) {
	if r.allowlisted(file) || r.usage[line] {
		return
	}
	r.usage[line] = true
	r.res.Usage = append(r.res.Usage, line)
}

// looseFiles notes the Go files outside every module that mention
// AssemblyAI: the go command cannot load them as packages.
func (r *run) looseFiles(loose []*goFile) {
	var names []string
	for _, f := range loose {
		if f.relevant && !f.tooLarge {
			names = append(names, f.Path)
			r.res.Untyped = append(r.res.Untyped, f.File)
		}
	}
	// With a syntactic fallback the caller notes what its rules judged
	// instead; one note per file set is enough.
	if len(names) > 0 && !r.in.SyntacticFallback {
		r.res.note("go: %s mention AssemblyAI but belong to no Go module (no go.mod): not type-checked", listShort(names, 5))
	}
}

func (r *run) progress(p Progress) {
	if r.in.Progress != nil {
		r.in.Progress(p)
	}
}

func (r *run) allowlisted(path string) bool {
	return r.in.Allowlisted != nil && r.in.Allowlisted(path)
}
