// Package resolve follows expressions of one package to the values they
// hold: constants, the declarations and assignments of variables, pointer
// helpers such as aai.Bool(true) and Go 1.26 new(true), and the fields set on
// a variable after its declaration.
//
// It is flow-insensitive and precision-first: a variable whose value may be
// changed where the index cannot see it (its address passed to an unknown
// function, aliased, captured and reassigned) is marked as escaping, and the
// analyzers stay silent about it rather than guess.
package resolve

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
)

// Var describes what one package does with a variable.
type Var struct {
	// Values are the expressions assigned to the whole variable, starting
	// with the declaration's initializer. A nil entry is an assignment whose
	// value is unknown (v += x, a multi-value call, a range clause).
	Values []ast.Expr
	// Param is set for function parameters and results, whose values come
	// from elsewhere.
	Param bool
	// FieldSets are v.F = x and v["k"] = x assignments.
	FieldSets []FieldSet
	// Escapes is set when the variable is used in a way that may change it
	// out of sight: its address or value passed to a function that is not
	// known to only read it, assigned to another variable, captured in a
	// composite literal, or method calls on it.
	Escapes bool
}

// FieldSet is an assignment to one field (v.F = x) or map key (v["k"] = x).
type FieldSet struct {
	Field *types.Var // for v.F; nil for a map key
	Key   string     // the constant map key for v["k"]
	Value ast.Expr
	Pos   token.Pos
}

// Single returns the variable's only value when it is assigned exactly once
// (at its declaration or later) and does not escape; otherwise nil.
func (v *Var) Single() ast.Expr {
	if v == nil || v.Param || v.Escapes || len(v.Values) != 1 {
		return nil
	}
	return v.Values[0]
}

// Only returns the variable's only assigned value, whether or not it
// escapes: enough to know what a variable was made from (an encoder, a
// writer), not what it holds later.
func (v *Var) Only() ast.Expr {
	if v == nil || v.Param || len(v.Values) != 1 {
		return nil
	}
	return v.Values[0]
}

// Index holds the variables of one package.
type Index struct {
	info    *types.Info
	vars    map[*types.Var]*Var
	newLike map[*types.Func]bool
}

// New indexes the variables and pointer helpers of files.
func New(files []*ast.File, info *types.Info) *Index {
	ix := &Index{info: info, vars: map[*types.Var]*Var{}, newLike: map[*types.Func]bool{}}
	for _, f := range files {
		ix.indexFile(f)
	}
	return ix
}

// Info returns the type information the index was built from.
func (ix *Index) Info() *types.Info { return ix.info }

// Var returns what is known of v, or nil when v is not a variable of this
// package (a field, or a variable of another package).
func (ix *Index) Var(v *types.Var) *Var { return ix.vars[v] }

// VarOf returns the variable that e (an identifier, possibly in
// parentheses) denotes, or nil.
func (ix *Index) VarOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := ix.info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	return v
}

func (ix *Index) varEntry(v *types.Var) *Var {
	e := ix.vars[v]
	if e == nil {
		e = &Var{}
		ix.vars[v] = e
	}
	return e
}

func (ix *Index) indexFile(f *ast.File) {
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			ix.indexFuncDecl(n)
		case *ast.FuncType:
			for _, fl := range []*ast.FieldList{n.Params, n.Results} {
				if fl == nil {
					continue
				}
				for _, fld := range fl.List {
					for _, name := range fld.Names {
						if v, ok := ix.info.Defs[name].(*types.Var); ok {
							ix.varEntry(v).Param = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v, ok := ix.info.Defs[name].(*types.Var)
				if !ok {
					continue
				}
				e := ix.varEntry(v)
				switch {
				case len(n.Values) == len(n.Names):
					e.Values = append(e.Values, n.Values[i])
				case len(n.Values) > 0:
					e.Values = append(e.Values, nil) // v1, v2 := f()
				}
			}
		case *ast.AssignStmt:
			ix.indexAssign(n)
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if v := ix.VarOf(x); v != nil {
					e := ix.varEntry(v)
					e.Values = append(e.Values, nil)
				}
			}
		case *ast.Ident:
			ix.indexUse(n, stack)
		}
		return true
	})
}

func (ix *Index) indexAssign(as *ast.AssignStmt) {
	for i, lhs := range as.Lhs {
		var rhs ast.Expr
		if len(as.Lhs) == len(as.Rhs) && (as.Tok == token.ASSIGN || as.Tok == token.DEFINE) {
			rhs = as.Rhs[i]
		}
		lhs = ast.Unparen(lhs)
		if v := ix.VarOf(lhs); v != nil {
			e := ix.varEntry(v)
			e.Values = append(e.Values, rhs)
			continue
		}
		switch l := lhs.(type) {
		case *ast.SelectorExpr: // v.F = x
			if v := ix.VarOf(l.X); v != nil {
				if fld, ok := ix.info.ObjectOf(l.Sel).(*types.Var); ok && fld.IsField() {
					e := ix.varEntry(v)
					e.FieldSets = append(e.FieldSets, FieldSet{Field: fld, Value: rhs, Pos: l.Pos()})
				}
			}
		case *ast.IndexExpr: // v["k"] = x
			if v := ix.VarOf(l.X); v != nil {
				if k, ok := ix.ConstString(l.Index); ok {
					e := ix.varEntry(v)
					e.FieldSets = append(e.FieldSets, FieldSet{Key: k, Value: rhs, Pos: l.Pos()})
				} else {
					ix.varEntry(v).Escapes = true // unknown key: anything may be set
				}
			}
		}
	}
}

// indexUse decides whether the use of an identifier may change its
// variable out of sight.
func (ix *Index) indexUse(id *ast.Ident, stack []ast.Node) {
	v, ok := ix.info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return
	}
	if len(stack) < 2 {
		return
	}
	parent := stack[len(stack)-2]
	child := ast.Node(id)
	for i := len(stack) - 2; i > 0; i-- {
		if p, ok := stack[i].(*ast.ParenExpr); ok {
			child, parent = p, stack[i-1]
			continue
		}
		break
	}
	if ix.harmlessUse(child, parent, stack) {
		return
	}
	ix.varEntry(v).Escapes = true
}

func (ix *Index) harmlessUse(child, parent ast.Node, stack []ast.Node) bool {
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		// v.F (read or write) is fine; a method value or call may mutate.
		sel := ix.info.Selections[p]
		return sel == nil || sel.Kind() == types.FieldVal
	case *ast.IndexExpr:
		return p.X == child || p.Index == child
	case *ast.AssignStmt:
		for i, l := range p.Lhs {
			if l == child {
				return true // a whole reassignment, recorded in Values
			}
			if len(p.Lhs) == len(p.Rhs) && p.Rhs[i] == child && isBlank(l) {
				return true // _ = v
			}
		}
		// v on the right: harmless for values that cannot alias (strings,
		// numbers, booleans); pointers, maps and slices may be changed
		// through the copy.
		return ix.immutable(child)
	case *ast.ValueSpec:
		return ix.immutable(child)
	case *ast.CallExpr:
		if p.Fun == child {
			return true
		}
		return ix.immutable(child) || ix.readOnlyCall(p)
	case *ast.UnaryExpr:
		if p.Op != token.AND {
			return true
		}
		// &v passed straight to a read-only call, or discarded.
		if len(stack) >= 3 {
			switch gp := stack[len(stack)-3].(type) {
			case *ast.CallExpr:
				return gp.Fun != parent && ix.readOnlyCall(gp)
			case *ast.AssignStmt:
				for i, r := range gp.Rhs {
					if r == parent && len(gp.Lhs) == len(gp.Rhs) && isBlank(gp.Lhs[i]) {
						return true
					}
				}
			}
		}
		return false
	case *ast.BinaryExpr, *ast.IfStmt, *ast.SwitchStmt, *ast.CaseClause, *ast.IncDecStmt,
		*ast.ReturnStmt, *ast.SendStmt, *ast.RangeStmt, *ast.TypeAssertExpr, *ast.StarExpr:
		// Reads; a returned or sent pointer is changed, if at all, after
		// the uses that the analyzers look at in this function.
		return true
	case *ast.KeyValueExpr, *ast.CompositeLit:
		return ix.immutable(child)
	}
	return ix.immutable(child)
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func (ix *Index) immutable(e ast.Node) bool {
	x, ok := e.(ast.Expr)
	if !ok {
		return false
	}
	t := ix.info.TypeOf(x)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsString|types.IsNumeric|types.IsBoolean) != 0
}

// readOnlyCall reports whether call is known not to change its arguments:
// the SDK's own functions and methods, encoding/json marshalling and fmt/log
// printing.
func (ix *Index) readOnlyCall(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(ix.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "encoding/json":
		return fn.Name() == "Marshal" || fn.Name() == "MarshalIndent" || fn.Name() == "Encode"
	case "fmt", "log", "log/slog":
		return true
	}
	return sdk.IsPackage(fn.Pkg())
}

// indexFuncDecl records functions of the form func f(x T) *T { return &x }.
func (ix *Index) indexFuncDecl(fd *ast.FuncDecl) {
	fn, ok := ix.info.Defs[fd.Name].(*types.Func)
	if !ok || fd.Body == nil || len(fd.Body.List) != 1 {
		return
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || fd.Type.Params.NumFields() != 1 || len(fd.Type.Params.List[0].Names) != 1 {
		return
	}
	u, ok := ret.Results[0].(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return
	}
	if id, ok := u.X.(*ast.Ident); ok && ix.info.Uses[id] == ix.info.Defs[fd.Type.Params.List[0].Names[0]] {
		ix.newLike[fn] = true
	}
}

// helperNames are pointer helpers of well-known libraries (k8s.io/utils/ptr.To,
// samber/lo.ToPtr, aws.Bool…) recognised by name and shape func(T) *T.
var helperNames = map[string]bool{
	"To": true, "Ptr": true, "ToPtr": true, "Of": true, "Bool": true, "BoolPtr": true,
	"String": true, "StringPtr": true, "Int64": true, "Int": true, "Float64": true,
}

// Pointee returns the expression whose value e points to, for the shapes
// aai.Bool(x), new(x) (Go 1.26), a same-package func(x T) *T { return &x },
// a well-known helper of that shape, and &v; otherwise nil.
func (ix *Index) Pointee(e ast.Expr) ast.Expr {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return e.X
		}
	case *ast.CallExpr:
		if len(e.Args) != 1 || e.Ellipsis.IsValid() {
			return nil
		}
		switch obj := typeutil.Callee(ix.info, e).(type) {
		case *types.Builtin:
			if obj.Name() == "new" && ix.info.Types[e.Args[0]].IsValue() {
				return e.Args[0]
			}
		case *types.Func:
			if ix.newLike[obj] || ix.newLike[obj.Origin()] {
				return e.Args[0]
			}
			if (sdk.IsPackage(obj.Pkg()) || helperNames[obj.Name()]) && pointerToArg(obj) {
				return e.Args[0]
			}
		}
	}
	return nil
}

// pointerToArg reports whether fn has the shape func(T) *T.
func pointerToArg(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	p, ok := sig.Results().At(0).Type().(*types.Pointer)
	return ok && types.Identical(p.Elem(), sig.Params().At(0).Type())
}

// Const returns the constant value of e: a constant expression, or a
// variable whose only value is one (followed up to a few hops).
func (ix *Index) Const(e ast.Expr) constant.Value {
	return ix.constDepth(e, 0)
}

func (ix *Index) constDepth(e ast.Expr, depth int) constant.Value {
	if depth > 4 || e == nil {
		return nil
	}
	e = ast.Unparen(e)
	if tv, ok := ix.info.Types[e]; ok && tv.Value != nil {
		return tv.Value
	}
	if v := ix.VarOf(e); v != nil {
		if x := ix.vars[v].Single(); x != nil {
			return ix.constDepth(x, depth+1)
		}
	}
	return nil
}

// ConstString returns e's constant string value.
func (ix *Index) ConstString(e ast.Expr) (string, bool) {
	if c := ix.Const(e); c != nil && c.Kind() == constant.String {
		return constant.StringVal(c), true
	}
	return "", false
}

// Tri is a three-valued truth: a value that may be unknown.
type Tri int

const (
	Unknown Tri = iota
	False
	True
)

// Bool resolves a boolean or pointer-to-boolean expression: true, false
// (including nil and a false constant), or Unknown.
func (ix *Index) Bool(e ast.Expr) Tri {
	if e == nil {
		return Unknown
	}
	if ix.IsNil(e) {
		return False
	}
	x := e
	if p := ix.Pointee(e); p != nil {
		x = p
	} else if v := ix.VarOf(e); v != nil {
		// A pointer variable: follow it once to its value.
		if _, ok := ix.info.TypeOf(e).Underlying().(*types.Pointer); ok {
			if s := ix.vars[v].Single(); s != nil {
				return ix.Bool(s)
			}
			return Unknown
		}
	}
	c := ix.Const(x)
	if c == nil || c.Kind() != constant.Bool {
		return Unknown
	}
	if constant.BoolVal(c) {
		return True
	}
	return False
}

// IsNil reports whether e is the predeclared nil.
func (ix *Index) IsNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := ix.info.ObjectOf(id).(*types.Nil)
	return isNil
}

// StringValue is a constant string that an expression may hold.
type StringValue struct {
	Value string
	// Lit is the innermost expression that holds the constant and could be
	// replaced by a call: a literal, a use of a named constant, a
	// concatenation, possibly in a variable's declaration elsewhere.
	Lit ast.Expr
}

// Strings returns the constant strings e may hold: its own constant value,
// every constant assigned to the variable it names (a fallback default
// counts), and the concatenations of those. It returns nil when nothing
// constant reaches e.
func (ix *Index) Strings(e ast.Expr) []StringValue {
	return ix.stringsDepth(e, 0)
}

func (ix *Index) stringsDepth(e ast.Expr, depth int) []StringValue {
	if depth > 4 || e == nil {
		return nil
	}
	e = ast.Unparen(e)
	if tv, ok := ix.info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return []StringValue{{constant.StringVal(tv.Value), e}}
		}
		return nil
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return nil
		}
		l, r := ix.stringsDepth(x.X, depth+1), ix.stringsDepth(x.Y, depth+1)
		if len(l) == 0 || len(r) == 0 {
			return nil
		}
		var out []StringValue
		for _, a := range l {
			for _, b := range r {
				if len(out) < 8 {
					out = append(out, StringValue{a.Value + b.Value, e})
				}
			}
		}
		return out
	case *ast.Ident:
		v := ix.VarOf(x)
		if v == nil || ix.vars[v] == nil || ix.vars[v].Param {
			return nil
		}
		var out []StringValue
		for _, val := range ix.vars[v].Values {
			out = append(out, ix.stringsDepth(val, depth+1)...)
		}
		return out
	}
	return nil
}
