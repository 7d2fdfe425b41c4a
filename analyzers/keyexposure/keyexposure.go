package keyexposure

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/token"
	"go/types"
	"regexp"
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
	"github.com/aaiguard/aaiguard/internal/keyname"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item of the analyzer's diagnostics.
const Checklist = catalog.BrowserTokens

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.High

// Config holds the analyzer's settings.
type Config struct {
	// Env matches the names of environment variables that hold the key;
	// empty means AssemblyAI key names as every aaiguard check knows them
	// (internal/keyname).
	Env string
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config { return Config{} }

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:      "keyexposure",
		Doc:       analyzerdoc.MustExtract(doc, "keyexposure"),
		URL:       "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/keyexposure",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		Run:       recovered.Run("keyexposure", c.run),
		FactTypes: []analysis.Fact{new(KeyHolder)},
	}
	a.Flags.StringVar(&c.cfg.Env, "env", cfg.Env, "regular expression matching the environment variables that hold the API key (default: AssemblyAI key names such as ASSEMBLYAI_API_KEY, AAI_KEY)")
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

// KeyHolder is the fact exported for a function that returns the API key,
// and for a package-level variable or struct field that holds it.
type KeyHolder struct{}

func (*KeyHolder) AFact() {}

func (*KeyHolder) String() string { return "keyHolder" }

type checker struct{ cfg Config }

type pass struct {
	*analysis.Pass
	env     func(string) bool // names of env variables holding the key
	ix      *resolve.Index
	holders map[types.Object]bool
	rw      *types.Interface // net/http.ResponseWriter, nil when not imported
}

func (c *checker) run(ap *analysis.Pass) (any, error) {
	env := keyname.Is
	if c.cfg.Env != "" {
		re, err := regexp.Compile(c.cfg.Env)
		if err != nil {
			return nil, fmt.Errorf("-keyexposure.env: %w", err)
		}
		env = re.MatchString
	}
	insp := ap.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	p := &pass{Pass: ap, env: env, ix: resolve.New(ap.Files, ap.TypesInfo), holders: map[types.Object]bool{}, rw: responseWriter(ap.Pkg)}
	p.propagate(insp)
	// Export what other packages can reach: package-level variables and
	// functions, methods, and fields of package-level struct types.
	fields := packageFields(ap.Pkg)
	for obj := range p.holders {
		if obj.Pkg() == ap.Pkg && obj.Exported() && (obj.Parent() == ap.Pkg.Scope() || fields[obj] || isFunc(obj)) {
			ap.ExportObjectFact(obj, &KeyHolder{})
		}
	}
	browser := importsSyscallJS(ap.Pkg)
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		var file *ast.File
		for f := range cur.Enclosing((*ast.File)(nil)) {
			file = f.Node().(*ast.File)
		}
		if file == nil || settings.SkipFile(ap.Fset, file, c.cfg.Tests) {
			continue
		}
		call := cur.Node().(*ast.CallExpr)
		if browser || buildsForBrowser(ap, file) {
			if fn, ok := typeutil.Callee(ap.TypesInfo, call).(*types.Func); ok && sdk.IsFunc(fn, sdk.KeySinks...) {
				ap.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: Checklist,
					Message: fmt.Sprintf("assemblyai.%s in code built for the browser (js/wasm) ships the API key to every visitor: mint a temporary token on the server and use WithRealTimeAuthToken (%s)", fn.Name(), Checklist),
				})
				continue
			}
		}
		p.checkSink(call)
	}
	return nil, nil
}

// propagate finds what holds the key, to a fixed point: variables and
// fields assigned a key, and functions returning one.
func (p *pass) propagate(insp *inspector.Inspector) {
	type flow struct {
		to   types.Object
		from ast.Expr
	}
	var flows []flow
	info := p.TypesInfo
	for cur := range insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CompositeLit)(nil), (*ast.ReturnStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if obj := target(info, l); obj != nil {
						flows = append(flows, flow{obj, n.Rhs[i]})
					}
				}
			} else if len(n.Rhs) == 1 && len(n.Lhs) == 2 {
				// key, ok := os.LookupEnv(…)
				if obj := target(info, n.Lhs[0]); obj != nil {
					flows = append(flows, flow{obj, n.Rhs[0]})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				obj := info.Defs[name]
				if obj == nil {
					continue
				}
				if len(n.Values) == len(n.Names) {
					flows = append(flows, flow{obj, n.Values[i]})
				} else if len(n.Values) == 1 && i == 0 {
					flows = append(flows, flow{obj, n.Values[0]})
				}
			}
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.ObjectOf(id).(*types.Var); ok && f.IsField() {
							flows = append(flows, flow{f, kv.Value})
						}
					}
				}
			}
		case *ast.ReturnStmt:
			var fn types.Object
			for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				if fd, ok := c.Node().(*ast.FuncDecl); ok {
					fn = info.Defs[fd.Name]
				}
				break
			}
			if fn != nil && len(n.Results) >= 1 {
				flows = append(flows, flow{fn, n.Results[0]})
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range flows {
			if !p.holders[f.to] && p.isKey(f.from) {
				p.holders[f.to] = true
				changed = true
			}
		}
	}
}

func target(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// isKey reports whether e is the API key itself.
func (p *pass) isKey(e ast.Expr) bool {
	info := p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, e).(*types.Func)
		if !ok {
			return false
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == "os" && (fn.Name() == "Getenv" || fn.Name() == "LookupEnv") && len(e.Args) == 1 {
			name, ok := p.ix.ConstString(e.Args[0])
			return ok && p.env(name)
		}
		return p.holds(fn)
	case *ast.Ident:
		obj := info.ObjectOf(e)
		return obj != nil && (p.holds(obj) || isVar(obj) && keyname.Is(obj.Name()))
	case *ast.SelectorExpr:
		obj := info.ObjectOf(e.Sel)
		return obj != nil && (p.holds(obj) || isVar(obj) && keyname.Is(obj.Name()))
	case *ast.StarExpr:
		return p.isKey(e.X)
	}
	return false
}

func (p *pass) holds(obj types.Object) bool {
	if p.holders[obj] {
		return true
	}
	if obj.Pkg() != nil && obj.Pkg() != p.Pkg {
		if f, ok := obj.(*types.Func); ok {
			obj = f.Origin()
		}
		return p.ImportObjectFact(obj, new(KeyHolder))
	}
	return false
}

// containsKey reports whether the value of e carries the key: the key, a
// conversion or concatenation of it, a Sprint of it, a composite literal
// with it, or a variable whose only value is one of those.
func (p *pass) containsKey(e ast.Expr, depth int) bool {
	if e == nil || depth > 5 {
		return false
	}
	if p.isKey(e) {
		return true
	}
	info := p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		// Only concatenation carries the key; key != "" does not.
		return e.Op == token.ADD && (p.containsKey(e.X, depth+1) || p.containsKey(e.Y, depth+1))
	case *ast.UnaryExpr:
		return p.containsKey(e.X, depth+1)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if p.containsKey(elt, depth+1) {
				return true
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return p.containsKey(e.Args[0], depth+1) // []byte(key), string(key)
		}
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Sprint") {
			for _, a := range e.Args {
				if p.containsKey(a, depth+1) {
					return true
				}
			}
		}
	case *ast.Ident:
		if v := p.ix.VarOf(e); v != nil {
			if s := p.ix.Var(v).Single(); s != nil {
				return p.containsKey(s, depth+1)
			}
		}
	}
	return false
}

// checkSink reports a call that writes the key to an HTTP response.
func (p *pass) checkSink(call *ast.CallExpr) {
	if p.rw == nil {
		return
	}
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	if !ok {
		return
	}
	sig := fn.Type().(*types.Signature)
	var data []ast.Expr
	var what string
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	switch {
	case sig.Recv() != nil && fn.Name() == "Write" && p.isWriter(recvExpr(call)):
		data, what = call.Args, "ResponseWriter.Write"
	case pkg == "fmt" && strings.HasPrefix(fn.Name(), "Fprint") && len(call.Args) > 1 && p.isWriter(call.Args[0]):
		data, what = call.Args[1:], "fmt."+fn.Name()
	case pkg == "io" && fn.Name() == "WriteString" && len(call.Args) == 2 && p.isWriter(call.Args[0]):
		data, what = call.Args[1:], "io.WriteString"
	case pkg == "encoding/json" && fn.Name() == "Encode" && p.encoderOnWriter(recvExpr(call)):
		data, what = call.Args, "json.Encoder.Encode"
	case (pkg == "html/template" || pkg == "text/template") && (fn.Name() == "Execute" || fn.Name() == "ExecuteTemplate") && len(call.Args) >= 2 && p.isWriter(call.Args[0]):
		data, what = call.Args[len(call.Args)-1:], "template."+fn.Name()
	case pkg == "net/http" && fn.Name() == "SetCookie" && len(call.Args) == 2:
		data, what = call.Args[1:], "http.SetCookie"
	case pkg == "net/http" && (fn.Name() == "Set" || fn.Name() == "Add") && sig.Recv() != nil && p.isResponseHeader(recvExpr(call)) && len(call.Args) == 2:
		data, what = call.Args[1:], "the response header"
	default:
		return
	}
	for _, d := range data {
		if p.containsKey(d, 0) {
			p.Report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(), Category: Checklist,
				Message: fmt.Sprintf("AssemblyAI API key written to an HTTP response (%s): anyone who loads it can use the key; mint a temporary token on the server (RealTime.CreateTemporaryToken, or GET https://streaming.assemblyai.com/v3/token) and send only that (%s)", what, Checklist),
			})
			return
		}
	}
}

func recvExpr(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// isWriter reports whether e's static type implements http.ResponseWriter.
func (p *pass) isWriter(e ast.Expr) bool {
	if e == nil {
		return false
	}
	t := p.TypesInfo.TypeOf(e)
	return t != nil && types.Implements(t, p.rw)
}

// encoderOnWriter reports whether e is json.NewEncoder(w) for a response
// writer w, directly or through a variable.
func (p *pass) encoderOnWriter(e ast.Expr) bool {
	if e == nil {
		return false
	}
	if v := p.ix.VarOf(e); v != nil {
		e = p.ix.Var(v).Only()
		if e == nil {
			return false
		}
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "encoding/json" && fn.Name() == "NewEncoder" && p.isWriter(call.Args[0])
}

// isResponseHeader reports whether e is w.Header() of a response writer.
func (p *pass) isResponseHeader(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Header" && p.isWriter(sel.X)
}

// responseWriter finds net/http.ResponseWriter among the imports of pkg.
func responseWriter(pkg *types.Package) *types.Interface {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "net/http" {
			if obj := imp.Scope().Lookup("ResponseWriter"); obj != nil {
				if it, ok := obj.Type().Underlying().(*types.Interface); ok {
					return it
				}
			}
		}
	}
	return nil
}

func importsSyscallJS(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "syscall/js" {
			return true
		}
	}
	return false
}

// buildsForBrowser reports whether file is built only for js or wasm: by
// its name (_js.go, _wasm.go) or a //go:build line that needs js or wasm.
func buildsForBrowser(pass *analysis.Pass, file *ast.File) bool {
	name := pass.Fset.File(file.Pos()).Name()
	base := strings.TrimSuffix(name[strings.LastIndexAny(name, `/\`)+1:], ".go")
	base = strings.TrimSuffix(base, "_test")
	if strings.HasSuffix(base, "_js") || strings.HasSuffix(base, "_wasm") {
		return true
	}
	for _, cg := range file.Comments {
		if cg.Pos() > file.Package {
			break
		}
		for _, c := range cg.List {
			if !constraint.IsGoBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				continue
			}
			withBrowser := expr.Eval(func(string) bool { return true })
			without := expr.Eval(func(tag string) bool { return tag != "js" && tag != "wasm" })
			if withBrowser && !without {
				return true
			}
		}
	}
	return false
}

func isVar(obj types.Object) bool { _, ok := obj.(*types.Var); return ok }

// packageFields returns the fields of the package-level struct types.
func packageFields(pkg *types.Package) map[types.Object]bool {
	out := map[types.Object]bool{}
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				out[st.Field(i)] = true
			}
		}
	}
	return out
}

func isFunc(obj types.Object) bool { _, ok := obj.(*types.Func); return ok }
