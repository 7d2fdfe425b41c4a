package python

import (
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Value flow into helpers, bounded (the JS/TS front end does the same): a
// request inside a function whose parameters decide it (def submit(params):
// requests.post(url, json=params)) is judged once per call site of that
// function in the same module, with the parameters bound to the call's
// arguments (positional and keyword, defaults for the rest); the facts
// carry the call sites in Via. Methods are followed through self.name(...)
// and cls.name(...) in their class.

func enclosingFunc(n *syntax.Node) *syntax.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == "function_definition" {
			return p
		}
		if p.Kind == "lambda" {
			return nil
		}
	}
	return nil
}

type param struct {
	name       string
	def        *syntax.Node
	positional bool // may be given by position
	splat      bool // *args or **kwargs
}

func (a *analyzer) params(fn *syntax.Node) []param {
	var out []param
	positional := true
	for _, c := range fn.Get("parameters").NamedChildren() {
		switch c.Kind {
		case "identifier":
			out = append(out, param{name: a.text(c), positional: positional})
		case "typed_parameter":
			if id := c.First(); id != nil && id.Kind == "identifier" {
				out = append(out, param{name: a.text(id), positional: positional})
			}
		case "default_parameter", "typed_default_parameter":
			out = append(out, param{name: a.text(c.Get("name")), def: c.Get("value"), positional: positional})
		case "list_splat_pattern", "keyword_separator":
			positional = false
			out = append(out, param{splat: true})
		case "dictionary_splat_pattern":
			out = append(out, param{splat: true})
		}
	}
	return out
}

// method returns the class whose body defines fn, or nil.
func method(fn *syntax.Node) *syntax.Node {
	p := fn.Parent
	if p != nil && p.Kind == "decorated_definition" {
		p = p.Parent
	}
	if p != nil && p.Kind == "block" && p.Parent != nil && p.Parent.Kind == "class_definition" {
		return p.Parent
	}
	return nil
}

// static reports a @staticmethod.
func (a *analyzer) static(fn *syntax.Node) bool {
	if p := fn.Parent; p != nil && p.Kind == "decorated_definition" {
		for _, d := range p.NamedChildren() {
			if d.Kind == "decorator" && a.text(d.First()) == "staticmethod" {
				return true
			}
		}
	}
	return false
}

// callSites returns the calls of fn in the module: name(...) resolving to
// it, or self.name(...) / cls.name(...) in its class for a method.
func (a *analyzer) callSites(fn *syntax.Node) (sites []*syntax.Node, selfArg bool) {
	name := a.text(fn.Get("name"))
	cls := method(fn)
	static := cls != nil && a.static(fn)
	scope := a.t.Root
	if cls != nil {
		scope = cls
	}
	syntax.Walk(scope, func(n *syntax.Node) bool {
		if len(sites) > facts.MaxCallSites {
			return false
		}
		if n.Kind != "call" || fn.Contains(n) {
			return true
		}
		f := n.Get("function")
		switch {
		case cls != nil && f.Kind == "attribute" && a.text(f.Get("attribute")) == name && (a.text(f.Get("object")) == "self" || a.text(f.Get("object")) == "cls"):
			sites = append(sites, n)
		case cls == nil && f.Kind == "identifier" && a.text(f) == name && a.callsDef(f, fn):
			sites = append(sites, n)
		}
		return true
	})
	return sites, cls != nil && !static // one more than facts.MaxCallSites says there are more
}

// callsDef reports whether the name used resolves to the def fn: no
// assignment or parameter of that name is closer, and fn is defined in a
// scope enclosing the use.
func (a *analyzer) callsDef(use, fn *syntax.Node) bool {
	if d, _ := a.resolveWithScope(use); d != nil || a.paramFn(use) != nil {
		return false
	}
	def := scopeOf(fn)
	for s := scopeOf(use); s != nil; s = scopeOf(s) {
		if s == def {
			return true
		}
	}
	return false
}

// paramFn returns the function whose parameter the identifier names, or
// nil when an assignment in a closer scope binds it.
func (a *analyzer) paramFn(use *syntax.Node) *syntax.Node {
	if use.Kind != "identifier" {
		return nil
	}
	target := a.text(use)
	for s := scopeOf(use); s != nil; s = scopeOf(s) {
		if s.Kind == "function_definition" {
			if ps := s.Get("parameters"); ps != nil && !ps.Contains(use) {
				for _, p := range a.params(s) {
					if p.name == target {
						return s
					}
				}
			}
		}
		assigned := false
		assignmentsIn(s, func(as *syntax.Node) {
			if l := as.Get("left"); l != nil && l.Kind == "identifier" && a.text(l) == target {
				assigned = true
			}
		})
		if assigned {
			return nil
		}
	}
	return nil
}

// paramValue is the value bound to a parameter in the current calling
// context (with the mutations made to it in the function before the use),
// Unknown outside one.
func (a *analyzer) paramValue(use *syntax.Node) (facts.Value, bool) {
	fn := a.paramFn(use)
	if fn == nil {
		return facts.Value{}, false
	}
	b, ok := a.bind[fn]
	if !ok {
		return facts.Value{}, false
	}
	v, ok := b[a.text(use)]
	if ok && v.Kind == facts.Obj {
		v = a.applyMutations(v, a.text(use), fn, fn.Get("parameters"), use)
	}
	return v, ok
}

// usesParams reports whether n depends on a parameter of fn, directly or
// through assignments inside fn.
func (a *analyzer) usesParams(n, fn *syntax.Node, depth int) bool {
	if depth > 6 || n == nil {
		return false
	}
	found := false
	syntax.Walk(n, func(m *syntax.Node) bool {
		if found {
			return false
		}
		if m.Kind != "identifier" {
			return true
		}
		if m.Field == "name" && m.Parent != nil && m.Parent.Kind == "keyword_argument" {
			return true
		}
		if a.paramFn(m) == fn {
			found = true
			return false
		}
		if d := a.resolve(m); d != nil && fn.Contains(d) && !d.Contains(n) {
			found = a.usesParams(d, fn, depth+1) || a.mutatedFromParams(a.text(m), fn, n, depth)
		}
		return !found
	})
	return found
}

// mutatedFromParams reports a statement in fn that changes name
// (name.set_redact_pii(p), name["k"] = p, name.update(p)) with a value
// that depends on fn's parameters.
func (a *analyzer) mutatedFromParams(name string, fn, skip *syntax.Node, depth int) bool {
	found := false
	syntax.Walk(fn.Get("body"), func(n *syntax.Node) bool {
		if found || n.Kind == "function_definition" || n.Kind == "class_definition" || n.Contains(skip) && n == skip {
			return false
		}
		var target *syntax.Node
		switch n.Kind {
		case "call":
			if f := n.Get("function"); f != nil && f.Kind == "attribute" {
				target = f.Get("object")
			}
		case "assignment":
			if l := n.Get("left"); l != nil && (l.Kind == "attribute" || l.Kind == "subscript") {
				target = l.Get("object")
				if l.Kind == "subscript" {
					target = l.Get("value")
				}
			}
		}
		if target != nil && target.Kind == "identifier" && a.text(target) == name && !n.Contains(skip) {
			arg := n.Get("arguments")
			if n.Kind == "assignment" {
				arg = n.Get("right")
			}
			found = a.usesParams(arg, fn, depth+1)
			return false
		}
		return true
	})
	return found
}

// flow is the shared value flow (facts.Flow) over this analyzer.
func (a *analyzer) flow() facts.Flow {
	return facts.Flow{Ev: &a.ev, Bind: &a.bind, Via: &a.via, Limited: &a.flowLimit,
		CallSites: func(fn *syntax.Node) ([]*syntax.Node, func(*syntax.Node) map[string]facts.Value) {
			sites, selfArg := a.callSites(fn)
			return sites, func(call *syntax.Node) map[string]facts.Value { return a.bindArgs(fn, call, selfArg) }
		},
		Enclosing:  enclosingFunc,
		UsesParams: func(n, fn *syntax.Node) bool { return a.usesParams(n, fn, 0) },
		Site: func(call *syntax.Node) facts.Site {
			return a.site(call, facts.JoinPath(a.dotted(call.Get("function"))))
		},
	}
}

// bindArgs binds a call's arguments to fn's parameters: by position, then
// by keyword; missing ones take their default (None without one). A
// *args or **kwargs at the call makes the rest unknown.
func (a *analyzer) bindArgs(fn, call *syntax.Node, selfArg bool) map[string]facts.Value {
	pos, kw, splats := a.callArgs(call)
	ps := a.params(fn)
	if selfArg && len(ps) > 0 {
		ps = ps[1:]
	}
	vals := map[string]facts.Value{}
	unknownRest := len(splats) > 0
	i := 0
	for _, p := range ps {
		if p.splat {
			if p.positional || i < len(pos) {
				unknownRest = unknownRest || i < len(pos)
			}
			i = len(pos)
			continue
		}
		var n *syntax.Node
		if kn, ok := kw[p.name]; ok {
			n = kn
		} else if p.positional && i < len(pos) {
			n = pos[i]
			i++
			if n == nil { // *xs at the call: positions unknown from here on
				unknownRest = true
			}
		}
		switch {
		case n != nil:
			vals[p.name] = a.eval(n)
		case unknownRest:
			vals[p.name] = facts.Value{}
		case p.def != nil:
			vals[p.name] = a.eval(p.def)
		default:
			vals[p.name] = facts.Value{Kind: facts.Null}
		}
	}
	return vals
}

var sinkNames = map[string]bool{
	"transcribe": true, "submit": true, "transcribe_async": true, "submit_async": true, "transcribe_group": true,
	"submit_group": true, "transcribe_group_async": true, "create_temporary_token": true,
	"post": true, "request": true, "get": true,
}

// flowCall visits a call inside a helper whose parameters decide it once
// per calling context; it reports whether it did.
func (a *analyzer) flowCall(n *syntax.Node) bool {
	if a.via != nil {
		return false
	}
	fn := enclosingFunc(n)
	if fn == nil {
		return false
	}
	f := n.Get("function")
	if !sinkNames[last(a.dotted(f), 1)] || !a.usesParams(n.Get("arguments"), fn, 0) && !a.usesParams(f, fn, 0) {
		return false
	}
	// As the file shows it first: a judgement that no parameter decides
	// (a literal lifetime, a complete params object) is not repeated per
	// call site.
	nr, nt := len(a.out.Requests), len(a.out.Tokens)
	a.call(n)
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
	fl.Each(a.out, ctxs, func() { a.call(n) })
	return true
}

// dedupe drops the facts other than requests and tokens that a visit per
// calling context repeated.
func (a *analyzer) dedupe() {
	facts.DedupeSites(&a.out.APICalls, &a.out.Deletes, &a.out.KeyResponses, &a.out.KeyReads)
}
