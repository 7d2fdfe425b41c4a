package jsts

import (
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Value flow into helpers, bounded. A request (or token mint) inside a
// function whose parameters decide it (async function submit(params) {
// return client.transcripts.submit(params) }) is judged once per call site
// of that function in the same file, with the parameters bound to the
// call's arguments; the facts carry the call sites in Via. A function
// without a call site in the file (exported, a callback) stays unknown.

// isFunc reports the node kinds that take parameters.
func isFunc(n *syntax.Node) bool {
	switch n.Kind {
	case "function_declaration", "function_expression", "arrow_function", "method_definition", "function", "generator_function_declaration", "generator_function":
		return true
	}
	return false
}

func enclosingFunc(n *syntax.Node) *syntax.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if isFunc(p) {
			return p
		}
	}
	return nil
}

// param is one formal parameter: a name, or an object pattern's names.
type param struct {
	name  string            // identifier parameter
	props map[string]string // object pattern: local name -> property
	def   *syntax.Node      // default value
	rest  bool
}

func (a *analyzer) params(fn *syntax.Node) []param {
	if p := fn.Get("parameter"); p != nil { // x => ...
		return []param{{name: a.text(p)}}
	}
	var out []param
	for _, c := range fn.Get("parameters").NamedChildren() {
		pat, def := c, (*syntax.Node)(nil)
		switch c.Kind {
		case "required_parameter", "optional_parameter":
			pat, def = c.Get("pattern"), c.Get("value")
		case "assignment_pattern":
			pat, def = c.Get("left"), c.Get("right")
		}
		if pat == nil {
			out = append(out, param{})
			continue
		}
		switch pat.Kind {
		case "identifier":
			out = append(out, param{name: a.text(pat), def: def})
		case "object_pattern":
			p := param{props: map[string]string{}, def: def}
			for _, e := range pat.NamedChildren() {
				switch e.Kind {
				case "shorthand_property_identifier_pattern":
					p.props[a.text(e)] = a.text(e)
				case "pair_pattern":
					if v := e.Get("value"); v != nil && v.Kind == "identifier" {
						p.props[a.text(v)] = a.text(e.Get("key"))
					}
				}
			}
			out = append(out, p)
		case "rest_pattern":
			out = append(out, param{rest: true})
		default:
			out = append(out, param{})
		}
	}
	return out
}

// funcName returns the name a function is called by in this file, and
// whether it is a method (called as this.name(...)).
func (a *analyzer) funcName(fn *syntax.Node) (string, bool) {
	switch fn.Kind {
	case "function_declaration", "generator_function_declaration":
		return a.text(fn.Get("name")), false
	case "method_definition":
		return a.text(fn.Get("name")), true
	}
	if p := fn.Parent; p != nil && p.Kind == "variable_declarator" && p.Get("value") == fn && p.Get("name").Kind == "identifier" {
		return a.text(p.Get("name")), false
	}
	return "", false
}

// callSites returns the calls of fn in the file: name(...) for a function
// that the name resolves to (not shadowed), this.name(...) inside the
// class for a method.
func (a *analyzer) callSites(fn *syntax.Node) []*syntax.Node {
	name, method := a.funcName(fn)
	if name == "" || name == "constructor" {
		return nil
	}
	scope := a.t.Root
	if method {
		scope = fn.Ancestor("class_body")
		if scope == nil {
			return nil
		}
	}
	var out []*syntax.Node
	syntax.Walk(scope, func(n *syntax.Node) bool {
		if len(out) > facts.MaxCallSites {
			return false
		}
		if n.Kind != "call_expression" || fn.Contains(n) { // a recursive call is not a site
			return true
		}
		f := n.Get("function")
		switch {
		case method && f.Kind == "member_expression" && f.Get("object").Kind == "this" && a.text(f.Get("property")) == name:
			out = append(out, n)
		case !method && f.Kind == "identifier" && a.text(f) == name && a.declares(f, fn):
			out = append(out, n)
		}
		return true
	})
	return out // one more than facts.MaxCallSites says there are more
}

// declares reports whether the identifier use resolves to the function fn
// (its declaration or the variable it is assigned to), not to a parameter
// or a closer declaration of the same name.
func (a *analyzer) declares(use, fn *syntax.Node) bool {
	if v, _, _ := a.resolveDecl(use); v != nil {
		return v == fn
	}
	if a.paramFn(use) != nil {
		return false
	}
	// a function declaration: the nearest scope declaring the name
	name := a.text(use)
	for s := use.Parent; s != nil; s = s.Parent {
		if !isScope(s) {
			continue
		}
		for _, st := range s.NamedChildren() {
			d := st
			if d.Kind == "export_statement" && d.Get("declaration") != nil {
				d = d.Get("declaration")
			}
			if (d.Kind == "function_declaration" || d.Kind == "generator_function_declaration") && a.text(d.Get("name")) == name {
				return d == fn
			}
		}
	}
	return false
}

// paramFn returns the function whose parameter the identifier use names,
// or nil when a declaration closer than any parameter (or none) binds it.
func (a *analyzer) paramFn(use *syntax.Node) *syntax.Node {
	name := a.text(use)
	for s := use.Parent; s != nil; s = s.Parent {
		if isFunc(s) {
			if params := s.Get("parameters"); params != nil && declaresParam(a, params, name) && !params.Contains(use) {
				return s
			}
			if p := s.Get("parameter"); p != nil && a.text(p) == name && p != use {
				return s
			}
		}
		if isScope(s) {
			for _, st := range s.NamedChildren() {
				d := st
				if d.Kind == "export_statement" && d.Get("declaration") != nil {
					d = d.Get("declaration")
				}
				if d.Kind != "lexical_declaration" && d.Kind != "variable_declaration" {
					continue
				}
				for _, vd := range d.NamedChildren() {
					if vd.Kind == "variable_declarator" && vd.Get("name") != nil && a.text(vd.Get("name")) == name {
						return nil
					}
				}
			}
		}
	}
	return nil
}

// paramValue is the value bound to a parameter in the current calling
// context, Unknown outside one.
func (a *analyzer) paramValue(use *syntax.Node) (facts.Value, bool) {
	fn := a.paramFn(use)
	if fn == nil {
		return facts.Value{}, false
	}
	b, ok := a.bind[fn]
	if !ok {
		return facts.Value{}, false
	}
	name := a.text(use)
	v, ok := b[name]
	if !ok {
		return v, false
	}
	if a.reassigned(fn, name) {
		return facts.Value{}, true // params = {...}: not followed
	}
	if body := fn.Get("body"); v.Kind == facts.Obj && body != nil && body.Kind == "statement_block" {
		v = a.applyMutations(v, name, body, fn.Get("parameters"), use)
	}
	return v, true
}

// reassigned reports an assignment to the parameter name in fn's body.
func (a *analyzer) reassigned(fn *syntax.Node, name string) bool {
	found := false
	syntax.Walk(fn.Get("body"), func(n *syntax.Node) bool {
		if found || n != fn && isFunc(n) {
			return false
		}
		if (n.Kind == "assignment_expression" || n.Kind == "augmented_assignment_expression") && n.Get("left") != nil && n.Get("left").Kind == "identifier" && a.text(n.Get("left")) == name {
			found = true
		}
		return !found
	})
	return found
}

// usesParams reports whether n's value depends on a parameter of fn:
// directly, or through local declarations inside fn (bounded).
func (a *analyzer) usesParams(n, fn *syntax.Node, depth int) bool {
	if depth > 6 || n == nil {
		return false
	}
	found := false
	syntax.Walk(n, func(m *syntax.Node) bool {
		if found {
			return false
		}
		if m.Kind != "identifier" && m.Kind != "shorthand_property_identifier" {
			return true
		}
		if p := a.paramFn(m); p == fn {
			found = true
			return false
		}
		if v, _, _ := a.resolveDecl(m); v != nil && fn.Contains(v) && !v.Contains(n) {
			found = a.usesParams(v, fn, depth+1) || a.mutatedFromParams(a.text(m), fn, n, depth)
		}
		return !found
	})
	return found
}

// mutatedFromParams reports a statement in fn that changes name
// (name.x = p, name["x"] = p, Object.assign(name, p)) with a value that
// depends on fn's parameters.
func (a *analyzer) mutatedFromParams(name string, fn, skip *syntax.Node, depth int) bool {
	found := false
	syntax.Walk(fn.Get("body"), func(n *syntax.Node) bool {
		if found || n != fn && isFunc(n) {
			return false
		}
		if n.Contains(skip) {
			return true
		}
		switch n.Kind {
		case "assignment_expression":
			l := n.Get("left")
			if l != nil && (l.Kind == "member_expression" || l.Kind == "subscript_expression") && a.text(l.Get("object")) == name {
				found = a.usesParams(n.Get("right"), fn, depth+1)
				return false
			}
		case "call_expression":
			if a.text(n.Get("function")) == "Object.assign" {
				if args := a.args(n); len(args) > 1 && a.text(args[0]) == name {
					found = a.usesParams(n.Get("arguments"), fn, depth+1)
					return false
				}
			}
		}
		return true
	})
	return found
}

// flow is the shared value flow (facts.Flow) over this analyzer.
func (a *analyzer) flow() facts.Flow {
	return facts.Flow{Ev: &a.ev, Bind: &a.bind, Via: &a.via, Limited: &a.flowLimit,
		CallSites: func(fn *syntax.Node) ([]*syntax.Node, func(*syntax.Node) map[string]facts.Value) {
			return a.callSites(fn), func(call *syntax.Node) map[string]facts.Value { return a.bindArgs(fn, call) }
		},
		Enclosing:  enclosingFunc,
		UsesParams: func(n, fn *syntax.Node) bool { return a.usesParams(n, fn, 0) },
		Site: func(call *syntax.Node) facts.Site {
			parts, _ := a.callee(call.Get("function"))
			return a.site(call, facts.JoinPath(parts))
		},
	}
}

// bindArgs evaluates a call's arguments (in the current context) into fn's
// parameters; a missing argument takes the default.
func (a *analyzer) bindArgs(fn, call *syntax.Node) map[string]facts.Value {
	args := a.args(call)
	vals := map[string]facts.Value{}
	for i, p := range a.params(fn) {
		if p.rest {
			break
		}
		var v facts.Value
		switch {
		case i < len(args) && args[i].Kind == "spread_element":
			return vals // positions unknown from here on
		case i < len(args):
			v = a.eval(args[i])
			if v.Kind == facts.Null && p.def != nil {
				v = a.eval(p.def)
			}
		case p.def != nil:
			v = a.eval(p.def)
		default:
			v = facts.Value{Kind: facts.Null}
		}
		if p.name != "" {
			vals[p.name] = v
		}
		for local, prop := range p.props {
			if v.Kind == facts.Obj {
				pv, _ := v.Obj.Get(prop)
				vals[local] = pv
			} else {
				vals[local] = facts.Value{}
			}
		}
	}
	return vals
}

// sinkNames are the last callee parts of calls whose facts a helper's
// parameters can decide: SDK requests and token mints, HTTP clients.
var sinkNames = map[string]bool{
	"transcribe": true, "submit": true, "create": true, "createTemporaryToken": true,
	"fetch": true, "$fetch": true, "ofetch": true, "axios": true, "got": true, "ky": true,
	"post": true, "request": true, "get": true,
}

// flowCall visits a call inside a helper whose parameters decide it once
// per calling context; it reports whether it did.
func (a *analyzer) flowCall(n *syntax.Node, isNew bool) bool {
	if isNew || a.via != nil {
		return false // already inside a context: the visit runs per context
	}
	fn := enclosingFunc(n)
	if fn == nil {
		return false
	}
	f := n.Get("function")
	parts, _ := a.callee(f)
	if !sinkNames[last(parts, 1)] || !a.usesParams(n.Get("arguments"), fn, 0) && !a.usesParams(f, fn, 0) {
		return false
	}
	// As the file shows it first: a judgement that no parameter decides
	// (a literal lifetime, a complete params object) is not repeated per
	// call site.
	nr, nt := len(a.out.Requests), len(a.out.Tokens)
	a.call(n, false)
	if facts.AllDecided(a.out.Requests[nr:], a.out.Tokens[nt:]) {
		return true
	}
	fl := a.flow()
	ctxs := fl.Contexts(fn, 0)
	if len(ctxs) == 0 {
		return true // no call site here: what the file shows
	}
	a.out.Requests, a.out.Tokens = a.out.Requests[:nr], a.out.Tokens[:nt]
	defer a.dedupe()
	fl.Each(a.out, ctxs, func() { a.call(n, false) })
	return true
}

// dedupe drops the facts other than requests and tokens that a visit per
// calling context repeated (an API call, a deletion: one place each).
func (a *analyzer) dedupe() {
	facts.DedupeSites(&a.out.APICalls, &a.out.Deletes, &a.out.KeyResponses, &a.out.Clients, &a.out.KeyReads, &a.out.PublicEnv)
	seen := map[facts.Site]bool{}
	kept := a.out.Streaming[:0]
	for _, s := range a.out.Streaming {
		if !seen[s.Site] {
			seen[s.Site] = true
			kept = append(kept, s)
		}
	}
	a.out.Streaming = kept
}
