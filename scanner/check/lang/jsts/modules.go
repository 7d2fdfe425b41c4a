package jsts

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Modules: what a file imports from the repository's other modules is
// looked up in the symbol table (facts.Importer, built by the code rules
// from every JS/TS module of the scan), and what a module exports is
// extracted by ModuleExports. Only what the exporting module itself shows
// is exported; a value that depends on its own imports is a reference
// (re-exports, aliases, a client's base URL) the table follows, or stays
// unknown.

// ExtractWith extracts the facts of a parsed file, resolving its imports
// of other modules of the repository through imp (nil: none).
func ExtractWith(tr *syntax.Tree, imp facts.Importer) *facts.File {
	return extract(tr, imp)
}

// importRef returns the import an identifier names in this file (not
// shadowed by a declaration or parameter).
func (a *analyzer) importRef(id *syntax.Node) (facts.ImportRef, bool) {
	if id == nil || id.Kind != "identifier" && id.Kind != "shorthand_property_identifier" {
		return facts.ImportRef{}, false
	}
	ref, ok := a.imported[a.text(id)]
	if !ok {
		return ref, false
	}
	if v, _, _ := a.resolveDecl(id); v != nil && !isRequire(a, v) || a.paramFn(id) != nil {
		return ref, false
	}
	return ref, true
}

// isRequire reports require("m") or require("m").x: a CommonJS import is a
// declaration too.
func isRequire(a *analyzer, v *syntax.Node) bool {
	for v != nil && v.Kind == "member_expression" {
		v = v.Get("object")
	}
	return v != nil && v.Kind == "call_expression" && a.text(v.Get("function")) == "require"
}

// importOf looks up what an identifier or a member of a namespace import
// (api.client, with import * as api or const api = require("./api"))
// stands for in the repository's table.
func (a *analyzer) importOf(n *syntax.Node) (facts.Export, bool) {
	if a.imp == nil || n == nil {
		return facts.Export{}, false
	}
	switch n.Kind {
	case "identifier", "shorthand_property_identifier":
		ref, ok := a.importRef(n)
		switch {
		case !ok || ref.Name == "*":
			return facts.Export{}, false
		case ref.Name == "module":
			// require("./m"): what module.exports is (ESM: the default)
			return a.imp.Import(ref.Spec, "default")
		}
		return a.imp.Import(ref.Spec, ref.Name)
	case "member_expression":
		ref, ok := a.importRef(n.Get("object"))
		if !ok || ref.Name != "*" && ref.Name != "default" && ref.Name != "module" {
			return facts.Export{}, false
		}
		return a.imp.Import(ref.Spec, a.text(n.Get("property")))
	}
	return facts.Export{}, false
}

// importedMember is the value of a member of a namespace import.
func (a *analyzer) importedMember(n *syntax.Node) (facts.Value, bool) {
	e, ok := a.importOf(n)
	if !ok || e.Value.Kind == facts.Unknown {
		return facts.Value{}, false
	}
	return e.Value, true
}

// importedClient tells whether an identifier is an HTTP client exported
// by another module, with its base URL.
func (a *analyzer) importedClient(n *syntax.Node) (base, lib string, ok bool) {
	e, ok := a.importOf(n)
	if !ok || e.Lib == "" || e.Factory {
		return "", "", false
	}
	return e.Base, e.Lib, true
}

// sdkReceiver reports whether the callee's first part is an AssemblyAI SDK
// client imported from another module (import { client } from "./aai").
func (a *analyzer) sdkReceiver(fn *syntax.Node) bool {
	for fn != nil && fn.Kind == "member_expression" {
		if e, ok := a.importOf(fn); ok && e.SDK && !e.Factory {
			return true
		}
		fn = fn.Get("object")
	}
	if fn == nil {
		return false
	}
	if fn.Kind == "call_expression" { // createClient().transcripts...
		e, ok := a.importOf(fn.Get("function"))
		return ok && e.SDK && e.Factory
	}
	e, ok := a.importOf(fn)
	return ok && e.SDK && !e.Factory
}

// ModuleExports returns what a JS/TS module exports, by name ("default"
// for the default export), and the modules it re-exports whole
// (export * from "./x").
func ModuleExports(tr *syntax.Tree) (map[string]facts.Export, []string) {
	a := newAnalyzer(tr, nil)
	a.collectImports()
	a.useClient()
	out := map[string]facts.Export{}
	var stars []string
	aai := a.sdk || a.mentions
	add := func(name string, e facts.Export) {
		e.UseClient = a.out.UseClient
		e.AAI = aai
		out[name] = e
	}
	for _, st := range tr.Root.NamedChildren() {
		switch st.Kind {
		case "export_statement":
			src, _ := a.stringLit(st.Get("source"))
			clause := childOfKind(st, "export_clause")
			switch {
			case st.Get("declaration") != nil:
				d := st.Get("declaration")
				// export default function F() {}: the keyword is not a node
				def := strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(a.text(st), "export")), "default")
				switch d.Kind {
				case "lexical_declaration", "variable_declaration":
					for _, vd := range d.NamedChildren() {
						if vd.Kind == "variable_declarator" && vd.Get("name") != nil && vd.Get("name").Kind == "identifier" {
							add(a.text(vd.Get("name")), a.exportOf(vd.Get("value"), 0))
						}
					}
				case "function_declaration", "generator_function_declaration":
					add(a.text(d.Get("name")), a.exportOf(d, 0))
					if def {
						add("default", a.exportOf(d, 0))
					}
				case "class_declaration":
					add(a.text(d.Get("name")), facts.Export{Pos: a.pos(d)})
					if def {
						add("default", facts.Export{Pos: a.pos(d)})
					}
				}
			case clause != nil:
				for _, sp := range clause.NamedChildren() {
					name := a.text(sp.Get("name"))
					as := name
					if al := sp.Get("alias"); al != nil {
						as = a.text(al)
					}
					if src != "" {
						add(as, facts.Export{Ref: &facts.ImportRef{Spec: src, Name: name}, Pos: a.pos(sp)})
					} else {
						add(as, a.exportOf(sp.Get("name"), 0))
					}
				}
			case src != "":
				stars = append(stars, src) // export * from "./x"
			case st.Get("value") != nil:
				add("default", a.exportOf(st.Get("value"), 0))
			case st.Get("declaration") == nil:
				// export default function () {}: the declaration child
				for _, c := range st.NamedChildren() {
					if isFunc(c) || c.Kind == "class" || c.Kind == "class_declaration" {
						add("default", a.exportOf(c, 0))
					}
				}
			}
		case "expression_statement":
			e := st.First()
			if e == nil || e.Kind != "assignment_expression" {
				continue
			}
			l, r := e.Get("left"), e.Get("right")
			switch lt := a.text(l); {
			case lt == "module.exports":
				add("default", a.exportOf(r, 0))
				if r.Kind == "object" {
					for _, c := range r.NamedChildren() {
						switch c.Kind {
						case "pair":
							add(a.text(c.Get("key")), a.exportOf(c.Get("value"), 0))
						case "shorthand_property_identifier":
							add(a.text(c), a.exportOf(c, 0))
						}
					}
				} else if r.Kind == "identifier" {
					// module.exports = client: a namespace of one
					if d := a.resolve(r); d != nil && d.Kind == "object" {
						for _, c := range d.NamedChildren() {
							if c.Kind == "pair" {
								add(a.text(c.Get("key")), a.exportOf(c.Get("value"), 0))
							}
						}
					}
				}
			case strings.HasPrefix(lt, "module.exports.") || strings.HasPrefix(lt, "exports."):
				if l.Kind == "member_expression" {
					add(a.text(l.Get("property")), a.exportOf(r, 0))
				}
			}
		}
	}
	return out, stars
}

func childOfKind(n *syntax.Node, kind string) *syntax.Node {
	for _, c := range n.Children {
		if c.Kind == kind {
			return c
		}
	}
	return nil
}

// exportOf says what an exported expression is: an alias of an import
// (a reference), an SDK client, an HTTP client with its base URL, a
// factory returning one of those, or a value.
func (a *analyzer) exportOf(n *syntax.Node, depth int) facts.Export {
	if n == nil || depth > 6 {
		return facts.Export{}
	}
	e := facts.Export{Pos: a.pos(n)}
	for n.Kind == "parenthesized_expression" || n.Kind == "as_expression" || n.Kind == "satisfies_expression" || n.Kind == "non_null_expression" || n.Kind == "await_expression" {
		n = n.First()
		if n == nil {
			return e
		}
	}
	switch {
	case n.Kind == "identifier" || n.Kind == "shorthand_property_identifier":
		if ref, ok := a.imported[a.text(n)]; ok {
			if v, _, _ := a.resolveDecl(n); v == nil {
				e.Ref = &ref
				return e
			}
		}
		if d := a.resolve(n); d != nil {
			return a.exportOf(d, depth+1)
		}
		if fn := a.funcDecl(n); fn != nil {
			return a.exportOf(fn, depth+1)
		}
		return e
	case n.Kind == "new_expression":
		parts, _ := a.callee(n.Get("constructor"))
		if m := last(parts, 1); m == "AssemblyAI" && (a.sdk || strings.HasPrefix(a.qualified(parts), "assemblyai.")) {
			e.SDK = true
		}
		return e
	case n.Kind == "call_expression":
		if base, lib := a.clientBase(n); lib != "" {
			e.Lib, e.Base = lib, base
			if base == facts.Hole || base == "" {
				e.BaseRef = a.baseRef(n)
			}
			return e
		}
		e.Value = a.eval(n)
		return e
	case isFunc(n):
		for _, r := range returned(n) {
			re := a.exportOf(r, depth+1)
			if re.SDK || re.Lib != "" {
				re.Factory, re.Pos = true, e.Pos
				return re
			}
		}
		return e
	}
	e.Value = a.eval(n)
	return e
}

// baseRef returns the import named as the base URL of a client created by
// axios.create({ baseURL: BASE }) / got.extend({ prefixUrl: BASE }).
func (a *analyzer) baseRef(call *syntax.Node) *facts.ImportRef {
	args := a.args(call)
	if len(args) == 0 || args[0].Kind != "object" {
		return nil
	}
	for _, p := range args[0].NamedChildren() {
		var k, v *syntax.Node
		switch p.Kind {
		case "pair":
			k, v = p.Get("key"), p.Get("value")
		case "shorthand_property_identifier":
			k, v = p, p
		default:
			continue
		}
		switch a.text(k) {
		case "baseURL", "prefixUrl", "prefixURL":
			if ref, ok := a.importRef(v); ok {
				return &ref
			}
		}
	}
	return nil
}

// funcDecl returns the top-level function declaration a name refers to.
func (a *analyzer) funcDecl(id *syntax.Node) *syntax.Node {
	name := a.text(id)
	for _, st := range a.t.Root.NamedChildren() {
		d := st
		if d.Kind == "export_statement" && d.Get("declaration") != nil {
			d = d.Get("declaration")
		}
		if (d.Kind == "function_declaration" || d.Kind == "generator_function_declaration") && a.text(d.Get("name")) == name {
			return d
		}
	}
	return nil
}

// returned lists the expressions a function returns: an arrow function's
// body expression, or the return statements of its body (not of nested
// functions).
func returned(fn *syntax.Node) []*syntax.Node {
	body := fn.Get("body")
	if body == nil {
		return nil
	}
	if body.Kind != "statement_block" {
		return []*syntax.Node{body}
	}
	var out []*syntax.Node
	syntax.Walk(body, func(n *syntax.Node) bool {
		if n != body && isFunc(n) {
			return false
		}
		if n.Kind == "return_statement" && n.First() != nil {
			out = append(out, n.First())
		}
		return len(out) < 8
	})
	return out
}
