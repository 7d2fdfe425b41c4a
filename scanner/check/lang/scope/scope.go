// Package scope resolves names within one file for the Ruby, Java, C#, PHP
// and Go front ends: which assignment or declaration a use refers to (the
// last one before the use in the nearest enclosing scope that binds the
// name), whether it is a function's parameter, the calls of a function
// within the file (to follow a parameter to its arguments), and the
// statements between a declaration and a use (to apply later mutations).
//
// Each front end describes its grammar with a [Grammar]; the walking is
// shared.
package scope

import "github.com/aaiguard/aaiguard/scanner/check/lang/syntax"

// Binding is a name bound to a value node by an assignment or declaration.
type Binding struct {
	Name  string
	Value *syntax.Node // nil: declared without a value (var p T)
}

// Call is a call of a function by its simple name, with its arguments.
type Call struct {
	Node *syntax.Node
	Pos  []*syntax.Node
	KW   map[string]*syntax.Node
}

// Grammar describes a language to the resolver.
type Grammar struct {
	// Scope reports whether n opens a scope (a function, method, block
	// with locals, class, or the file).
	Scope func(n *syntax.Node) bool
	// Params returns the parameter names of a function or method node,
	// in order, and false for other scopes.
	Params func(fn *syntax.Node) ([]string, bool)
	// FuncName returns the name a function or method is called by.
	FuncName func(fn *syntax.Node) string
	// Bind returns the bindings a node makes (none for most nodes).
	Bind func(n *syntax.Node) []Binding
	// Call recognises a call of a function or method by its simple name.
	Call func(n *syntax.Node) (name string, c Call, ok bool)
	// Conditional reports nodes whose body may not run (if, unless,
	// ternaries, case/switch arms, loops, rescue...).
	Conditional func(n *syntax.Node) bool
	// Opaque reports scopes whose body does not see the enclosing
	// scopes' locals (a Ruby def, a PHP function); Global then says which
	// names are still looked up outside (Ruby constants).
	Opaque func(s *syntax.Node) bool
	Global func(name string) bool
}

// Origin is what a use of a name refers to.
type Origin struct {
	// Value is the bound value (nil for a parameter or a declaration
	// without a value).
	Value *syntax.Node
	// At is the binding node (the assignment or declaration), the start
	// of the window in which later mutations apply.
	At *syntax.Node
	// Scope is where the name is bound.
	Scope *syntax.Node
	// Param is the parameter index when the name is a parameter of Scope
	// (a function), else -1.
	Param int
	Name  string
}

// MaxCallSites bounds how many calls of a helper are followed; a helper
// called more often is left unknown.
const MaxCallSites = 8

// Resolver resolves names in one file.
type Resolver struct {
	G     Grammar
	Root  *syntax.Node
	calls map[string][]Call
	binds map[*syntax.Node]map[string][]boundAt
}

// New returns a resolver for a file's tree.
func New(g Grammar, root *syntax.Node) *Resolver { return &Resolver{G: g, Root: root} }

// ScopeOf returns the scope n belongs to (not n itself).
func (r *Resolver) ScopeOf(n *syntax.Node) *syntax.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if r.G.Scope(p) {
			return p
		}
	}
	return nil
}

// EnclosingFunc returns the nearest function or method around n.
func (r *Resolver) EnclosingFunc(n *syntax.Node) *syntax.Node {
	for s := r.ScopeOf(n); s != nil; s = r.ScopeOf(s) {
		if _, ok := r.G.Params(s); ok {
			return s
		}
	}
	return nil
}

// Lookup resolves the name used at node use.
func (r *Resolver) Lookup(use *syntax.Node, name string) (Origin, bool) {
	opaque := false
	for s := r.ScopeOf(use); s != nil; s = r.ScopeOf(s) {
		if opaque && (r.G.Global == nil || !r.G.Global(name)) {
			return Origin{}, false
		}
		var before, after *Origin
		for _, b := range r.bindings(s)[name] {
			if b.at.Contains(use) && b.Value != nil && b.Value.Contains(use) {
				// x = f(x): the use inside the binding's own value
				// refers to an earlier binding.
				continue
			}
			o := &Origin{Value: b.Value, At: b.at, Scope: s, Param: -1, Name: name}
			if b.at.Start < use.Start {
				before = o
			} else if after == nil {
				after = o
			}
		}
		if before != nil {
			return *before, true
		}
		if ps, ok := r.G.Params(s); ok {
			for i, p := range ps {
				if p == name {
					return Origin{At: s, Scope: s, Param: i, Name: name}, true
				}
			}
		}
		if after != nil {
			return *after, true
		}
		if r.G.Opaque != nil && r.G.Opaque(s) {
			opaque = true
		}
	}
	return Origin{}, false
}

type boundAt struct {
	Binding
	at *syntax.Node
}

// bindings returns scope s's bindings by name in source order, collected
// once per scope.
func (r *Resolver) bindings(s *syntax.Node) map[string][]boundAt {
	if m, ok := r.binds[s]; ok {
		return m
	}
	if r.binds == nil {
		r.binds = map[*syntax.Node]map[string][]boundAt{}
	}
	m := map[string][]boundAt{}
	r.each(s, func(n *syntax.Node) {
		for _, b := range r.G.Bind(n) {
			m[b.Name] = append(m[b.Name], boundAt{b, n})
		}
	})
	r.binds[s] = m
	return m
}

// each calls fn for every node of scope s that is not inside a nested
// scope.
func (r *Resolver) each(s *syntax.Node, fn func(*syntax.Node)) {
	syntax.Walk(s, func(n *syntax.Node) bool {
		if n != s && r.G.Scope(n) {
			return false
		}
		fn(n)
		return true
	})
}

// CallSites returns the calls of function fn in the file, or nil when
// there are none or more than MaxCallSites.
func (r *Resolver) CallSites(fn *syntax.Node) []Call {
	name := r.G.FuncName(fn)
	if name == "" {
		return nil
	}
	if r.calls == nil {
		r.calls = map[string][]Call{}
		syntax.Walk(r.Root, func(n *syntax.Node) bool {
			if nm, c, ok := r.G.Call(n); ok {
				r.calls[nm] = append(r.calls[nm], c)
			}
			return true
		})
	}
	cs := r.calls[name]
	var out []Call
	for _, c := range cs {
		if !fn.Contains(c.Node) { // recursion is not followed
			out = append(out, c)
		}
	}
	if len(out) > MaxCallSites {
		return nil
	}
	return out
}

// Between calls fn for the nodes of scope s that start after node from
// ends and before node to starts, and do not contain to, in source order,
// skipping nested scopes. cond tells whether the node sits under a
// conditional (between it and s) that does not also hold from: such a
// statement may not run. fn returns false to skip a node's children.
func (r *Resolver) Between(s, from, to *syntax.Node, fn func(n *syntax.Node, cond bool) bool) {
	syntax.Walk(s, func(n *syntax.Node) bool {
		if n != s && r.G.Scope(n) {
			return false
		}
		if n.End <= from.End || n.Start >= to.Start {
			return n.Contains(from) || n.Contains(to) || n == s
		}
		if n.Contains(to) {
			return true
		}
		cond := false
		for p := n; p != nil && p != s; p = p.Parent {
			if r.G.Conditional(p) && !p.Contains(from) {
				cond = true
				break
			}
		}
		return fn(n, cond)
	})
}
