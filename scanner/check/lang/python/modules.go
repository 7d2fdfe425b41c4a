package python

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Modules: names imported from the repository's other modules (from
// app.aai import transcriber, from .client import http, import app.aai as
// m) are looked up in the symbol table (facts.Importer); ModuleExports
// says what a module defines at its top level. As in the JS/TS front end,
// only what the exporting module itself shows is exported: an alias of its
// own import is a reference the table follows.

// ExtractWith extracts the facts of a parsed file, resolving its imports
// of other modules of the repository through imp (nil: none).
func ExtractWith(tr *syntax.Tree, imp facts.Importer) *facts.File {
	return extract(tr, imp)
}

// importOf looks up what a name (transcriber), or an attribute of an
// imported module (m.transcriber, app.aai.transcriber, aai_mod.client
// after from . import aai_mod), stands for in the table.
func (a *analyzer) importOf(n *syntax.Node) (facts.Export, bool) {
	if a.imp == nil || n == nil {
		return facts.Export{}, false
	}
	parts := a.dotted(n)
	if len(parts) == 0 || strings.Contains(strings.Join(parts, "."), "?") || strings.Contains(strings.Join(parts, "."), "()") {
		return facts.Export{}, false
	}
	root := n
	for root.Kind == "attribute" {
		root = root.Get("object")
	}
	ref, ok := a.imported[parts[0]]
	if !ok || root.Kind != "identifier" {
		return facts.Export{}, false
	}
	if d, _ := a.resolveWithScope(root); d != nil || a.paramFn(root) != nil {
		return facts.Export{}, false // shadowed
	}
	rest := parts[1:]
	if ref.Name != "*" {
		if len(rest) == 0 {
			return a.imp.Import(ref.Spec, ref.Name)
		}
		// from . import aai_mod; aai_mod.client: a submodule's attribute
		ref = facts.ImportRef{Spec: joinModule(ref.Spec, ref.Name), Name: "*"}
	}
	if len(rest) == 0 {
		return facts.Export{}, false
	}
	// import app.aai (binds app): app.aai.transcriber
	mod := ref.Spec
	for i := 0; i < len(rest)-1; i++ {
		mod = joinModule(mod, rest[i])
	}
	return a.imp.Import(mod, rest[len(rest)-1])
}

// joinModule appends a name to a module spec: ".", "x" is ".x"; "a", "b"
// is "a.b".
func joinModule(spec, name string) string {
	if strings.HasSuffix(spec, ".") {
		return spec + name
	}
	return spec + "." + name
}

// ModuleExports returns what a Python module defines at its top level:
// assignments (the last one wins), function definitions (factories that
// return a client), and names it imports from other modules of the
// repository (re-exports, as in a package's __init__.py).
func ModuleExports(tr *syntax.Tree) map[string]facts.Export {
	a := newAnalyzer(tr, nil)
	a.collectImports()
	out := map[string]facts.Export{}
	for local, ref := range a.imported {
		if ref.Name != "*" {
			r := ref
			out[local] = facts.Export{Ref: &r}
		}
	}
	for _, st := range tr.Root.NamedChildren() {
		d := st
		if d.Kind == "decorated_definition" {
			d = d.Get("definition")
		}
		switch {
		case d == nil:
		case d.Kind == "expression_statement":
			as := d.First()
			if as == nil || as.Kind != "assignment" || as.Get("left") == nil || as.Get("left").Kind != "identifier" || as.Get("right") == nil {
				continue
			}
			out[a.text(as.Get("left"))] = a.exportOf(as.Get("right"), 0)
		case d.Kind == "function_definition":
			out[a.text(d.Get("name"))] = a.exportOf(d, 0)
		case d.Kind == "class_definition":
			out[a.text(d.Get("name"))] = facts.Export{Pos: a.pos(d)}
		}
	}
	return out
}

// exportOf says what a module-level value is: an alias of an import, a
// Transcriber with its config, an HTTP client with its base URL, a factory
// returning one of those, or a value.
func (a *analyzer) exportOf(n *syntax.Node, depth int) facts.Export {
	e := facts.Export{}
	if n == nil || depth > 6 {
		return e
	}
	e.Pos = a.pos(n)
	for n.Kind == "parenthesized_expression" || n.Kind == "await" {
		if n = n.First(); n == nil {
			return e
		}
	}
	switch n.Kind {
	case "identifier":
		if ref, ok := a.imported[a.text(n)]; ok && ref.Name != "*" {
			if d, _ := a.resolveWithScope(n); d == nil {
				e.Ref = &ref
				return e
			}
		}
		if d := a.resolve(n); d != nil {
			return a.exportOf(d, depth+1)
		}
		return e
	case "call":
		if cfg, ok := a.transcriber(n); ok {
			e.Transcriber, e.Config = true, cfg
			return e
		}
		if base, lib := a.clientBase(n); lib != "" {
			e.Lib, e.Base = lib, base
			if _, kw, _ := a.callArgs(n); kw["base_url"] != nil && kw["base_url"].Kind == "identifier" {
				if ref, ok := a.imported[a.text(kw["base_url"])]; ok && ref.Name != "*" {
					e.BaseRef = &ref
				}
			}
			return e
		}
	case "function_definition":
		var out facts.Export
		syntax.Walk(n.Get("body"), func(m *syntax.Node) bool {
			if m.Kind == "function_definition" || m.Kind == "class_definition" || m.Kind == "lambda" {
				return false
			}
			if m.Kind == "return_statement" && m.First() != nil && !out.Factory {
				if r := a.exportOf(m.First(), depth+1); r.Transcriber || r.Lib != "" {
					r.Factory, r.Pos = true, e.Pos
					out = r
				}
			}
			return true
		})
		if out.Factory {
			return out
		}
		return e
	}
	e.Value = a.eval(n)
	return e
}
