package php

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
	case "string", "encapsed_string", "heredoc_body", "nowdoc_body":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_content", "string_value", "nowdoc_string":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(unescape(a.text(c)))
			default:
				b.WriteString(apicall.StrOrHole(a.eval(c)))
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "heredoc", "nowdoc":
		return a.eval(n.Get("value"))
	case "boolean":
		return facts.Value{Kind: facts.Bool, Bool: strings.EqualFold(a.text(n), "true")}
	case "null":
		return facts.Value{Kind: facts.Null}
	case "integer", "float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(a.text(n), "_", ""), 64)
		if err != nil {
			return facts.Value{}
		}
		return facts.Value{Kind: facts.Num, Num: f}
	case "parenthesized_expression", "cast_expression":
		if c := n.NamedChildren(); len(c) > 0 {
			return a.eval(c[len(c)-1])
		}
	case "conditional_expression":
		return apicall.Either(a.eval(n.Get("body")), a.eval(n.Get("alternative")))
	case "binary_expression":
		l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
		switch a.text(n.Get("operator")) {
		case ".":
			return facts.Value{Kind: facts.Str, Str: apicall.StrOrHole(l) + apicall.StrOrHole(r)}
		case "+":
			if l.Kind == facts.Obj && r.Kind == facts.Obj { // array union: the left wins
				o := r.Obj.Clone()
				o.Merge(l.Obj)
				return facts.Value{Kind: facts.Obj, Obj: o}
			}
		case "??", "?:":
			if l.Kind != facts.Unknown && l.Kind != facts.Null {
				return l
			}
			if r.Kind != facts.Unknown {
				r.Env = l.Env
				return r
			}
			return l
		}
	case "array_creation_expression":
		return a.array(n)
	case "variable_name":
		return a.evalVar(n)
	case "name", "qualified_name":
		return a.constant(n)
	case "class_constant_access_expression":
		return facts.Value{Kind: facts.Str, Str: facts.Hole}
	case "subscript_expression":
		if env := a.envSubscript(n); env != "" {
			return facts.Value{Env: env}
		}
		kids := n.NamedChildren()
		if len(kids) == 2 {
			if o := a.eval(kids[0]); o.Kind == facts.Obj {
				if k := a.eval(kids[1]); k.Kind == facts.Str {
					v, _ := o.Obj.Get(k.Str)
					return v
				}
			}
		}
	case "member_access_expression":
		if d := a.property(n); d != nil {
			return a.eval(d)
		}
	case "function_call_expression":
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

// array evaluates [..] or array(..): keyed elements make an object,
// unkeyed ones a list.
func (a *analyzer) array(n *syntax.Node) facts.Value {
	o := facts.NewObject()
	list := facts.Value{Kind: facts.List}
	keyed := false
	for _, el := range n.NamedChildren() {
		if el.Kind != "array_element_initializer" {
			continue
		}
		kids := el.NamedChildren()
		switch {
		case len(kids) == 2:
			keyed = true
			if k := a.eval(kids[0]); k.Kind == facts.Str && !strings.Contains(k.Str, facts.Hole) {
				o.Set(k.Str, a.eval(kids[1]))
			} else {
				o.Open = true
			}
		case len(kids) == 1 && kids[0].Kind == "variadic_unpacking":
			v := a.eval(kids[0].First())
			apicall.Merge(o, v)
			list.Open = true
		case len(kids) == 1:
			list.Items = append(list.Items, a.eval(kids[0]))
		}
	}
	if keyed || len(o.Keys) > 0 || (o.Open && len(list.Items) == 0) {
		return facts.Value{Kind: facts.Obj, Obj: o}
	}
	return list
}

// evalVar resolves $x: its last assignment before the use (with the array
// writes after it applied), or the argument of the call being followed.
func (a *analyzer) evalVar(n *syntax.Node) facts.Value {
	name := a.varName(n)
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
	if o.Value == nil {
		return facts.Value{}
	}
	v := a.eval(o.Value)
	if v.Kind == facts.Obj {
		v = a.mutations(v, name, o, n)
	}
	return v
}

// constant resolves KEY from const KEY = ..; or define('KEY', ..). The
// file's constants are collected once.
func (a *analyzer) constant(n *syntax.Node) facts.Value {
	if a.consts == nil {
		a.consts = map[string]*syntax.Node{}
		syntax.Walk(a.t.Root, func(m *syntax.Node) bool {
			switch m.Kind {
			case "const_element":
				if kids := m.NamedChildren(); len(kids) == 2 {
					if _, ok := a.consts[a.text(kids[0])]; !ok {
						a.consts[a.text(kids[0])] = kids[1]
					}
				}
			case "function_call_expression":
				if strings.EqualFold(a.text(m.Get("function")), "define") {
					if pos, _ := a.args(m); len(pos) == 2 && pos[0] != nil && (pos[0].Kind == "string" || pos[0].Kind == "encapsed_string") {
						if k := a.eval(pos[0]); k.Kind == facts.Str {
							if _, ok := a.consts[k.Str]; !ok {
								a.consts[k.Str] = pos[1]
							}
						}
					}
				}
			}
			return true
		})
	}
	if found := a.consts[a.text(n)]; found != nil {
		return a.eval(found)
	}
	return facts.Value{Kind: facts.Str, Str: facts.Hole} // CURLOPT_POST, a class constant: some value
}

// mutations applies $a['k'] = v (and $a[] = v) between the assignment and
// the use; under a condition the key becomes unknown.
func (a *analyzer) mutations(v facts.Value, name string, o scope.Origin, use *syntax.Node) facts.Value {
	if o.At == nil || o.Scope == nil {
		return v
	}
	obj := v.Obj
	changed := false
	a.r.Between(o.Scope, o.At, use, func(n *syntax.Node, cond bool) bool {
		if n.Kind != "assignment_expression" {
			return true
		}
		l := n.Get("left")
		if l == nil || l.Kind != "subscript_expression" {
			return true
		}
		kids := l.NamedChildren()
		if len(kids) == 0 || a.varName(kids[0]) != name {
			return true
		}
		if !changed {
			obj, changed = obj.Clone(), true
		}
		if len(kids) == 2 {
			if k := a.eval(kids[1]); k.Kind == facts.Str {
				val := a.eval(n.Get("right"))
				if cond {
					val = facts.Value{Text: val.Text, Pos: val.Pos}
				}
				obj.Set(k.Str, val)
				return false
			}
		}
		obj.Open = true
		return false
	})
	if changed {
		v.Obj = obj
	}
	return v
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	name := strings.ToLower(a.text(n.Get("function")))
	pos, _ := a.args(n)
	switch name {
	case "json_encode", "http_build_query", "strval":
		if len(pos) > 0 {
			return a.eval(pos[0])
		}
	case "json_decode":
		if len(pos) > 0 {
			return apicall.JSONBody(a.eval(pos[0]))
		}
	case "getenv", "env":
		if len(pos) > 0 {
			k := a.eval(pos[0])
			if len(pos) > 1 {
				d := a.eval(pos[1])
				d.Env = k.Str
				return d
			}
			return facts.Value{Env: k.Str}
		}
	case "array_merge", "array_replace":
		o := facts.NewObject()
		for _, p := range pos {
			apicall.Merge(o, a.eval(p))
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "sprintf":
		if len(pos) > 0 {
			if f := a.eval(pos[0]); f.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: strings.ReplaceAll(strings.ReplaceAll(f.Str, "%s", facts.Hole), "%d", facts.Hole)}
			}
		}
	}
	return facts.Value{}
}
