package transcripts

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
)

// FieldSpelling says how a parameter is written in r's literal: the key
// text (RedactPII for a struct, "redact_pii" for a map) and the Go type of
// its value. It reports false when the literal cannot take the parameter
// as a key: the struct has no such field, or only a promoted one.
func (r *Request) FieldSpelling(info *types.Info, name string) (key string, t types.Type, ok bool) {
	if r.Lit != nil {
		t = info.TypeOf(r.Lit)
	} else if r.OptionsType != nil {
		t = r.OptionsType
	}
	if t == nil {
		return "", nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return strconv.Quote(name), u.Elem(), true
	case *types.Struct:
		for i := range u.NumFields() {
			f := u.Field(i)
			if !f.Embedded() && jsonName(u, f) == name {
				return f.Name(), f.Type(), true
			}
		}
	}
	return "", nil, false
}

// ParamName is how messages name a parameter: the Go field name for SDK
// requests, the JSON name for REST payloads.
func (r *Request) ParamName(info *types.Info, name string) string {
	if r.Kind == SDK {
		if key, _, ok := r.FieldSpelling(info, name); ok {
			return key
		}
	}
	return name
}

// IsEmptyList reports whether e is nil or a composite literal with no
// elements.
func IsEmptyList(info *types.Info, e ast.Expr) bool {
	if e == nil {
		return false
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		_, isNil := info.ObjectOf(id).(*types.Nil)
		return isNil
	}
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	return ok && len(cl.Elts) == 0
}

// Bool resolves a boolean parameter: True, False (absent, nil, false) or
// Unknown.
func (r *Request) Bool(ix *resolve.Index, name string) resolve.Tri {
	f, ok := r.Fields[name]
	switch {
	case !ok:
		return resolve.False
	case f.FromJSON:
		if b, ok := f.JSON.(bool); ok && b {
			return resolve.True
		}
		return resolve.False
	case f.Value == nil:
		return resolve.Unknown
	}
	return ix.Bool(f.Value)
}

// List resolves a list parameter: True when it has elements, False when it
// is absent, nil or empty, Unknown when its value cannot be seen.
func (r *Request) List(info *types.Info, name string) resolve.Tri {
	f, ok := r.Fields[name]
	switch {
	case !ok:
		return resolve.False
	case f.FromJSON:
		if l, ok := f.JSON.([]any); ok && len(l) > 0 {
			return resolve.True
		}
		return resolve.False
	case f.Value == nil:
		return resolve.Unknown
	case IsEmptyList(info, f.Value):
		return resolve.False
	}
	if cl, ok := ast.Unparen(f.Value).(*ast.CompositeLit); ok && len(cl.Elts) > 0 {
		return resolve.True
	}
	return resolve.Unknown
}

// String returns a string parameter's constant value (through pointer
// helpers such as aai.String), if it has one.
func (r *Request) String(ix *resolve.Index, name string) (string, bool) {
	f, ok := r.Fields[name]
	switch {
	case !ok:
		return "", false
	case f.FromJSON:
		s, ok := f.JSON.(string)
		return s, ok
	case f.Value == nil:
		return "", false
	}
	target := f.Value
	if p := ix.Pointee(f.Value); p != nil {
		target = p
	}
	return ix.ConstString(target)
}

// Set reports whether a parameter is set to something other than nil or
// "" (a value that cannot be resolved counts as set).
func (r *Request) Set(ix *resolve.Index, name string) bool {
	f, ok := r.Fields[name]
	switch {
	case !ok:
		return false
	case f.FromJSON:
		s, isString := f.JSON.(string)
		return f.JSON != nil && (!isString || strings.TrimSpace(s) != "")
	case f.Value == nil:
		return true
	case ix.IsNil(f.Value):
		return false
	}
	if s, ok := r.String(ix, name); ok && strings.TrimSpace(s) == "" {
		return false
	}
	return true
}
