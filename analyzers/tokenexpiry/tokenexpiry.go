package tokenexpiry

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/analyzers/transcripts"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item of the analyzer's diagnostics.
const Checklist = catalog.BrowserTokens

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.Medium

// DefaultMax is AssemblyAI's v3 maximum of expires_in_seconds.
const DefaultMax = 600

// Config holds the analyzer's settings.
type Config struct {
	// Max is the longest accepted expiry in seconds.
	Max int
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config { return Config{Max: DefaultMax} }

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     "tokenexpiry",
		Doc:      analyzerdoc.MustExtract(doc, "tokenexpiry"),
		URL:      "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/tokenexpiry",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      recovered.Run("tokenexpiry", c.run),
	}
	a.Flags.IntVar(&c.cfg.Max, "max", cfg.Max, "longest accepted temporary token expiry in seconds")
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

type checker struct{ cfg Config }

var urlParam = regexp.MustCompile(`expires_in_seconds=(\d+)`)

func (c *checker) run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ix := resolve.New(pass.Files, pass.TypesInfo)
	v2Body := mentionsV2TokenPath(insp)
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.BasicLit)(nil), (*ast.CompositeLit)(nil)) {
		var file *ast.File
		for f := range cur.Enclosing((*ast.File)(nil)) {
			file = f.Node().(*ast.File)
		}
		if file == nil || settings.SkipFile(pass.Fset, file, c.cfg.Tests) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			c.checkCall(pass, ix, n)
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				continue
			}
			for _, m := range urlParam.FindAllStringSubmatchIndex(n.Value, -1) {
				v, err := strconv.Atoi(n.Value[m[2]:m[3]])
				if err != nil || v <= c.cfg.Max {
					continue
				}
				start := n.Pos() + token.Pos(m[2])
				c.report(pass, n, n.Value[m[2]:m[3]]+" s", &analysis.TextEdit{Pos: start, End: start + token.Pos(m[3]-m[2]), NewText: []byte(strconv.Itoa(c.cfg.Max))})
			}
		case *ast.CompositeLit:
			c.checkLit(pass, ix, n, v2Body)
		}
	}
	return nil, nil
}

func (c *checker) checkCall(pass *analysis.Pass, ix *resolve.Index, call *ast.CallExpr) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok {
		return
	}
	switch {
	case sdk.IsMethod(fn, "RealTimeService", "CreateTemporaryToken") && len(call.Args) == 2:
		c.checkInt(pass, ix, call.Args[1])
	case isValuesMethod(fn) && len(call.Args) == 2:
		if k, ok := ix.ConstString(call.Args[0]); ok && k == "expires_in_seconds" {
			c.checkString(pass, ix, call.Args[1])
		}
	case fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Sprintf") && len(call.Args) > 1:
		format, ok := ix.ConstString(call.Args[0])
		if !ok {
			return
		}
		i := strings.Index(format, "expires_in_seconds=%")
		if i < 0 {
			return
		}
		arg := 1 + countVerbs(format[:i])
		if arg < len(call.Args) {
			c.checkInt(pass, ix, call.Args[arg])
		}
	}
}

// checkLit checks map literals and structs with an expires_in_seconds key.
func (c *checker) checkLit(pass *analysis.Pass, ix *resolve.Index, lit *ast.CompositeLit, v2Body bool) {
	t := pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		var name string
		switch t.Underlying().(type) {
		case *types.Map:
			name, _ = ix.ConstString(kv.Key)
		case *types.Struct:
			if id, ok := kv.Key.(*ast.Ident); ok {
				if f, ok := pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
					name = transcripts.JSONFieldName(t, f)
				}
			}
		}
		if name == "expires_in_seconds" || name == "expires_in" && v2Body {
			c.checkInt(pass, ix, kv.Value)
		}
	}
}

// checkInt reports e when it is an integer constant above the limit.
func (c *checker) checkInt(pass *analysis.Pass, ix *resolve.Index, e ast.Expr) {
	target := e
	if p := ix.Pointee(e); p != nil {
		target = p
	}
	v := ix.Const(target)
	if v == nil || v.Kind() != constant.Int {
		return
	}
	if constant.Compare(v, token.LEQ, constant.MakeInt64(int64(c.cfg.Max))) {
		return
	}
	// The number as the code writes it (3_600_000_000, 0xE10), or its
	// value with the expression (3600 s (60 * 60)): never reformatted.
	written := v.ExactString() + " s"
	var fix *analysis.TextEdit
	switch x := ast.Unparen(target).(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT {
			written = x.Value + " s"
			fix = &analysis.TextEdit{Pos: x.Pos(), End: x.End(), NewText: []byte(strconv.Itoa(c.cfg.Max))}
		}
	case *ast.BinaryExpr:
		written += " (" + types.ExprString(x) + ")"
	}
	c.report(pass, e, written, fix)
}

// checkString reports a constant numeric string, or strconv.Itoa /
// FormatInt of a constant, above the limit.
func (c *checker) checkString(pass *analysis.Pass, ix *resolve.Index, e ast.Expr) {
	if s, ok := ix.ConstString(e); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > c.cfg.Max {
			c.report(pass, e, strings.TrimSpace(s)+" s", nil)
		}
		return
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return
	}
	if fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "strconv" &&
		(fn.Name() == "Itoa" || fn.Name() == "FormatInt") {
		c.checkInt(pass, ix, call.Args[0])
	}
}

func (c *checker) report(pass *analysis.Pass, at ast.Node, written string, fix *analysis.TextEdit) {
	d := analysis.Diagnostic{
		Pos: at.Pos(), End: at.End(), Category: Checklist,
		Message: fmt.Sprintf("temporary token expires after %s, above the %d s limit: a token copied from the browser stays usable that long (%s)", written, c.cfg.Max, Checklist),
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Expire the token after %d s", c.cfg.Max),
			TextEdits: []analysis.TextEdit{*fix},
		}}
	}
	pass.Report(d)
}

// mentionsV2TokenPath reports whether a string literal of the package names
// the v2 token endpoint, whose JSON body has expires_in: a name too common
// (OAuth responses) to judge anywhere else.
func mentionsV2TokenPath(insp *inspector.Inspector) bool {
	for cur := range insp.Root().Preorder((*ast.BasicLit)(nil)) {
		if lit := cur.Node().(*ast.BasicLit); lit.Kind == token.STRING && strings.Contains(lit.Value, "/v2/realtime/token") {
			return true
		}
	}
	return false
}

func isValuesMethod(fn *types.Func) bool {
	if fn.Name() != "Set" && fn.Name() != "Add" {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return false
	}
	n, ok := types.Unalias(sig.Recv().Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/url" && n.Obj().Name() == "Values"
}

// countVerbs counts the formatting verbs (not %%) in s.
func countVerbs(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}
