package jsts

import (
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// eval works out the value of an expression as far as the file shows it.
func (a *analyzer) eval(n *syntax.Node) facts.Value {
	return a.ev.Eval(n, a.leaf, a.eval1)
}

func (a *analyzer) leaf(n *syntax.Node) facts.Value {
	return facts.Value{Text: a.text(n), Pos: a.pos(n)}
}

func (a *analyzer) eval1(n *syntax.Node) facts.Value {
	switch n.Kind {
	case "string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_fragment":
				b.WriteString(a.text(c))
			case "escape_sequence":
				if s, err := strconv.Unquote(`"` + a.text(c) + `"`); err == nil {
					b.WriteString(s)
				} else {
					b.WriteString(a.text(c)[1:])
				}
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "template_string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_fragment":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(a.text(c)[1:])
			case "template_substitution":
				v := a.eval(c.First())
				if v.Kind == facts.Str || v.Kind == facts.Num {
					b.WriteString(strOrNum(v))
				} else {
					b.WriteString(facts.Hole)
				}
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "true", "false":
		return facts.Value{Kind: facts.Bool, Bool: n.Kind == "true"}
	case "null", "undefined":
		return facts.Value{Kind: facts.Null}
	case "number":
		f, ok := facts.ParseNumber(a.text(n))
		if !ok {
			return facts.Value{}
		}
		return facts.Value{Kind: facts.Num, Num: f}
	case "object":
		return a.object(n)
	case "array":
		v := facts.Value{Kind: facts.List}
		for _, c := range n.NamedChildren() {
			if c.Kind == "spread_element" {
				s := a.eval(c.First())
				if s.Kind == facts.List {
					v.Items = append(v.Items, s.Items...)
					v.Open = v.Open || s.Open
				} else {
					v.Open = true
				}
				continue
			}
			v.Items = append(v.Items, a.eval(c))
		}
		return v
	case "identifier", "shorthand_property_identifier":
		if a.text(n) == "undefined" {
			return facts.Value{Kind: facts.Null}
		}
		if m := a.imports[a.text(n)]; strings.HasPrefix(m, "$env/static/") {
			// SvelteKit's env modules: the import is the env read
			return facts.Value{Env: m[strings.LastIndexByte(m, '.')+1:]}
		}
		decl, block, stmt := a.resolveDecl(n)
		if decl != nil && isRequire(a, decl) {
			if e, ok := a.importOf(n); ok {
				return e.Value // const params = require("./params")
			}
		}
		if decl == nil {
			if v, ok := a.paramValue(n); ok {
				return v
			}
			if e, ok := a.importOf(n); ok {
				return e.Value
			}
			return facts.Value{}
		}
		v := a.eval(decl)
		if v.Kind == facts.Obj && block != nil {
			v = a.applyMutations(v, a.text(n), block, stmt, n)
		}
		return v
	case "parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression", "type_assertion":
		for _, c := range n.Children {
			if c.Named && !strings.Contains(c.Kind, "type") {
				return a.eval(c)
			}
		}
		return facts.Value{}
	case "member_expression", "subscript_expression":
		if env := a.envName(n); env != "" {
			return facts.Value{Env: env}
		}
		if n.Kind == "member_expression" && n.Get("object").Kind == "this" {
			if d := a.thisField(n); d != nil {
				return a.eval(d)
			}
			return facts.Value{}
		}
		if v, ok := a.importedMember(n); ok {
			return v
		}
		if v, ok := a.localsKey(n); ok {
			return v
		}
		obj := a.eval(n.Get("object"))
		var key string
		if n.Kind == "member_expression" {
			key = a.text(n.Get("property"))
		} else {
			k := a.eval(n.Get("index"))
			if k.Kind != facts.Str {
				return facts.Value{}
			}
			key = k.Str
		}
		if obj.Kind == facts.Obj {
			if v, ok := obj.Obj.Get(key); ok {
				return v
			}
		}
		if n.Kind == "member_expression" && facts.IsKeyName(key) && obj.Kind == facts.Unknown {
			// config.ASSEMBLYAI_API_KEY: a setting named for the key holds it
			return facts.Value{Env: key}
		}
		return facts.Value{}
	case "binary_expression":
		op := a.text(n.Get("operator"))
		l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
		switch op {
		case "+":
			if l.Kind == facts.Str || r.Kind == facts.Str {
				return facts.Value{Kind: facts.Str, Str: strOrHole(l) + strOrHole(r)}
			}
			if l.Kind == facts.Num && r.Kind == facts.Num {
				return facts.Value{Kind: facts.Num, Num: l.Num + r.Num}
			}
		case "*":
			if l.Kind == facts.Num && r.Kind == facts.Num {
				return facts.Value{Kind: facts.Num, Num: l.Num * r.Num}
			}
		case "||", "??":
			if l.Kind != facts.Unknown && l.Kind != facts.Null {
				return l
			}
			if r.Kind != facts.Unknown {
				r.Env = l.Env
				return r
			}
			return l
		}
		return facts.Value{}
	case "call_expression":
		return a.evalCall(n)
	case "new_expression":
		parts, _ := a.callee(n.Get("constructor"))
		if len(parts) == 1 && parts[0] == "URL" {
			args := a.args(n)
			if len(args) == 2 {
				return facts.Value{Kind: facts.Str, Str: facts.Join(strOrHole(a.eval(args[1])), strOrHole(a.eval(args[0])))}
			}
			if len(args) == 1 {
				return a.eval(args[0])
			}
		}
		return facts.Value{}
	case "await_expression":
		return facts.Value{}
	}
	return facts.Value{}
}

func strOrNum(v facts.Value) string {
	if v.Kind == facts.Num {
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	}
	return v.Str
}

func strOrHole(v facts.Value) string {
	switch v.Kind {
	case facts.Str, facts.Num:
		return strOrNum(v)
	}
	return facts.Hole
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	parts, _ := a.callee(n.Get("function"))
	args := a.args(n)
	name := strings.Join(parts, ".")
	switch name {
	case "JSON.stringify", "String":
		if len(args) > 0 {
			return a.eval(args[0])
		}
	case "Object.assign":
		o := facts.NewObject()
		for _, arg := range args {
			v := a.eval(arg)
			if v.Kind == facts.Obj {
				o.Merge(v.Obj)
			} else {
				o.Open = true
			}
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "Number", "parseInt":
		if len(args) > 0 {
			if v := a.eval(args[0]); v.Kind == facts.Num {
				return v
			}
		}
	}
	return facts.Value{}
}

func (a *analyzer) object(n *syntax.Node) facts.Value {
	o := facts.NewObject()
	for _, c := range n.NamedChildren() {
		switch c.Kind {
		case "pair":
			k := c.Get("key")
			var key string
			switch k.Kind {
			case "property_identifier", "number":
				key = a.text(k)
			case "string":
				s, ok := a.stringLit(k)
				if !ok {
					o.Open = true
					continue
				}
				key = s
			default: // computed
				kv := a.eval(k.First())
				if kv.Kind != facts.Str || strings.Contains(kv.Str, facts.Hole) {
					o.Open = true
					continue
				}
				key = kv.Str
			}
			o.Set(key, a.eval(c.Get("value")))
		case "shorthand_property_identifier":
			v := a.eval(c)
			o.Set(a.text(c), v)
		case "spread_element":
			v := a.eval(c.First())
			if v.Kind == facts.Obj {
				o.Merge(v.Obj)
			} else {
				o.Open = true
			}
		case "method_definition":
			o.Set(a.text(c.Get("name")), facts.Value{})
		}
	}
	return facts.Value{Kind: facts.Obj, Obj: o}
}

// scopeKinds are the nodes whose direct statements declare names.
func isScope(n *syntax.Node) bool {
	switch n.Kind {
	case "program", "statement_block", "class_body", "switch_case", "switch_default":
		return true
	}
	return false
}

// resolveDecl finds the declaration of the identifier use: the value
// expression it was declared with, the block it was declared in and the
// statement of the declaration. The nearest enclosing scope wins; within a
// scope, the last declaration before the use (or the first after it, for
// uses inside functions declared earlier).
func (a *analyzer) resolveDecl(use *syntax.Node) (value, block, stmt *syntax.Node) {
	name := a.text(use)
	for s := use.Parent; s != nil; s = s.Parent {
		if !isScope(s) {
			// a parameter of an enclosing function shadows outer names
			if s.Kind == "function_declaration" || s.Kind == "arrow_function" || s.Kind == "function_expression" || s.Kind == "method_definition" || s.Kind == "function" {
				if params := s.Get("parameters"); params != nil && declaresParam(a, params, name) {
					return nil, nil, nil
				}
				if p := s.Get("parameter"); p != nil && a.text(p) == name {
					return nil, nil, nil
				}
			}
			continue
		}
		var before, after *syntax.Node
		var beforeStmt, afterStmt *syntax.Node
		for _, st := range s.NamedChildren() {
			decl := st
			if decl.Kind == "export_statement" {
				if d := decl.Get("declaration"); d != nil {
					decl = d
				}
			}
			if decl.Kind != "lexical_declaration" && decl.Kind != "variable_declaration" {
				continue
			}
			for _, vd := range decl.NamedChildren() {
				if vd.Kind != "variable_declarator" || vd.Get("name") == nil || vd.Get("name").Kind != "identifier" || a.text(vd.Get("name")) != name {
					continue
				}
				if vd.Contains(use) {
					continue
				}
				if vd.Start < use.Start {
					before, beforeStmt = vd.Get("value"), st
				} else if after == nil {
					after, afterStmt = vd.Get("value"), st
				}
			}
		}
		if before != nil {
			return before, s, beforeStmt
		}
		if after != nil {
			return after, s, afterStmt
		}
	}
	return nil, nil, nil
}

func declaresParam(a *analyzer, params *syntax.Node, name string) bool {
	found := false
	syntax.Walk(params, func(n *syntax.Node) bool {
		if (n.Kind == "identifier" || n.Kind == "shorthand_property_identifier_pattern") && a.text(n) == name {
			found = true
		}
		return !found
	})
	return found
}

// resolve returns the declaration value node of an identifier.
func (a *analyzer) resolve(id *syntax.Node) *syntax.Node {
	v, _, _ := a.resolveDecl(id)
	return v
}

// applyMutations applies, to a copy of an object declared by stmt in
// block, the property assignments and Object.assign calls on name that
// come after the declaration and before the use.
func (a *analyzer) applyMutations(v facts.Value, name string, block, stmt, use *syntax.Node) facts.Value {
	var o *facts.Object
	for _, st := range block.NamedChildren() {
		if st.Start <= stmt.Start || st.Start >= use.Start || st.Contains(use) {
			continue
		}
		if st.Kind != "expression_statement" {
			continue
		}
		e := st.First()
		switch {
		case e != nil && e.Kind == "assignment_expression":
			l := e.Get("left")
			if l == nil || (l.Kind != "member_expression" && l.Kind != "subscript_expression") || a.text(l.Get("object")) != name {
				continue
			}
			var key string
			if l.Kind == "member_expression" {
				key = a.text(l.Get("property"))
			} else if k := a.eval(l.Get("index")); k.Kind == facts.Str {
				key = k.Str
			} else {
				continue
			}
			if o == nil {
				o = v.Obj.Clone()
			}
			o.Set(key, a.eval(e.Get("right")))
		case e != nil && e.Kind == "call_expression" && a.text(e.Get("function")) == "Object.assign":
			args := a.args(e)
			if len(args) < 2 || a.text(args[0]) != name {
				continue
			}
			if o == nil {
				o = v.Obj.Clone()
			}
			for _, arg := range args[1:] {
				if av := a.eval(arg); av.Kind == facts.Obj {
					o.Merge(av.Obj)
				} else {
					o.Open = true
				}
			}
		}
	}
	if o == nil {
		return v
	}
	v.Obj = o
	return v
}
