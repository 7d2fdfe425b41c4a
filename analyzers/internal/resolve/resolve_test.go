package resolve_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
)

const src = `package p

const k = "abc"

var pkgVar = "def"

func ptr[T any](v T) *T { return &v }

func mutate(m map[string]any) {}

func f(param string, cond bool) {
	fallback := "ghi"
	if cond {
		fallback = param
	}
	concat := k + "-" + pkgVar
	yes := true
	on := new(true)
	p := ptr(false)
	m := map[string]any{}
	m["x"] = 1
	esc := map[string]any{}
	mutate(esc)
	twice := 1
	twice = 2
	_, _, _, _, _, _, _, _ = fallback, concat, yes, on, p, m, esc, twice
	_ = &yes
}
`

// exprs returns the index and, by name, the right-hand side of the last
// line "_, … = a, b…" and of "_ = &yes".
func setup(t *testing.T) (*resolve.Index, map[string]ast.Expr, *ast.UnaryExpr) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.Default(), GoVersion: "go1.26"}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	ix := resolve.New([]*ast.File{f}, info)
	named := map[string]ast.Expr{}
	var addr *ast.UnaryExpr
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		if len(as.Rhs) == 8 {
			for _, r := range as.Rhs {
				named[r.(*ast.Ident).Name] = r
			}
		}
		if u, ok := as.Rhs[0].(*ast.UnaryExpr); ok && len(as.Rhs) == 1 {
			addr = u
		}
		return true
	})
	return ix, named, addr
}

func TestStrings(t *testing.T) {
	ix, e, _ := setup(t)
	values := func(x ast.Expr) (out []string) {
		for _, s := range ix.Strings(x) {
			out = append(out, s.Value)
		}
		return out
	}
	// A fallback default counts, the parameter assigned later does not.
	if got := values(e["fallback"]); !slices.Equal(got, []string{"ghi"}) {
		t.Errorf("fallback: %q", got)
	}
	if got := values(e["concat"]); !slices.Equal(got, []string{"abc-def"}) {
		t.Errorf("concat: %q", got)
	}
}

func TestBool(t *testing.T) {
	ix, e, addr := setup(t)
	for name, want := range map[string]resolve.Tri{
		"yes": resolve.True,  // a local assigned once
		"on":  resolve.True,  // new(true)
		"p":   resolve.False, // a same-package func(T) *T helper
	} {
		if got := ix.Bool(e[name]); got != want {
			t.Errorf("Bool(%s) = %v, want %v", name, got, want)
		}
	}
	if got := ix.Bool(addr); got != resolve.True {
		t.Errorf("Bool(&yes) = %v", got)
	}
}

func TestEscapes(t *testing.T) {
	ix, e, _ := setup(t)
	v := func(name string) *resolve.Var { return ix.Var(ix.VarOf(e[name])) }
	if m := v("m"); m.Escapes || len(m.FieldSets) != 1 || m.FieldSets[0].Key != "x" || m.Single() == nil {
		t.Errorf("m: %+v", m)
	}
	if esc := v("esc"); !esc.Escapes || esc.Single() != nil {
		t.Errorf("esc passed to an unknown function: %+v", esc)
	}
	if tw := v("twice"); len(tw.Values) != 2 || tw.Single() != nil {
		t.Errorf("twice: %+v", tw)
	}
}
