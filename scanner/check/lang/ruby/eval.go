package ruby

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
	case "string_array", "symbol_array":
		v := facts.Value{Kind: facts.List}
		for _, c := range n.NamedChildren() {
			v.Items = append(v.Items, facts.Value{Kind: facts.Str, Str: a.text(c)})
		}
		return v
	case "string", "bare_string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_content":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(unescape(a.text(c)))
			case "interpolation":
				v := facts.Value{}
				if e := c.First(); e != nil {
					v = a.eval(e)
				}
				b.WriteString(holeUnlessScalar(v))
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "simple_symbol":
		return facts.Value{Kind: facts.Str, Str: strings.TrimPrefix(a.text(n), ":")}
	case "true", "false":
		return facts.Value{Kind: facts.Bool, Bool: n.Kind == "true"}
	case "nil":
		return facts.Value{Kind: facts.Null}
	case "integer", "float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(a.text(n), "_", ""), 64)
		if err != nil {
			return facts.Value{}
		}
		return facts.Value{Kind: facts.Num, Num: f}
	case "hash":
		o := facts.NewObject()
		for _, c := range n.NamedChildren() {
			switch c.Kind {
			case "pair":
				if k, ok := a.key(c.Get("key")); ok {
					o.Set(k, a.eval(c.Get("value")))
				} else {
					o.Open = true
				}
			case "hash_splat_argument":
				apicall.Merge(o, a.eval(c.First()))
			default:
				o.Open = true
			}
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "array":
		v := facts.Value{Kind: facts.List}
		for _, c := range n.NamedChildren() {
			if c.Kind == "splat_argument" {
				v.Open = true
				continue
			}
			v.Items = append(v.Items, a.eval(c))
		}
		return v
	case "identifier", "constant", "instance_variable", "class_variable":
		return a.evalName(n)
	case "scope_resolution":
		return facts.Value{Kind: facts.Str, Str: facts.Hole} // AssemblyAI::Transcripts::PiiPolicy::PERSON_NAME: a value, not known
	case "parenthesized_statements", "begin":
		if c := n.NamedChildren(); len(c) > 0 {
			return a.eval(c[len(c)-1])
		}
	case "conditional":
		return apicall.Either(a.eval(n.Get("consequence")), a.eval(n.Get("alternative")))
	case "binary":
		op := a.text(n.Get("operator"))
		l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
		switch op {
		case "+":
			if l.Kind == facts.Str || r.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: apicall.StrOrHole(l) + apicall.StrOrHole(r)}
			}
			if l.Kind == facts.Num && r.Kind == facts.Num {
				return facts.Value{Kind: facts.Num, Num: l.Num + r.Num}
			}
		case "||", "or":
			if l.Kind != facts.Unknown && l.Kind != facts.Null {
				return l
			}
			if r.Kind != facts.Unknown {
				r.Env = l.Env
				return r
			}
			return l
		}
	case "element_reference":
		obj := n.Get("object")
		idx := n.NamedChildren()
		if obj == nil || len(idx) < 2 {
			return facts.Value{}
		}
		k := a.eval(idx[len(idx)-1])
		if a.text(obj) == "ENV" && k.Kind == facts.Str {
			return facts.Value{Env: k.Str}
		}
		if o := a.eval(obj); o.Kind == facts.Obj && k.Kind == facts.Str {
			if v, ok := o.Obj.Get(k.Str); ok {
				return v
			}
		}
	case "call":
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

func holeUnlessScalar(v facts.Value) string {
	switch v.Kind {
	case facts.Str:
		return v.Str
	case facts.Num:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	}
	return facts.Hole
}

// evalName resolves a local, constant or instance variable.
func (a *analyzer) evalName(n *syntax.Node) facts.Value {
	name := a.text(n)
	if n.Kind == "instance_variable" || n.Kind == "class_variable" {
		if d := a.ivar(n, name); d != nil {
			return a.eval(d)
		}
		return facts.Value{}
	}
	o, ok := a.r.Lookup(n, name)
	if !ok {
		return facts.Value{}
	}
	if o.Value == nil {
		if arg := a.h.Param(o); arg != nil {
			return a.eval(arg)
		}
		return facts.Value{}
	}
	v := a.eval(o.Value)
	if v.Kind == facts.Obj {
		v = a.mutations(v, name, o, n)
	}
	return v
}

// ivar returns the value assigned to an instance variable anywhere in the
// enclosing class (initialize, a setter): the first assignment, when
// there is only one.
func (a *analyzer) ivar(use *syntax.Node, name string) *syntax.Node {
	cls := use.Ancestor("class", "module")
	if cls == nil {
		cls = a.t.Root
	}
	var found *syntax.Node
	n := 0
	syntax.Walk(cls, func(m *syntax.Node) bool {
		if (m.Kind == "assignment" || m.Kind == "operator_assignment") && a.text(m.Get("left")) == name && m.Get("right") != nil {
			found = m.Get("right")
			n++
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return found
}

// mutations applies what happens to hash variable name between its
// assignment and the use: h[:k] = v, h.merge!(x), h.update(x),
// h.store(:k, v), h.delete(:k). A change under a condition makes the key
// unknown: it may or may not be set.
func (a *analyzer) mutations(v facts.Value, name string, o scope.Origin, use *syntax.Node) facts.Value {
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
		case "assignment":
			l := n.Get("left")
			if l != nil && l.Kind == "element_reference" && a.text(l.Get("object")) == name {
				idx := l.NamedChildren()
				if k, ok := a.key(idx[len(idx)-1]); ok && len(idx) > 1 {
					set(k, a.eval(n.Get("right")), cond)
				} else {
					get().Open = true
				}
				return false
			}
			if l != nil && a.text(l) == name {
				get().Open = true // reassigned: what it holds now is another value
			}
		case "call":
			recv := n.Get("receiver")
			if recv == nil || a.text(recv) != name {
				return true
			}
			pos, kw, _ := a.args(n)
			switch a.text(n.Get("method")) {
			case "merge!", "update":
				for _, p := range pos {
					if m := a.eval(p); m.Kind == facts.Obj && !cond {
						get().Merge(m.Obj)
					} else {
						get().Open = true
					}
				}
				for k, vn := range kw {
					set(k, a.eval(vn), cond)
				}
			case "store", "[]=":
				if len(pos) == 2 {
					if k, ok := a.key(pos[0]); ok {
						set(k, a.eval(pos[1]), cond)
					}
				}
			case "delete":
				if len(pos) == 1 {
					if k, ok := a.key(pos[0]); ok {
						if cond {
							set(k, facts.Value{}, true)
						} else {
							get().Delete(k)
						}
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
	parts := a.chain(n)
	m := last(parts, 1)
	recv := n.Get("receiver")
	pos, kw, _ := a.args(n)
	switch {
	case recv != nil && (m == "to_json" || m == "to_h" || m == "dup" || m == "clone" || m == "freeze" || m == "compact" || m == "to_s" ||
		m == "request_uri" || m == "path" || m == "to_str"):
		return a.eval(recv)
	case (parts[0] == "JSON" && (m == "generate" || m == "dump" || m == "pretty_generate")) && len(pos) > 0:
		return a.eval(pos[0])
	case (m == "URI" && recv == nil || parts[0] == "URI" && (m == "parse" || m == "join")) && len(pos) > 0:
		if m == "join" {
			s := ""
			for i, p := range pos {
				if i == 0 {
					s = apicall.StrOrHole(a.eval(p))
				} else {
					s = facts.Join(s, apicall.StrOrHole(a.eval(p)))
				}
			}
			return facts.Value{Kind: facts.Str, Str: s}
		}
		return a.eval(pos[0])
	case recv != nil && m == "merge":
		base := a.eval(recv)
		if base.Kind != facts.Obj {
			return facts.Value{}
		}
		o := base.Obj.Clone()
		for _, p := range pos {
			apicall.Merge(o, a.eval(p))
		}
		for k, vn := range kw {
			o.Set(k, a.eval(vn))
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case len(parts) == 2 && parts[0] == "ENV" && m == "fetch" && len(pos) > 0:
		k := a.eval(pos[0])
		if len(pos) > 1 {
			v := a.eval(pos[1])
			v.Env = k.Str
			return v
		}
		return facts.Value{Env: k.Str}
	}
	return facts.Value{}
}
