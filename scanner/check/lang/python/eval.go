package python

import (
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
			case "string_content":
				b.WriteString(a.text(c))
			case "escape_sequence":
				b.WriteString(a.text(c)[1:])
			case "interpolation":
				v := a.eval(c.Get("expression"))
				if v.Kind == facts.Str || v.Kind == facts.Num {
					b.WriteString(strOrHole(v))
				} else {
					b.WriteString(facts.Hole)
				}
			}
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "concatenated_string":
		var b strings.Builder
		for _, c := range n.NamedChildren() {
			b.WriteString(strOrHole(a.eval(c)))
		}
		return facts.Value{Kind: facts.Str, Str: b.String()}
	case "true", "false":
		return facts.Value{Kind: facts.Bool, Bool: n.Kind == "true"}
	case "none":
		return facts.Value{Kind: facts.Null}
	case "integer", "float":
		return num(a.text(n))
	case "dictionary":
		o := facts.NewObject()
		for _, c := range n.NamedChildren() {
			switch c.Kind {
			case "pair":
				k := a.eval(c.Get("key"))
				if k.Kind != facts.Str || strings.Contains(k.Str, facts.Hole) {
					o.Open = true
					continue
				}
				o.Set(k.Str, a.eval(c.Get("value")))
			case "dictionary_splat":
				mergeInto(o, a.eval(c.First()))
			default:
				o.Open = true
			}
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case "list", "tuple", "set":
		v := facts.Value{Kind: facts.List}
		for _, c := range n.NamedChildren() {
			if c.Kind == "list_splat" {
				s := a.eval(c.First())
				v.Items = append(v.Items, s.Items...)
				v.Open = v.Open || s.Kind != facts.List || s.Open
				continue
			}
			v.Items = append(v.Items, a.eval(c))
		}
		return v
	case "list_comprehension":
		return facts.Value{Kind: facts.List, Open: true}
	case "identifier", "attribute":
		if env := a.envName(n); env != "" {
			return facts.Value{Env: env}
		}
		if n.Kind == "attribute" {
			if q := a.qualify(a.dotted(n)); isSDK(q) && strings.HasSuffix(q, ".settings.api_key") {
				// the SDK's key setting holds the key
				return facts.Value{Env: q}
			}
		}
		decl, scope := a.resolveWithScope(n)
		if decl == nil {
			if v, ok := a.paramValue(n); ok {
				return v
			}
			if e, ok := a.importOf(n); ok {
				return e.Value
			}
			if n.Kind == "attribute" {
				obj := a.eval(n.Get("object"))
				if obj.Kind == facts.Obj {
					if v, ok := obj.Obj.Get(a.text(n.Get("attribute"))); ok {
						return v
					}
				}
				if attr := a.text(n.Get("attribute")); facts.IsKeyName(attr) && obj.Kind == facts.Unknown {
					// settings.ASSEMBLYAI_API_KEY: a setting named for the key holds it
					return facts.Value{Env: attr}
				}
			}
			return facts.Value{}
		}
		v := a.eval(decl)
		if v.Kind == facts.Obj && scope != nil {
			v = a.applyMutations(v, a.text(n), scope, decl, n)
		}
		return v
	case "parenthesized_expression":
		return a.eval(n.First())
	case "subscript":
		if env := a.envName(n); env != "" {
			return facts.Value{Env: env}
		}
		obj := a.eval(n.Get("value"))
		k := a.eval(n.Get("subscript"))
		if obj.Kind == facts.Obj && k.Kind == facts.Str {
			if v, ok := obj.Obj.Get(k.Str); ok {
				return v
			}
		}
		return facts.Value{}
	case "binary_operator":
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
		case "|":
			if l.Kind == facts.Obj && r.Kind == facts.Obj {
				o := l.Obj.Clone()
				o.Merge(r.Obj)
				return facts.Value{Kind: facts.Obj, Obj: o}
			}
		}
		return facts.Value{}
	case "boolean_operator":
		if a.text(n.Get("operator")) == "or" {
			l, r := a.eval(n.Get("left")), a.eval(n.Get("right"))
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
	case "call":
		return a.evalCall(n)
	case "await":
		return facts.Value{}
	}
	return facts.Value{}
}

func mergeInto(o *facts.Object, v facts.Value) {
	if v.Kind == facts.Obj {
		o.Merge(v.Obj)
	} else {
		o.Open = true
	}
}

func strOrHole(v facts.Value) string {
	switch v.Kind {
	case facts.Str:
		return v.Str
	case facts.Num:
		return fmtFloat(v.Num)
	}
	return facts.Hole
}

func (a *analyzer) evalCall(n *syntax.Node) facts.Value {
	fn := n.Get("function")
	parts := a.dotted(fn)
	qual := a.qualify(parts)
	pos, kw, splats := a.callArgs(n)
	m := last(parts, 1)
	switch {
	case qual == "json.dumps" || qual == "str":
		if len(pos) > 0 {
			return a.eval(pos[0])
		}
	case qual == "dict" || (isSDK(qual) && strings.HasSuffix(qual, "TranscriptionConfig")) || m == "TranscriptionConfig":
		o := facts.NewObject()
		if qual == "dict" && len(pos) > 0 {
			mergeInto(o, a.eval(pos[0]))
		}
		for _, al := range n.Get("arguments").NamedChildren() {
			switch al.Kind {
			case "keyword_argument":
				o.Set(a.text(al.Get("name")), a.eval(al.Get("value")))
			case "dictionary_splat":
				mergeInto(o, a.eval(al.First()))
			}
		}
		_ = splats
		return facts.Value{Kind: facts.Obj, Obj: o}
	case qual == "urllib.parse.urljoin" || qual == "urljoin" || strings.HasSuffix(qual, ".urljoin"):
		if len(pos) == 2 {
			return facts.Value{Kind: facts.Str, Str: facts.Join(strOrHole(a.eval(pos[0])), strOrHole(a.eval(pos[1])))}
		}
	case qual == "int" || qual == "float":
		if len(pos) > 0 {
			if v := a.eval(pos[0]); v.Kind == facts.Num {
				return v
			}
		}
	case qual == "os.getenv" || qual == "os.environ.get" || qual == "getenv" || qual == "environ.get":
		env := ""
		if len(pos) > 0 {
			if k := a.eval(pos[0]); k.Kind == facts.Str {
				env = k.Str
			}
		}
		if d := arg(pos, kw, "default", 1); d != nil {
			v := a.eval(d)
			v.Env = env
			return v
		}
		return facts.Value{Env: env}
	case fn.Kind == "attribute" && (m == "set_redact_pii" || m == "set_webhook" || m == "set_content_safety"):
		recv := a.eval(fn.Get("object"))
		if recv.Kind != facts.Obj {
			return facts.Value{}
		}
		o := recv.Obj.Clone()
		a.applySetter(o, m, n)
		return facts.Value{Kind: facts.Obj, Obj: o}
	}
	return facts.Value{}
}

// applySetter applies a TranscriptionConfig setter call to o.
func (a *analyzer) applySetter(o *facts.Object, setter string, call *syntax.Node) {
	pos, kw, _ := a.callArgs(call)
	val := func(name string, i int, def facts.Value) facts.Value {
		if n := arg(pos, kw, name, i); n != nil {
			return a.eval(n)
		}
		return def
	}
	yes := facts.Value{Kind: facts.Bool, Bool: true}
	switch setter {
	case "set_redact_pii":
		en := val("enable", 0, yes)
		o.Set("redact_pii", en)
		if t, known := en.Truth(); known && !t {
			o.Delete("redact_pii_policies")
			return
		}
		if p := arg(pos, kw, "policies", -1); p != nil {
			o.Set("redact_pii_policies", a.eval(p))
		}
		if s := arg(pos, kw, "substitution", -1); s != nil {
			o.Set("redact_pii_sub", a.eval(s))
		}
	case "set_content_safety":
		o.Set("content_safety", val("enable", 0, yes))
	case "set_webhook":
		url := val("url", 0, facts.Value{Kind: facts.Null})
		o.Set("webhook_url", url)
		name := val("auth_header_name", 1, facts.Value{Kind: facts.Null})
		value := val("auth_header_value", 2, facts.Value{Kind: facts.Null})
		// the SDK stores the header only when both are truthy
		nt, nk := name.Truth()
		vt, vk := value.Truth()
		if (nt || !nk) && (vt || !vk) {
			o.Set("webhook_auth_header_name", name)
			o.Set("webhook_auth_header_value", value)
		} else {
			o.Delete("webhook_auth_header_name")
			o.Delete("webhook_auth_header_value")
		}
	}
}

// scopeOf returns the function, class or module that n belongs to.
func scopeOf(n *syntax.Node) *syntax.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == "function_definition" || p.Kind == "class_definition" || p.Kind == "module" || p.Kind == "lambda" {
			return p
		}
	}
	return nil
}

// assignmentsIn calls fn for each assignment in scope s, not descending
// into nested functions or classes.
func assignmentsIn(s *syntax.Node, fn func(*syntax.Node)) {
	syntax.Walk(s, func(n *syntax.Node) bool {
		if n != s && (n.Kind == "function_definition" || n.Kind == "class_definition" || n.Kind == "lambda") {
			return false
		}
		if n.Kind == "assignment" {
			fn(n)
		}
		return true
	})
}

// resolve returns the value node assigned to an identifier (or to
// self.attr), or nil.
func (a *analyzer) resolve(use *syntax.Node) *syntax.Node {
	d, _ := a.resolveWithScope(use)
	return d
}

func (a *analyzer) resolveWithScope(use *syntax.Node) (*syntax.Node, *syntax.Node) {
	target := a.text(use)
	if use.Kind == "attribute" {
		obj := use.Get("object")
		if obj == nil || obj.Kind != "identifier" || (a.text(obj) != "self" && a.text(obj) != "cls") {
			return nil, nil
		}
		cls := use.Ancestor("class_definition")
		if cls == nil {
			return nil, nil
		}
		attr := a.text(use.Get("attribute"))
		var found *syntax.Node
		syntax.Walk(cls, func(n *syntax.Node) bool {
			if found != nil {
				return false
			}
			if n.Kind == "assignment" && n.Get("right") != nil {
				l := a.text(n.Get("left"))
				// self.x = ... in a method, or a class attribute x = ...
				if l == target || l == attr && scopeOf(n) == cls {
					found = n.Get("right")
				}
			}
			return true
		})
		return found, nil
	}
	for s := scopeOf(use); s != nil; s = scopeOf(s) {
		var before, after *syntax.Node
		assignmentsIn(s, func(as *syntax.Node) {
			l, r := as.Get("left"), as.Get("right")
			if l == nil || r == nil || l.Kind != "identifier" || a.text(l) != target || as.Contains(use) {
				return
			}
			if as.Start < use.Start {
				before = r
			} else if after == nil {
				after = r
			}
		})
		if before != nil {
			// params = {**params, ...}: the reassignment, not the parameter
			return before, s
		}
		if s.Kind == "function_definition" {
			if ps := s.Get("parameters"); ps != nil {
				shadow := false
				syntax.Walk(ps, func(n *syntax.Node) bool {
					if n.Kind == "identifier" && a.text(n) == target && n.Field != "type" {
						shadow = true
					}
					return !shadow && n.Kind != "type"
				})
				if shadow {
					return nil, nil
				}
			}
		}
		if after != nil {
			return after, s
		}
		if s.Kind == "class_definition" {
			// class bodies are not enclosing scopes for methods
			continue
		}
	}
	return nil, nil
}

// applyMutations applies statements on name between its assignment and the
// use: name.set_redact_pii(...), name.redact_pii = x, name["k"] = v,
// name.update({...}), and name.set_redact_pii = True (which breaks the
// setter and enables nothing).
func (a *analyzer) applyMutations(v facts.Value, name string, scope, decl, use *syntax.Node) facts.Value {
	var o *facts.Object
	get := func() *facts.Object {
		if o == nil {
			o = v.Obj.Clone()
		}
		return o
	}
	syntax.Walk(scope, func(n *syntax.Node) bool {
		if n != scope && (n.Kind == "function_definition" || n.Kind == "class_definition") {
			return false
		}
		if n.Start <= decl.Start || n.Start >= use.Start || n.Contains(use) {
			return true
		}
		switch n.Kind {
		case "assignment":
			l := n.Get("left")
			if l == nil || n.Get("right") == nil {
				return true
			}
			switch {
			case l.Kind == "attribute" && a.text(l.Get("object")) == name:
				attr := a.text(l.Get("attribute"))
				if strings.HasPrefix(attr, "set_") {
					get().BrokenSetters = append(get().BrokenSetters, attr)
					return false
				}
				get().Set(attr, a.eval(n.Get("right")))
			case l.Kind == "subscript" && a.text(l.Get("value")) == name:
				if k := a.eval(l.Get("subscript")); k.Kind == facts.Str {
					get().Set(k.Str, a.eval(n.Get("right")))
				}
			}
			return false
		case "call":
			fn := n.Get("function")
			if fn == nil || fn.Kind != "attribute" || a.text(fn.Get("object")) != name {
				return true
			}
			switch m := a.text(fn.Get("attribute")); m {
			case "set_redact_pii", "set_webhook", "set_content_safety":
				a.applySetter(get(), m, n)
			case "update":
				pos, kw, _ := a.callArgs(n)
				if len(pos) > 0 {
					mergeInto(get(), a.eval(pos[0]))
				}
				for k, vn := range kw {
					get().Set(k, a.eval(vn))
				}
			}
		}
		return true
	})
	if o == nil {
		return v
	}
	v.Obj = o
	return v
}
