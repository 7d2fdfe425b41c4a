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
	// module, a package that needs cgo): a syntactic Go checker can run on
	// them instead.
	Untyped []File
}

func (r *Result) note(format string, a ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, a...))
}

func (r *Result) fail(err error) { r.Errors = append(r.Errors, err) }

// run is one run's state.
type run struct {
	ctx context.Context
	in  Input
	res *Result
}

// Run runs the Go stage.
func Run(ctx context.Context, in Input) *Result {
	if ctx == nil {
		ctx = context.Background()
	}
	r := &run{ctx: ctx, in: in, res: &Result{Evidence: map[string][]string{}}}
	mods := r.modules()
	if len(mods) == 0 {
		return r.res
	}
	if _, err := exec.LookPath("go"); err != nil {
		r.res.note("the Go toolchain (go) is not on PATH: the Go analyzers did not run on %d module(s) (%s)", len(mods), strings.Join(mods, ", "))
		return r.res
	}
	for i, m := range mods {
		r.progress(Progress{Phase: PhaseLoading, Module: m, Done: i, Total: len(mods)})
		r.analyseModule(m)
	}
	return r.res
}

func (r *run) progress(p Progress) {
	if r.in.Progress != nil {
		r.in.Progress(p)
	}
}

func (r *run) allowlisted(path string) bool {
	return r.in.Allowlisted != nil && r.in.Allowlisted(path)
}
