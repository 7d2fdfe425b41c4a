package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/scanner/report"
)

const vetUsage = `usage: aaiguard vet [flags] [packages]

Runs aaiguard's Go analyzers on the packages (default ".") and prints their
diagnostics as go vet does: file:line:col: message. Packages are loaded with
the go command under the scan's policy: no cgo or C compiler on the code
(files that import "C" are left out), no toolchain download
(GOTOOLCHAIN=local), no module download (GOPROXY=off; AAIGUARD_GO_DOWNLOAD=1
allows it). -trusted runs the go command in your environment as go vet
would, for code you trust.

Exit codes: 0 no diagnostics (or all fixed with -fix), 1 diagnostics,
2 packages that could not be loaded or a usage error.

Flags:
`

func (a *app) vetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "vet [flags] [packages]",
		Short: "Run the Go analyzers on packages, go vet style (-fix applies suggested fixes, -json)",
		Long: strings.TrimPrefix(vetUsage, "usage: aaiguard vet [flags] [packages]\n\n") +
			"  run aaiguard vet -help for the flags (they are go vet style: -fix, -json, -<analyzer>.<flag>)",
		// go vet style single-dash flags (-fix, -redactpii.policies) are
		// parsed with the flag package below, not by cobra.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runVet(cmd.Context(), args)
		},
	}
}

func (a *app) runVet(ctx context.Context, args []string) error {
	analyzers := suite.New()
	fs := flag.NewFlagSet("aaiguard vet", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fix := fs.Bool("fix", false, "apply the suggested fixes (the first of each diagnostic), then report what remains")
	jsonOut := fs.Bool("json", false, "print diagnostics as JSON, in go vet -json's format")
	tests := fs.Bool("test", true, "also analyse test files and test packages")
	dir := fs.String("C", "", "run in `dir` instead of the current directory")
	trusted := fs.Bool("trusted", false, "the code is trusted: run the go command in your environment (cgo and the C compiler, toolchain and module downloads), as go vet does")
	enable := map[string]*bool{}
	for _, an := range analyzers {
		enable[an.Name] = fs.Bool(an.Name, false, "run only the analyzers given this way: "+firstLine(an.Doc))
		an.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, an.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprint(a.stderr, vetUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitErr{code: exitError} // the flag package printed the error
	}
	// -name=true selects analyzers; -name=false deselects them; -contentsafety
	// also turns contentsafety on (it is off by default).
	var only, skip []string
	fs.Visit(func(f *flag.Flag) {
		if p, ok := enable[f.Name]; ok {
			if *p {
				only = append(only, f.Name)
			} else {
				skip = append(skip, f.Name)
			}
		}
	})
	var run []*analysis.Analyzer
	for _, an := range analyzers {
		if len(only) > 0 && !slices.Contains(only, an.Name) || slices.Contains(skip, an.Name) {
			continue
		}
		if slices.Contains(only, an.Name) {
			if f := an.Flags.Lookup("enable"); f != nil {
				_ = f.Value.Set("true")
			}
		}
		run = append(run, an)
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return &exitErr{code: exitError, err: err}
	}
	if *dir != "" {
		cwd, err = filepath.Abs(*dir)
		if err != nil {
			return &exitErr{code: exitError, err: err}
		}
	}
	policy := driver.Policy{Trusted: *trusted, Download: os.Getenv("AAIGUARD_GO_DOWNLOAD") == "1"}
	pkgs, err := driver.Load(ctx, cwd, policy.Env(nil), *tests, patterns...)
	if err != nil {
		return &exitErr{code: exitError, err: err}
	}
	loadErrs := driver.LoadErrors(pkgs)
	for _, e := range loadErrs {
		fmt.Fprintf(a.stderr, "aaiguard vet: %s\n", report.Sanitize(relPos(cwd, e.Error())))
	}
	graph, err := driver.Analyze(run, pkgs)
	if err != nil {
		return &exitErr{code: exitError, err: err}
	}
	diags, runErrs := driver.Diagnostics(graph, run)
	for _, e := range runErrs {
		// Packages with load errors are skipped by the analyzers; their
		// errors were printed above.
		if len(loadErrs) == 0 {
			fmt.Fprintf(a.stderr, "aaiguard vet: %s\n", report.Sanitize(e.Error()))
		}
	}
	remaining := len(diags)
	if *fix {
		var ds []analysis.Diagnostic
		for _, d := range diags {
			ds = append(ds, d.Diagnostic)
		}
		res, err := driver.ComputeFixes(driver.Fset(pkgs), ds, os.ReadFile)
		if err != nil {
			return &exitErr{code: exitError, err: err}
		}
		if err := driver.WriteFiles(res.Files); err != nil {
			return &exitErr{code: exitError, err: err}
		}
		remaining -= res.Applied
		fmt.Fprintf(a.stderr, "aaiguard vet: applied %d fix(es) in %d file(s)", res.Applied, len(res.Files))
		if res.Conflicts > 0 {
			fmt.Fprintf(a.stderr, "; %d conflicting fix(es) left out, run again", res.Conflicts)
		}
		fmt.Fprintln(a.stderr)
	}
	if *jsonOut {
		if err := graph.PrintJSON(a.stdout); err != nil {
			return &exitErr{code: exitError, err: err}
		}
	} else {
		for _, d := range diags {
			if *fix && len(d.SuggestedFixes) > 0 {
				continue // fixed
			}
			// File names and messages (which quote code) go to a
			// terminal: escape what it would act on.
			fmt.Fprintf(a.stdout, "%s: %s\n", report.Sanitize(relPos(cwd, d.Position.String())), report.Sanitize(d.Message))
		}
	}
	switch {
	case len(loadErrs) > 0 || len(runErrs) > 0:
		return &exitErr{code: exitError, err: fmt.Errorf("vet did not complete: %d package error(s)", len(loadErrs)+len(runErrs))}
	case remaining > 0:
		return &exitErr{code: exitFindings}
	}
	return nil
}

// relPos shortens an absolute "file:line:col" position to a path relative
// to dir when the file is inside it.
func relPos(dir, pos string) string {
	if !filepath.IsAbs(pos) {
		return pos
	}
	if rel, err := filepath.Rel(dir, pos); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return pos
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
