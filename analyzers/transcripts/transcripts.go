package transcripts

import (
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
)

// Analyzer finds transcription requests; see the package documentation.
var Analyzer = &analysis.Analyzer{
	Name:       "transcripts",
	Doc:        "find AssemblyAI transcription requests and their parameters (reports nothing)",
	URL:        "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/transcripts",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        recovered.Run("transcripts", run),
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what the analyzer found in one package.
type Result struct {
	Requests []*Request
	// Index resolves the values of the package's expressions.
	Index *resolve.Index
}

// Kind says how a request is made.
type Kind int

const (
	SDK  Kind = iota // an SDK transcription method
	REST             // a JSON payload built by hand
)

// Request is one transcription request.
type Request struct {
	Kind Kind
	// Call is the SDK call, or the json.Marshal/Encode call of a REST
	// payload; nil for a JSON string payload (Arg is then the literal).
	Call *ast.CallExpr
	// Func names the call: "TranscribeFromURL", "json.Marshal".
	Func string
	File *ast.File
	// Resolved is false when the parameters could not be followed to a
	// literal; the other fields below are then empty.
	Resolved bool
	// Nil is set for an SDK call whose options argument is nil; Arg is then
	// that nil and OptionsType the parameter's type.
	Nil         bool
	Arg         ast.Expr
	OptionsType types.Type
	// Lit is the literal the parameters were built from (nil for nil
	// options and for new(T)).
	Lit *ast.CompositeLit
	// Fields holds the parameters that are set, by JSON name.
	Fields map[string]Field
}

// Field is one parameter set on a request.
type Field struct {
	Name  string   // JSON name
	Value ast.Expr // may be nil when the assigned value is unknown
	// KV is the key-value element of Lit that sets it, nil when it is set
	// by an assignment or in a nested literal.
	KV *ast.KeyValueExpr
	// Type is the field's Go type (for a map, the map's element type).
	Type types.Type
	// FromJSON is set for a parameter of a JSON string payload; JSON is
	// then its decoded value (Value is nil).
	FromJSON bool
	JSON     any
}

// Pos is where a diagnostic about the request belongs: the nil argument,
// the options literal, or the call.
func (r *Request) Pos() token.Pos {
	switch {
	case r.Nil || r.Call == nil:
		return r.Arg.Pos()
	case r.Lit != nil:
		return r.Lit.Pos()
	}
	return r.Call.Pos()
}

// End is the end of what Pos points at, so that a diagnostic covers the
// whole nil argument, literal or call.
func (r *Request) End() token.Pos {
	switch {
	case r.Nil || r.Call == nil:
		return r.Arg.End()
	case r.Lit != nil:
		return r.Lit.End()
	}
	return r.Call.End()
}

// Describe names the request for messages.
func (r *Request) Describe() string {
	if r.Kind == SDK {
		return "transcription request (" + r.Func + ")"
	}
	return "REST transcript request (" + r.Func + ")"
}

// Has reports whether the parameter name is set.
func (r *Request) Has(name string) bool { _, ok := r.Fields[name]; return ok }

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ix := resolve.New(pass.Files, pass.TypesInfo)
	res := &Result{Index: ix}
	talksToAAI := sdk.MentionsHost(pass.Files)
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.BasicLit)(nil)) {
		if lit, ok := cur.Node().(*ast.BasicLit); ok {
			if talksToAAI {
				if r := jsonPayload(lit); r != nil {
					r.File = enclosingFile(cur)
					res.Requests = append(res.Requests, r)
				}
			}
			continue
		}
		call := cur.Node().(*ast.CallExpr)
		fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if !ok {
			continue
		}
		file := enclosingFile(cur)
		switch {
		case sdk.IsMethod(fn, "TranscriptService", sdk.TranscribeMethods...):
			if len(call.Args) < 3 {
				continue
			}
			r := &Request{Kind: SDK, Call: call, Func: fn.Name(), File: file, Arg: call.Args[2]}
			sig := fn.Type().(*types.Signature)
			if sig.Params().Len() > 2 {
				r.OptionsType = sig.Params().At(2).Type()
			}
			if ix.IsNil(call.Args[2]) {
				r.Nil, r.Resolved, r.Fields = true, true, map[string]Field{}
			} else {
				resolveParams(ix, r, call.Args[2], func(t types.Type) bool { return sdk.IsType(t, sdk.OptionsTypes...) })
			}
			res.Requests = append(res.Requests, r)
		case isMarshal(fn):
			if len(call.Args) == 0 {
				continue
			}
			arg := call.Args[0]
			r := &Request{Kind: REST, Call: call, Func: "json." + fn.Name(), File: file, Arg: arg}
			resolveParams(ix, r, arg, isTranscriptPayload)
			if r.Resolved && isRequest(r) {
				res.Requests = append(res.Requests, r)
			}
		}
	}
	return res, nil
}

// jsonPayload recognises a string literal holding a JSON transcript
// request ({"audio_url": …}), as hand-written REST code sends with
// strings.NewReader.
func jsonPayload(lit *ast.BasicLit) *Request {
	if lit.Kind != token.STRING || !strings.Contains(lit.Value, "audio_url") {
		return nil
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return nil
	}
	r := &Request{Kind: REST, Func: "JSON string", Arg: lit, Resolved: true, Fields: map[string]Field{}}
	for k, v := range obj {
		r.Fields[k] = Field{Name: k, FromJSON: true, JSON: v}
	}
	if !isRequest(r) {
		return nil
	}
	return r
}

// isRequest tells a transcript request payload from a transcript
// (a response, as test servers and mocks write them): a request has
// audio_url and never the id or status that only the API assigns.
func isRequest(r *Request) bool {
	return r.Has("audio_url") && !r.Has("id") && !r.Has("status")
}

func enclosingFile(cur inspector.Cursor) *ast.File {
	for c := range cur.Enclosing((*ast.File)(nil)) {
		return c.Node().(*ast.File)
	}
	return nil
}

func isMarshal(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" {
		return false
	}
	switch fn.Name() {
	case "Marshal", "MarshalIndent":
		return fn.Type().(*types.Signature).Recv() == nil
	case "Encode":
		return true // (*json.Encoder).Encode
	}
	return false
}

// isTranscriptPayload reports whether t may be a transcript request body:
// a map with string keys, or a struct with an audio_url JSON field.
func isTranscriptPayload(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		b, ok := u.Key().Underlying().(*types.Basic)
		return ok && b.Info()&types.IsString != 0
	case *types.Struct:
		for _, name := range jsonFields(t) {
			if name == "audio_url" {
				return true
			}
		}
	}
	return false
}

// resolveParams follows e to the literal (or new(T)) it was built from and
// fills r.Lit, r.Fields and r.Resolved.
func resolveParams(ix *resolve.Index, r *Request, e ast.Expr, accept func(types.Type) bool) {
	var sets []resolve.FieldSet
	x := ast.Unparen(e)
	for range 4 {
		if v := ix.VarOf(x); v != nil {
			info := ix.Var(v)
			s := info.Single()
			if s == nil {
				return
			}
			sets = append(sets, info.FieldSets...)
			x = ast.Unparen(s)
			continue
		}
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			x = ast.Unparen(u.X)
			continue
		}
		break
	}
	info := ix.Info()
	var t types.Type
	switch lit := x.(type) {
	case *ast.CompositeLit:
		t = info.TypeOf(lit)
		if t == nil || !accept(t) {
			return
		}
		r.Lit = lit
		r.Fields = map[string]Field{}
		collectLit(info, lit, r.Fields, true)
	case *ast.CallExpr: // new(T)
		b, ok := typeutil.Callee(info, lit).(*types.Builtin)
		if !ok || b.Name() != "new" || len(lit.Args) != 1 || !info.Types[lit.Args[0]].IsType() {
			return
		}
		t = info.TypeOf(lit.Args[0])
		if !accept(t) {
			return
		}
		r.Fields = map[string]Field{}
	default:
		return
	}
	names := jsonFields(t)
	for _, fs := range sets {
		switch {
		case fs.Field != nil:
			if n, ok := names[fs.Field]; ok {
				r.Fields[n] = Field{Name: n, Value: fs.Value, Type: fs.Field.Type()}
			}
		case fs.Key != "":
			var et types.Type
			if m, ok := t.Underlying().(*types.Map); ok {
				et = m.Elem()
			}
			r.Fields[fs.Key] = Field{Name: fs.Key, Value: fs.Value, Type: et}
		}
	}
	r.Resolved = true
}

// collectLit records the fields a literal sets, by JSON name, descending
// into literals of embedded structs.
func collectLit(info *types.Info, lit *ast.CompositeLit, out map[string]Field, top bool) {
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if tv := info.Types[kv.Key]; tv.Value != nil && tv.Value.Kind() == constant.String {
				k := constant.StringVal(tv.Value)
				f := Field{Name: k, Value: kv.Value, Type: u.Elem()}
				if top {
					f.KV = kv
				}
				out[k] = f
			}
		}
	case *types.Struct:
		for i, elt := range lit.Elts {
			var fld *types.Var
			var val ast.Expr
			var kvp *ast.KeyValueExpr
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				id, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				fld, _ = info.ObjectOf(id).(*types.Var)
				val, kvp = kv.Value, kv
			} else if i < u.NumFields() {
				fld, val = u.Field(i), elt
			}
			if fld == nil {
				continue
			}
			if fld.Embedded() {
				inner := ast.Unparen(val)
				if un, ok := inner.(*ast.UnaryExpr); ok && un.Op == token.AND {
					inner = ast.Unparen(un.X)
				}
				if cl, ok := inner.(*ast.CompositeLit); ok {
					collectLit(info, cl, out, false)
				}
				continue
			}
			name := jsonName(u, fld)
			if name == "" {
				continue
			}
			f := Field{Name: name, Value: val, Type: fld.Type()}
			if top {
				f.KV = kvp
			}
			out[name] = f
		}
	}
}

// jsonFields maps the fields of struct type t, including promoted fields of
// embedded structs, to their JSON names.
func jsonFields(t types.Type) map[*types.Var]string {
	out := map[*types.Var]string{}
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if depth > 3 {
			return
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			if f.Embedded() {
				walk(f.Type(), depth+1)
				continue
			}
			if n := jsonName(st, f); n != "" {
				out[f] = n
			}
		}
	}
	walk(t, 0)
	return out
}

// JSONFieldName returns the JSON name of field f of struct type t, or "".
func JSONFieldName(t types.Type, f *types.Var) string { return jsonFields(t)[f] }

func jsonName(st *types.Struct, f *types.Var) string {
	for i := range st.NumFields() {
		if st.Field(i) != f {
			continue
		}
		tag, ok := reflect.StructTag(st.Tag(i)).Lookup("json")
		if !ok {
			if !f.Exported() {
				return ""
			}
			return f.Name()
		}
		name, _, _ := strings.Cut(tag, ",")
		switch name {
		case "-":
			return ""
		case "":
			return f.Name()
		}
		return name
	}
	return ""
}
