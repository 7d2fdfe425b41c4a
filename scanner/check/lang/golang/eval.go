package golang

import (
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

func (a *analyzer) eval(n *syntax.Node) facts.Value {
	return a.ev.Eval(n, a.leaf, a.eval1)
}

func (a *analyzer) leaf(n *syntax.Node) facts.Value {
	return facts.Value{Text: a.text(n), Pos: facts.Pos{Line: n.Line, Col: n.Col}}
}

func (a *analyzer) eval1(n *syntax.Node) facts.Value {
	switch n.Kind {
	case "interpreted_string_literal":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "interpreted_string_literal_content":
				b.WriteString(a.text(c))
			case "escape_sequence":
				if s, err := strconv.Unquote(`"` + a.text(c) + `"`); err == nil {
					b.WriteString(s)
				}
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "raw_string_literal":
		return facts.Value{Kind: facts.Str, Str: strings.Trim(a.text(n), "`")}
	case "true", "false":
		return facts.Value{Kind: facts.Bool, Bool: n.Kind == "true"}
	case "nil":
		return facts.Value{Kind: facts.Null}
	case "int_literal", "float_literal":
		return num(a.text(n))
	case "parenthesized_expression":
		return a.eval(n.First())
	case "unary_expression":
		if a.text(n.Get("operator")) == "&" {
			return a.eval(n.Get("operand"))
		}
	case "binary_expression":
		if a.text(n.Get("operator")) == "+" {
			l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
			if l.Kind == facts.Str || r.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: apicall.StrOrHole(l) + apicall.StrOrHole(r)}
			}
			if l.Kind == facts.Num && r.Kind == facts.Num {
				return facts.Value{Kind: facts.Num, Num: l.Num + r.Num}
			}
		}
		if a.text(n.Get("operator")) == "*" {
			l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
			if l.Kind == facts.Num && r.Kind == facts.Num {
				return facts.Value{Kind: facts.Num, Num: l.Num * r.Num}
			}
		}
	case "composite_literal":
		return a.literal(n.Get("type"), n.Get("body"))
	case "literal_value":
		return a.literal(nil, n)
	case "identifier":
		return a.evalName(n)
	case "selector_expression":
		if p, _ := a.sel(n); p != "" {
			return facts.Value{Kind: facts.Str, Str: facts.Hole} // a package constant: some value
		}
	case "call_expression":
		return a.evalCall(n)
	}
	return facts.Value{}
}

// literal evaluates a composite literal: a struct (fields named as the
// API's JSON keys), a map (its string keys), a slice (a list).
func (a *analyzer) literal(typ, body *syntax.Node) facts.Value {
	if typ != nil && (typ.Kind == "slice_type" || typ.Kind == "array_type") {
		v := facts.Value{Kind: facts.List}
		for _, el := range body.NamedChildren() {
			v.Items = append(v.Items, a.eval(el.First()))
		}
		return v
	}
	o := facts.NewObject()
	isMap := typ != nil && typ.Kind == "map_type"
	for _, el := range body.NamedChildren() {
		if el.Kind != "keyed_element" {
			o.Open = true // positional struct fields
			continue
		}
		k, val := el.Get("key"), el.Get("value")
		if k == nil || val == nil {
			o.Open = true
			continue
		}
		kn := k.First()
		switch {
		case !isMap && kn != nil && (kn.Kind == "identifier" || kn.Kind == "field_identifier"):
			o.Set(apicall.OptionKey(a.text(kn)), a.eval(val.First()))
		default:
			if kv := a.eval(kn); kv.Kind == facts.Str && !strings.Contains(kv.Str, facts.Hole) {
				o.Set(kv.Str, a.eval(val.First()))
			} else {
				o.Open = true
			}
		}
	}
	return facts.Value{Kind: facts.Obj, Obj: o}
}

func (a *analyzer) evalName(n *syntax.Node) facts.Value {
	name := a.text(n)
	o, ok := a.r.Lookup(n, name)
	if !ok {
		return facts.Value{}
	}
	if o.Param >= 0 {
		if arg := a.h.Param(o); arg != nil {
			return a.eval(arg)
		}
		return facts.Value{}
	}
	var v facts.Value
	if o.Value == nil {
		// var p P.TranscriptOptionalParams: the zero value
		if o.At != nil && o.At.Kind == "var_spec" {
			if p, t := a.sel(o.At.Get("type")); isSDK(p) && strings.HasSuffix(t, "Params") {
				v = facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
			}
		}
		if v.Kind != facts.Obj {
			return facts.Value{}
		}
	} else {
		v = a.eval(o.Value)
	}
	if v.Kind == facts.Obj {
		v = a.mutations(v, name, o, n)
	}
	return v
}

// mutations applies p.Field = v and m["k"] = v between the declaration
// and the use; under a condition the option becomes unknown.
func (a *analyzer) mutations(v facts.Value, name string, o scope.Origin, use *syntax.Node) facts.Value {
	if o.At == nil || o.Scope == nil {
		return v
	}
	obj := v.Obj
	changed := false
	a.r.Between(o.Scope, o.At, use, func(n *syntax.Node, cond bool) bool {
		if n.Kind != "assignment_statement" || a.text(n.Get("operator")) != "=" {
			return true
		}
		ls, rs := n.Get("left").NamedChildren(), n.Get("right").NamedChildren()
		if len(ls) != 1 || len(rs) != 1 {
			return false
		}
		var key string
		switch l := ls[0]; l.Kind {
		case "selector_expression":
			if a.text(l.Get("operand")) != name {
				return false
			}
			key = apicall.OptionKey(a.text(l.Get("field")))
		case "index_expression":
			if a.text(l.Get("operand")) != name {
				return false
			}
			k := a.eval(l.Get("index"))
			if k.Kind != facts.Str {
				if !changed {
					obj, changed = obj.Clone(), true
				}
				obj.Open = true
				return false
			}
			key = k.Str
		case "identifier":
			if a.text(l) == name {
				if !changed {
					obj, changed = obj.Clone(), true
				}
				obj.Open = true
			}
			return false
		default:
			return false
		}
		if !changed {
			obj, changed = obj.Clone(), true
		}
		val := a.eval(rs[0])
		if cond {
			val = facts.Value{Text: val.Text, Pos: val.Pos}
		}
		obj.Set(key, val)
		return false
	})
	if changed {
		v.Obj = obj
	}
	return v
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	fn := n.Get("function")
	args := n.Get("arguments").NamedChildren()
	pkg, name := a.sel(fn)
	switch {
	case isSDK(pkg) && (name == "Bool" || name == "String" || name == "Int64" || name == "Float64" || name == "PIIPolicy") && len(args) == 1:
		return a.eval(args[0])
	case pkg == "os" && name == "Getenv" && len(args) == 1:
		return facts.Value{Env: a.eval(args[0]).Str}
	case pkg == "encoding/json" && (name == "Marshal" || name == "MarshalIndent") && len(args) >= 1:
		return a.eval(args[0])
	case (pkg == "bytes" || pkg == "strings") && (name == "NewReader" || name == "NewBuffer" || name == "NewBufferString") && len(args) == 1:
		return apicall.JSONBody(a.eval(args[0]))
	case pkg == "fmt" && name == "Sprintf" && len(args) >= 1:
		if f := a.eval(args[0]); f.Kind == facts.Str {
			s := f.Str
			for _, verb := range []string{"%s", "%d", "%v", "%q"} {
				s = strings.ReplaceAll(s, verb, facts.Hole)
			}
			return facts.Value{Kind: facts.Str, Str: s}
		}
	case fn.Kind == "identifier" && a.text(fn) == "new" && len(args) == 1:
		if p, t := a.sel(args[0]); isSDK(p) && strings.HasSuffix(t, "Params") {
			return facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
		}
	case fn.Kind == "slice_type" || fn.Kind == "parenthesized_type" || fn.Kind == "identifier" && a.text(fn) == "string":
		// []byte(s), string(b): conversions
		if len(args) == 1 {
			return a.eval(args[0])
		}
	}
	return facts.Value{}
}
