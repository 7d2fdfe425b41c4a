package hardcodedkey

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
	"github.com/aaiguard/aaiguard/analyzers/internal/edit"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item of the analyzer's diagnostics.
const Checklist = catalog.EnvKey

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.High

// Config holds the analyzer's settings.
type Config struct {
	// Env is the environment variable the suggested fix reads.
	Env string
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config { return Config{Env: "ASSEMBLYAI_API_KEY"} }

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:      "hardcodedkey",
		Doc:       analyzerdoc.MustExtract(doc, "hardcodedkey"),
		URL:       "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/hardcodedkey",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		Run:       recovered.Run("hardcodedkey", c.run),
		FactTypes: []analysis.Fact{new(KeySink)},
	}
	a.Flags.StringVar(&c.cfg.Env, "env", cfg.Env, "environment variable the suggested fix reads the key from")
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

// KeySink is the fact exported for a function that forwards some of its
// string parameters (by index) to an SDK key parameter.
type KeySink struct{ Params []int }

func (*KeySink) AFact() {}

func (f *KeySink) String() string { return fmt.Sprintf("keySink%v", f.Params) }

type checker struct{ cfg Config }

// placeholder matches values that stand for a key without being one.
var placeholder = regexp.MustCompile(`(?i)^(<[^>]*>|\$\{?[a-z_]+\}?|\{\{.*\}\}|(your|my)[-_ ]?(assembly[-_ ]?ai[-_ ]?)?(api[-_ ]?)?(key|token).*|x{3,}|\*{3,}|\.{3}|-+|test(ing)?|fake|dummy|example|changeme|placeholder|(api[-_ ]?)?(key|token|secret)|todo|none|null|redacted)$`)

// IsPlaceholder reports whether a constant key value is empty or a
// placeholder rather than a key.
func IsPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || placeholder.MatchString(s)
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ix := resolve.New(pass.Files, pass.TypesInfo)
	local := c.findWrappers(pass, insp, ix)

	talksToAAI := sdk.MentionsHost(pass.Files)
	pend := &pending{byLit: map[token.Pos]*found{}}
	defer pend.report(pass)
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)) {
		file := enclosingFile(cur)
		if file == nil || settings.SkipFile(pass.Fset, file, c.cfg.Tests) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(pass.TypesInfo, n).(*types.Func)
			if !ok {
				continue
			}
			for _, i := range sinkParams(pass, fn, local) {
				if i < len(n.Args) {
					c.checkValue(pass, ix, pend, n.Args[i], "passed to "+describe(fn))
				}
			}
			if talksToAAI && isHeaderMethod(fn) && len(n.Args) == 2 && isAuthorization(ix, n.Args[0]) {
				c.checkValue(pass, ix, pend, n.Args[1], "set as the Authorization header")
			}
		case *ast.AssignStmt:
			if !talksToAAI || len(n.Lhs) != len(n.Rhs) {
				continue
			}
			for i, lhs := range n.Lhs {
				ie, ok := ast.Unparen(lhs).(*ast.IndexExpr)
				if ok && isHeaderType(pass.TypesInfo.TypeOf(ie.X)) && isAuthorization(ix, ie.Index) {
					c.checkHeaderValues(pass, ix, pend, n.Rhs[i])
				}
			}
		case *ast.CompositeLit:
			if !talksToAAI || !isHeaderType(pass.TypesInfo.TypeOf(n)) {
				continue
			}
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok && isAuthorization(ix, kv.Key) {
					c.checkHeaderValues(pass, ix, pend, kv.Value)
				}
			}
		}
	}
	return nil, nil
}

// checkHeaderValues checks the elements of a []string header value.
func (c *checker) checkHeaderValues(pass *analysis.Pass, ix *resolve.Index, pend *pending, e ast.Expr) {
	if cl, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		for _, elt := range cl.Elts {
			c.checkValue(pass, ix, pend, elt, "set as the Authorization header")
		}
	}
}

// checkValue records arg when a non-placeholder constant reaches it. The
// key is reported where it is written, the line to fix: at the literal of
// a named constant's or a variable's declaration in this package, with
// the places it reaches as related information; at the argument when the
// literal is there or in another package.
func (c *checker) checkValue(pass *analysis.Pass, ix *resolve.Index, pend *pending, arg ast.Expr, where string) {
	for _, sv := range ix.Strings(arg) {
		if IsPlaceholder(strings.TrimPrefix(sv.Value, "Bearer ")) {
			continue
		}
		lit := sv.Lit
		if id, ok := ast.Unparen(lit).(*ast.Ident); ok {
			if v := constValue(pass, id); v != nil {
				lit = v
			}
		}
		if !inFiles(pass, lit) || lit.Pos() <= arg.Pos() && arg.End() <= lit.End() {
			lit = arg // the literal is the argument, or elsewhere
		}
		f := pend.byLit[lit.Pos()]
		if f == nil {
			f = &found{lit: lit, where: where}
			if fix, ok := c.fix(pass, sv.Lit); ok {
				f.fix = &fix
			}
			pend.byLit[lit.Pos()] = f
			pend.order = append(pend.order, lit.Pos())
		}
		if lit != arg {
			f.uses = append(f.uses, analysis.RelatedInformation{Pos: arg.Pos(), End: arg.End(), Message: "the key is " + where + " here"})
		}
		f.env = c.cfg.Env
		return // one diagnostic per argument
	}
}

// pending collects the keys found in one pass, by the position of the
// literal that holds them, so that a constant used in several places is
// reported once.
type pending struct {
	byLit map[token.Pos]*found
	order []token.Pos
}

type found struct {
	lit   ast.Expr
	where string // how the first use takes it: "passed to assemblyai.NewClient"
	env   string
	uses  []analysis.RelatedInformation
	fix   *analysis.SuggestedFix
}

func (p *pending) report(pass *analysis.Pass) {
	for _, pos := range p.order {
		f := p.byLit[pos]
		at := ""
		if len(f.uses) > 0 {
			u := pass.Fset.Position(f.uses[0].Pos)
			at = fmt.Sprintf(" (line %d", u.Line)
			if l := pass.Fset.Position(f.lit.Pos()); l.Filename != u.Filename {
				at = fmt.Sprintf(" (%s:%d", filepath.Base(u.Filename), u.Line)
			}
			if len(f.uses) > 1 {
				at += fmt.Sprintf(" and %d more", len(f.uses)-1)
			}
			at += ")"
		}
		d := analysis.Diagnostic{
			Pos: f.lit.Pos(), End: f.lit.End(), Category: Checklist, Related: f.uses,
			Message: fmt.Sprintf("hard-coded AssemblyAI API key %s%s: read it from the environment, e.g. os.Getenv(%q) (%s)", f.where, at, f.env, Checklist),
		}
		if f.fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*f.fix}
		}
		pass.Report(d)
	}
}

// constValue returns the expression a named constant of this package is
// declared with, or nil.
func constValue(pass *analysis.Pass, id *ast.Ident) ast.Expr {
	obj, ok := pass.TypesInfo.Uses[id].(*types.Const)
	if !ok || obj.Pkg() != pass.Pkg {
		return nil
	}
	var out ast.Expr
	for _, file := range pass.Files {
		if !(file.FileStart <= obj.Pos() && obj.Pos() < file.FileEnd) {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || out != nil {
				return out == nil
			}
			for i, name := range vs.Names {
				if pass.TypesInfo.Defs[name] == obj && i < len(vs.Values) {
					out = vs.Values[i]
				}
			}
			return false
		})
	}
	return out
}

// inFiles reports whether e is in a file of this package.
func inFiles(pass *analysis.Pass, e ast.Expr) bool {
	for _, f := range pass.Files {
		if f.FileStart <= e.Pos() && e.End() <= f.FileEnd {
			return true
		}
	}
	return false
}

func (c *checker) fix(pass *analysis.Pass, lit ast.Expr) (analysis.SuggestedFix, bool) {
	if _, ok := ast.Unparen(lit).(*ast.Ident); ok {
		// A named constant: replacing its use would leave the key in the
		// constant's declaration, and a constant cannot hold os.Getenv.
		// The fix is a manual one (delete the constant).
		return analysis.SuggestedFix{}, false
	}
	var file *ast.File
	for _, f := range pass.Files {
		if f.FileStart <= lit.Pos() && lit.End() <= f.FileEnd {
			file = f
		}
	}
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	name, edits, ok := edit.EnsureImport(file, pass.TypesInfo, "os")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	// Strings never returns a position inside a const declaration
	// (constants resolve where they are used), so the replacement is
	// never asked to make a constant non-constant.
	text := sdk.Qualify(name, "Getenv") + "(" + strconv.Quote(c.cfg.Env) + ")"
	edits = append(edits, analysis.TextEdit{Pos: lit.Pos(), End: lit.End(), NewText: []byte(text)})
	return analysis.SuggestedFix{Message: "Read the API key from $" + c.cfg.Env, TextEdits: edits}, true
}

// sinkParams returns the indices of fn's parameters that are API keys.
func sinkParams(pass *analysis.Pass, fn *types.Func, local map[*types.Func][]int) []int {
	if sdk.IsFunc(fn, sdk.KeySinks...) {
		return []int{0}
	}
	if p, ok := local[fn]; ok {
		return p
	}
	if fn.Pkg() != pass.Pkg {
		var f KeySink
		if pass.ImportObjectFact(fn.Origin(), &f) {
			return f.Params
		}
	}
	return nil
}

func describe(fn *types.Func) string {
	if sdk.IsPackage(fn.Pkg()) {
		return "assemblyai." + fn.Name()
	}
	return fn.Name() + " (which passes it to the AssemblyAI SDK)"
}

// findWrappers finds the functions of this package that forward a string
// parameter to a key sink, to a fixed point (wrappers of wrappers), and
// exports a KeySink fact for each.
func (c *checker) findWrappers(pass *analysis.Pass, insp *inspector.Inspector, ix *resolve.Index) map[*types.Func][]int {
	local := map[*types.Func][]int{}
	type decl struct {
		fn   *types.Func
		body *ast.BlockStmt
		sig  *types.Signature
	}
	var decls []decl
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		if fd.Body == nil {
			continue
		}
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
			decls = append(decls, decl{fn, fd.Body, fn.Type().(*types.Signature)})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			ast.Inspect(d.body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				callee, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
				if !ok || callee == d.fn {
					return true
				}
				for _, i := range sinkParams(pass, callee, local) {
					if i >= len(call.Args) {
						continue
					}
					v := ix.VarOf(call.Args[i])
					if v == nil || ix.Var(v) == nil || len(ix.Var(v).Values) > 0 {
						continue // not a parameter, or reassigned
					}
					for j := range d.sig.Params().Len() {
						if d.sig.Params().At(j) == v && !slices.Contains(local[d.fn], j) {
							local[d.fn] = append(local[d.fn], j)
							slices.Sort(local[d.fn])
							changed = true
						}
					}
				}
				return true
			})
		}
	}
	for fn, params := range local {
		pass.ExportObjectFact(fn, &KeySink{Params: params})
	}
	return local
}

func isHeaderType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Header"
}

func isHeaderMethod(fn *types.Func) bool {
	if fn.Name() != "Set" && fn.Name() != "Add" {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Recv() != nil && isHeaderType(sig.Recv().Type())
}

func isAuthorization(ix *resolve.Index, e ast.Expr) bool {
	c := ix.Info().Types[e].Value
	return c != nil && c.Kind() == constant.String && strings.EqualFold(constant.StringVal(c), "Authorization")
}

func enclosingFile(cur inspector.Cursor) *ast.File {
	for c := range cur.Enclosing((*ast.File)(nil)) {
		return c.Node().(*ast.File)
	}
	return nil
}
