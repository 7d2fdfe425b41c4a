// Package driver runs the analyzer suite over packages loaded with
// golang.org/x/tools/go/packages: the engine behind `aaiguard vet` and the
// Go stage of `aaiguard check`/`scan`. (go vet -vettool uses
// cmd/aaiguard-vet, a unitchecker, instead.)
package driver

import (
	"context"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// LoadMode loads the matched packages from source with full type
// information, and their dependencies only as types from export data
// (compiled through the build cache, as go vet does). Type-checking every
// dependency from source, which a driver needs to compute facts for them,
// costs several times more (see docs/DESIGN.md, Go analyzers).
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// Load loads the packages matching patterns in dir. env is the complete
// environment of the go command (nil: the process's; see Policy). tests
// includes test files and test packages. It runs List first (see there
// why), then packages.Load.
func Load(ctx context.Context, dir string, env []string, tests bool, patterns ...string) ([]*packages.Package, error) {
	if _, err := List(ctx, dir, env, tests, patterns...); err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("load packages in %s: %w", dir, err)
	}
	// Any other List error (a go.mod go list rejects) comes again, with
	// its message, from packages.Load.
	return LoadListed(ctx, dir, env, tests, patterns...)
}

// LoadListed is Load without List, for a caller that ran List with the
// same arguments (or a superset of the patterns) just before.
func LoadListed(ctx context.Context, dir string, env []string, tests bool, patterns ...string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    LoadMode,
		Dir:     dir,
		Env:     env,
		Tests:   tests,
		Fset:    token.NewFileSet(),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load packages in %s: %w", dir, err)
	}
	return pkgs, nil
}

// LoadErrors returns the errors of the loaded packages (list, parse and
// type errors), each once, in the order found.
func LoadErrors(pkgs []*packages.Package) []packages.Error {
	var out []packages.Error
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			k := e.Pos + "\x00" + e.Msg
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// Analyze runs analyzers over pkgs. Facts flow between the given packages
// only: the imports of each package are pruned to the other given
// packages, so that fact-using analyzers are not also run on every
// dependency (whose syntax was not loaded).
func Analyze(analyzers []*analysis.Analyzer, pkgs []*packages.Package) (*checker.Graph, error) {
	roots := map[*packages.Package]bool{}
	for _, p := range pkgs {
		roots[p] = true
	}
	for _, p := range pkgs {
		for path, imp := range p.Imports {
			if !roots[imp] {
				delete(p.Imports, path)
			}
		}
	}
	var ok []*packages.Package
	for _, p := range pkgs {
		if p.Types != nil && p.TypesInfo != nil {
			ok = append(ok, p)
		}
	}
	return checker.Analyze(analyzers, ok, nil)
}

// Diagnostic is one diagnostic of a root package with its analyzer.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	Package  *packages.Package
	analysis.Diagnostic
	Position token.Position
}

// Diagnostics returns the diagnostics of the graph's root actions for the
// given analyzers (all when nil), each once (a file of a package and of its
// test variant is analysed twice), sorted by position. It also returns the
// analyzers' errors.
func Diagnostics(g *checker.Graph, only []*analysis.Analyzer) ([]Diagnostic, []error) {
	var out []Diagnostic
	var errs []error
	seen := map[string]bool{}
	for _, act := range g.Roots {
		if only != nil && !slices.Contains(only, act.Analyzer) {
			continue
		}
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", act.Package.PkgPath, act.Analyzer.Name, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			k := fmt.Sprintf("%s\x00%s\x00%s", act.Analyzer.Name, posn, d.Message)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Diagnostic{Analyzer: act.Analyzer, Package: act.Package, Diagnostic: d, Position: posn})
		}
	}
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		if c := strings.Compare(a.Position.Filename, b.Position.Filename); c != 0 {
			return c
		}
		if a.Position.Line != b.Position.Line {
			return a.Position.Line - b.Position.Line
		}
		return a.Position.Column - b.Position.Column
	})
	return out, errs
}

// Fset returns the file set of the packages (they share one).
func Fset(pkgs []*packages.Package) *token.FileSet {
	for _, p := range pkgs {
		if p.Fset != nil {
			return p.Fset
		}
	}
	return token.NewFileSet()
}
