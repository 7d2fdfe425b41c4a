package transcripts

import (
	"go/ast"
	"go/types"
	"strconv"
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
