package java

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
	case "string_literal", "text_block":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_fragment", "multiline_string_fragment":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(unescape(a.text(c)))
			default:
				b.WriteString(facts.Hole)
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "true", "false":
		return facts.Value{Kind: facts.Bool, Bool: n.Kind == "true"}
	case "null_literal":
		return facts.Value{Kind: facts.Null}
	case "decimal_integer_literal", "decimal_floating_point_literal":
		f, err := strconv.ParseFloat(strings.TrimRight(strings.ReplaceAll(a.text(n), "_", ""), "lLfFdD"), 64)
		if err != nil {
			return facts.Value{}
		}
		return facts.Value{Kind: facts.Num, Num: f}
	case "parenthesized_expression", "cast_expression":
		if c := n.NamedChildren(); len(c) > 0 {
			return a.eval(c[len(c)-1])
		}
	case "ternary_expression":
		return apicall.Either(a.eval(n.Get("consequence")), a.eval(n.Get("alternative")))
	case "binary_expression":
		if a.text(n.Get("operator")) == "+" {
			l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
			if l.Kind == facts.Str || r.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: apicall.StrOrHole(l) + apicall.StrOrHole(r)}
			}
		}
	case "identifier":
		return a.evalName(n, a.text(n))
	case "field_access":
		if o := n.Get("object"); o != nil && o.Kind == "this" {
			return a.evalName(n, a.text(n.Get("field")))
		}
		return facts.Value{Kind: facts.Str, Str: facts.Hole} // PiiPolicy.PERSON_NAME: some value
	case "method_invocation":
		return a.evalCall(n)
	case "object_creation_expression":
		typ := a.text(n.Get("type"))
		if i := strings.IndexByte(typ, '<'); i >= 0 {
			typ = typ[:i]
		}
		args := a.args(n)
		switch typ {
		case "HashMap", "LinkedHashMap", "TreeMap", "JSONObject", "JsonObject", "ObjectNode":
			if len(args) == 1 {
				return apicall.JSONBody(a.eval(args[0]))
			}
			return facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
		case "URI", "URL", "HttpEntity", "StringEntity":
			if len(args) > 0 {
				return a.eval(args[0])
			}
		}
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

// evalName resolves a local, a parameter (through the call being followed)
// or a field (its initialiser, or its one assignment in the class).
func (a *analyzer) evalName(use *syntax.Node, name string) facts.Value {
	o, ok := a.r.Lookup(use, name)
	if !ok {
		if d := a.fieldAssignment(use, name); d != nil {
			return a.eval(d)
		}
		return facts.Value{}
	}
	if o.Param >= 0 {
		if arg := a.h.Param(o); arg != nil {
			return a.eval(arg)
		}
		return facts.Value{}
	}
	val := o.Value
	if val == nil && o.At != nil && o.At.Kind == "field_declaration" {
		val = a.fieldAssignment(use, name)
	}
	if val == nil {
		return facts.Value{}
	}
	v := a.eval(val)
	if v.Kind == facts.Obj {
		v = a.mutations(v, name, o, use)
	}
	return v
}

// fieldAssignment finds the one assignment this.name = v (or name = v) in
// the class's constructors and methods.
func (a *analyzer) fieldAssignment(use *syntax.Node, name string) *syntax.Node {
	cls := use.Ancestor("class_declaration", "enum_declaration", "record_declaration")
	if cls == nil {
		return nil
	}
	var found *syntax.Node
	count := 0
	syntax.Walk(cls, func(m *syntax.Node) bool {
		if m.Kind == "assignment_expression" && a.text(m.Get("operator")) == "=" {
			l := a.text(m.Get("left"))
			if l == "this."+name || l == name && m.Ancestor("constructor_declaration") != nil {
				found, count = m.Get("right"), count+1
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return found
}

// mutations applies statements on a builder, map or JSON object between
// its declaration and the use: b.redactPii(true); m.put("k", v);
// json.put(..). Under a condition the option becomes unknown.
func (a *analyzer) mutations(v facts.Value, name string, o scope.Origin, use *syntax.Node) facts.Value {
	if o.At == nil || o.Scope == nil {
		return v
	}
	obj := v.Obj
	changed := false
	a.r.Between(o.Scope, o.At, use, func(n *syntax.Node, cond bool) bool {
		if n.Kind != "expression_statement" {
			return true
		}
		call := n.First()
		if call == nil || call.Kind != "method_invocation" {
			if call != nil && call.Kind == "assignment_expression" && a.text(call.Get("left")) == name {
				if !changed {
					obj, changed = obj.Clone(), true
				}
				obj.Open = true // reassigned
			}
			return false
		}
		root, steps := a.chain(call)
		if root == nil || root.Kind != "identifier" || a.text(root) != name {
			return false
		}
		if !changed {
			obj, changed = obj.Clone(), true
		}
		a.apply(obj, steps, cond)
		return false
	})
	if changed {
		v.Obj = obj
	}
	return v
}

// apply applies builder setters and map puts to o.
func (a *analyzer) apply(o *facts.Object, steps []step, cond bool) {
	set := func(k string, v facts.Value) {
		if cond {
			v = facts.Value{Text: v.Text, Pos: v.Pos}
		}
		o.Set(k, v)
	}
	for _, s := range steps {
		switch {
		case s.name == "build" || s.name == "toString" || s.name == "toBuilder" || s.name == "builder":
		case s.name == "from" && len(s.args) == 1:
			apicall.Merge(o, a.eval(s.args[0]))
		case (s.name == "put" || s.name == "addProperty" || s.name == "putOpt") && len(s.args) == 2:
			if k := a.eval(s.args[0]); k.Kind == facts.Str && !strings.Contains(k.Str, facts.Hole) {
				set(k.Str, a.eval(s.args[1]))
			} else {
				o.Open = true
			}
		case s.name == "putAll" && len(s.args) == 1:
			apicall.Merge(o, a.eval(s.args[0]))
		case s.name == "remove" && len(s.args) == 1:
			if k := a.eval(s.args[0]); k.Kind == facts.Str {
				o.Delete(k.Str)
			}
		case len(s.args) == 1 && s.name != "get":
			set(apicall.OptionKey(s.name), a.eval(s.args[0]))
		}
	}
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	name := a.text(n.Get("name"))
	obj := n.Get("object")
	args := a.args(n)
	objText := a.text(obj)
	switch {
	case name == "getenv" && objText == "System" && len(args) == 1:
		k := a.eval(args[0])
		return facts.Value{Env: k.Str}
	case (objText == "List" || objText == "Set" || objText == "Arrays" || objText == "Collections") &&
		(name == "of" || name == "asList" || name == "copyOf" || name == "singletonList"):
		v := facts.Value{Kind: facts.List}
		for _, c := range args {
			v.Items = append(v.Items, a.eval(c))
		}
		return v
	case objText == "Map" && name == "of":
		o := facts.NewObject()
		for i := 0; i+1 < len(args); i += 2 {
			if k := a.eval(args[i]); k.Kind == facts.Str {
				o.Set(k.Str, a.eval(args[i+1]))
			} else {
				o.Open = true
			}
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case objText == "Optional" && (name == "of" || name == "ofNullable") && len(args) == 1:
		return a.eval(args[0])
	case objText == "Optional" && name == "empty":
		return facts.Value{Kind: facts.Null}
	case (name == "toJson" || name == "writeValueAsString" || name == "toJSONString" || name == "valueToTree") && len(args) >= 1:
		return a.eval(args[0])
	case (name == "create" && objText == "URI" || name == "ofString" || name == "valueOf" && objText == "String") && len(args) >= 1:
		return a.eval(args[0])
	case name == "create" && objText == "RequestBody" && len(args) == 2:
		for _, c := range args {
			if v := a.eval(c); v.Kind == facts.Str || v.Kind == facts.Obj {
				return v
			}
		}
		return facts.Value{}
	case name == "get" && len(args) == 1:
		if base := a.eval(obj); base.Kind == facts.Obj {
			if k := a.eval(args[0]); k.Kind == facts.Str {
				v, _ := base.Obj.Get(k.Str)
				return v
			}
		}
		return facts.Value{}
	}
	// A builder chain: TranscriptOptionalParams.builder().redactPii(true)...build(),
	// or setters chained on a builder, map or JSON object held in a variable.
	root, steps := a.chain(n)
	if root == nil {
		return facts.Value{}
	}
	var base facts.Value
	switch {
	case len(steps) > 0 && steps[0].name == "builder" && strings.HasSuffix(a.text(root), "Params"):
		base = facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
		steps = steps[1:]
	case root.Kind == "identifier" || root.Kind == "object_creation_expression" || root.Kind == "field_access":
		base = a.eval(root)
	}
	if base.Kind != facts.Obj {
		return facts.Value{}
	}
	o := base.Obj.Clone()
	a.apply(o, steps, false)
	return facts.Value{Kind: facts.Obj, Obj: o}
}
