package csharp

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
	case "string_literal", "raw_string_literal":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_literal_content", "raw_string_content":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(unescape(a.text(c)))
			}
		}
		if len(n.Children) == 0 && n.Kind == "raw_string_literal" {
			b.WriteString(strings.Trim(a.text(n), `"`))
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "verbatim_string_literal":
		s := strings.TrimPrefix(a.text(n), "@")
		s = strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
		return facts.Value{Kind: facts.Str, Str: strings.ReplaceAll(s, `""`, `"`)}
	case "interpolated_string_expression":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_content":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(unescape(a.text(c)))
			case "interpolation":
				v := facts.Value{}
				for _, x := range c.NamedChildren() {
					if x.Kind != "interpolation_brace" && x.Kind != "interpolation_format_clause" && x.Kind != "interpolation_alignment_clause" {
						v = a.eval(x)
						break
					}
				}
				b.WriteString(apicall.StrOrHole(v))
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "boolean_literal":
		return facts.Value{Kind: facts.Bool, Bool: a.text(n) == "true"}
	case "null_literal":
		return facts.Value{Kind: facts.Null}
	case "integer_literal", "real_literal":
		f, err := strconv.ParseFloat(strings.TrimRight(strings.ReplaceAll(a.text(n), "_", ""), "lLuUfFdDmM"), 64)
		if err != nil {
			return facts.Value{}
		}
		return facts.Value{Kind: facts.Num, Num: f}
	case "parenthesized_expression", "postfix_unary_expression", "cast_expression", "checked_expression":
		if c := n.NamedChildren(); len(c) > 0 {
			return a.eval(c[len(c)-1])
		}
	case "conditional_expression":
		return apicall.Either(a.eval(n.Get("consequence")), a.eval(n.Get("alternative")))
	case "binary_expression":
		l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
		switch a.text(n.Get("operator")) {
		case "+":
			if l.Kind == facts.Str || r.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: apicall.StrOrHole(l) + apicall.StrOrHole(r)}
			}
		case "??":
			if l.Kind != facts.Unknown && l.Kind != facts.Null {
				return l
			}
			if r.Kind != facts.Unknown {
				r.Env = l.Env
				return r
			}
			return l
		}
	case "identifier":
		return a.evalName(n, a.text(n))
	case "member_access_expression":
		if e := n.Get("expression"); e != nil && e.Kind == "this_expression" {
			return a.evalName(n, a.text(n.Get("name")))
		}
		return facts.Value{Kind: facts.Str, Str: facts.Hole} // PiiPolicy.PersonName: some value
	case "object_creation_expression":
		return a.creationValue(n)
	case "anonymous_object_creation_expression":
		o := facts.NewObject()
		kids := n.NamedChildren()
		for i := 0; i < len(kids); i++ {
			// name = value members are pairs; a projection (x.Y) is one.
			if i+1 < len(kids) && kids[i].Kind == "identifier" && strings.Contains(string(a.t.Src[kids[i].End:kids[i+1].Start]), "=") {
				o.Set(a.text(kids[i]), a.eval(kids[i+1]))
				i++
				continue
			}
			o.Open = true
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "implicit_array_creation_expression", "array_creation_expression", "collection_expression", "initializer_expression":
		v := facts.Value{Kind: facts.List}
		syntax.Walk(n, func(m *syntax.Node) bool {
			if m == n {
				return true
			}
			switch m.Kind {
			case "initializer_expression", "collection_element", "expression_element":
				return true
			case "spread_element":
				v.Open = true
				return false
			case "array_type", "array_rank_specifier":
				return false
			}
			v.Items = append(v.Items, a.eval(m))
			return false
		})
		return v
	case "with_expression":
		kids := n.NamedChildren()
		if len(kids) < 2 {
			return facts.Value{}
		}
		base := a.eval(kids[0])
		if base.Kind != facts.Obj {
			return facts.Value{}
		}
		o := base.Obj.Clone()
		wi := kids[len(kids)-1].NamedChildren()
		for i := 0; i+1 < len(wi); i += 2 {
			o.Set(apicall.OptionKey(a.text(wi[i])), a.eval(wi[i+1]))
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "invocation_expression":
		return a.evalCall(n)
	}
	return facts.Value{}
}

func unescape(s string) string {
	switch s {
	case `\n`:
		return "\n"
	case `\t`:
		return "\t"
	}
	return strings.TrimPrefix(s, `\`)
}

// creationValue evaluates new T(..) { .. }: an object initializer is an
// object (properties named as the API's JSON keys), a collection
// initializer a list or a dictionary.
func (a *analyzer) creationValue(n *syntax.Node) facts.Value {
	typ := a.text(n.Get("type"))
	if i := strings.IndexByte(typ, '<'); i >= 0 {
		typ = typ[:i]
	}
	pos, _ := a.args(n)
	switch typ {
	case "Uri", "StringContent", "ByteArrayContent":
		if len(pos) > 0 {
			return a.eval(pos[0])
		}
		return facts.Value{}
	case "List", "HashSet", "Collection":
		if init := n.Get("initializer"); init != nil {
			return a.eval(init)
		}
		return facts.Value{Kind: facts.List}
	}
	o := facts.NewObject()
	dict := strings.Contains(typ, "Dictionary") || typ == "JObject" || typ == "JsonObject"
	init := n.Get("initializer")
	if init == nil {
		if len(pos) == 0 {
			return facts.Value{Kind: facts.Obj, Obj: o}
		}
		return facts.Value{}
	}
	for _, c := range init.NamedChildren() {
		switch c.Kind {
		case "assignment_expression":
			l := c.Get("left")
			switch {
			case l.Kind == "identifier" && !dict:
				o.Set(apicall.OptionKey(a.text(l)), a.eval(c.Get("right")))
			case l.Kind == "element_binding_expression" || l.Kind == "implicit_element_access":
				if k := a.eval(l.First().First()); k.Kind == facts.Str {
					o.Set(k.Str, a.eval(c.Get("right")))
				} else {
					o.Open = true
				}
			default:
				o.Open = true
			}
		case "initializer_expression":
			// { "key", value } of a dictionary
			kv := c.NamedChildren()
			if len(kv) == 2 {
				if k := a.eval(kv[0]); k.Kind == facts.Str {
					o.Set(k.Str, a.eval(kv[1]))
					continue
				}
			}
			o.Open = true
		default:
			o.Open = true
		}
	}
	return facts.Value{Kind: facts.Obj, Obj: o}
}

// evalName resolves a local, a parameter (through the call being followed)
// or a field.
func (a *analyzer) evalName(use *syntax.Node, name string) facts.Value {
	o, ok := a.r.Lookup(use, name)
	if !ok {
		return facts.Value{}
	}
	if o.Param >= 0 {
		if arg := a.h.Param(o); arg != nil {
			return a.eval(arg)
		}
		return facts.Value{}
	}
	if o.Value == nil {
		return facts.Value{}
	}
	v := a.eval(o.Value)
	if v.Kind == facts.Obj {
		v = a.mutations(v, name, o, use)
	}
	return v
}

// mutations applies p.RedactPii = true, d["k"] = v and d.Add("k", v)
// between the declaration and the use; under a condition the option
// becomes unknown.
func (a *analyzer) mutations(v facts.Value, name string, o scope.Origin, use *syntax.Node) facts.Value {
	if o.At == nil || o.Scope == nil {
		return v
	}
	obj := v.Obj
	changed := false
	get := func() *facts.Object {
		if !changed {
			obj, changed = obj.Clone(), true
		}
		return obj
	}
	set := func(k string, val facts.Value, cond bool) {
		if cond {
			val = facts.Value{Text: val.Text, Pos: val.Pos}
		}
		get().Set(k, val)
	}
	a.r.Between(o.Scope, o.At, use, func(n *syntax.Node, cond bool) bool {
		switch n.Kind {
		case "assignment_expression":
			l := n.Get("left")
			switch {
			case l == nil:
			case l.Kind == "member_access_expression" && a.text(l.Get("expression")) == name:
				set(apicall.OptionKey(a.text(l.Get("name"))), a.eval(n.Get("right")), cond)
			case l.Kind == "element_access_expression" && a.text(l.Get("expression")) == name:
				if k := a.eval(l.Get("subscript").First().First()); k.Kind == facts.Str {
					set(k.Str, a.eval(n.Get("right")), cond)
				} else {
					get().Open = true
				}
			case l.Kind == "identifier" && a.text(l) == name:
				get().Open = true
			}
			return false
		case "invocation_expression":
			parts := a.member(n.Get("function"))
			if len(parts) == 2 && parts[0] == name && (parts[1] == "Add" || parts[1] == "TryAdd") {
				if pos, _ := a.args(n); len(pos) == 2 {
					if k := a.eval(pos[0]); k.Kind == facts.Str {
						set(k.Str, a.eval(pos[1]), cond)
					}
				}
			}
		}
		return true
	})
	if changed {
		v.Obj = obj
	}
	return v
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	parts := a.member(n.Get("function"))
	m := last(parts, 1)
	pos, _ := a.args(n)
	switch {
	case m == "GetEnvironmentVariable" && len(pos) >= 1:
		k := a.eval(pos[0])
		return facts.Value{Env: k.Str}
	case (m == "Serialize" || m == "SerializeObject" || m == "Create" && last(parts, 2) == "JsonContent" || m == "FromObject" || m == "Parse" && last(parts, 2) == "JObject") && len(pos) >= 1:
		return apicall.JSONBody(a.eval(pos[0]))
	case m == "ToString" || m == "ToList" || m == "ToArray":
		if e := n.Get("function").Get("expression"); e != nil {
			return a.eval(e)
		}
	}
	return facts.Value{}
}
