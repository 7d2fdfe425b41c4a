// Package python is the Python (and Jupyter notebook) front end of the code
// rules: it parses a file with tree-sitter and reports what it does with
// AssemblyAI as [facts.File].
//
// Names are resolved through imports and aliases (import assemblyai as aai,
// from assemblyai import Transcriber, from assemblyai.prerecorded.v2 import
// TranscriptionConfig as TC) and through assignments in the enclosing
// scopes (function, class, module: the last assignment before the use).
// A TranscriptionConfig is followed through its constructor keywords,
// **kwargs spreads, chained and statement setters (set_redact_pii,
// set_webhook, set_content_safety), attribute assignments, and an
// assignment that overwrites a setter (config.set_redact_pii = True).
package python

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// Analyze parses Python source and extracts its facts.
func Analyze(src []byte) (*facts.File, *syntax.Tree, error) {
	tr, err := treesitter.Parse(src, treesitter.Python)
	if err != nil {
		return nil, nil, err
	}
	return Extract(tr), tr, nil
}

// Extract extracts the facts of a parsed file (its imports of other
// modules unknown: see ExtractWith).
func Extract(tr *syntax.Tree) *facts.File { return extract(tr, nil) }

func newAnalyzer(tr *syntax.Tree, imp facts.Importer) *analyzer {
	a := &analyzer{t: tr, out: &facts.File{}, imports: map[string]string{}, imported: map[string]facts.ImportRef{}, imp: imp}
	a.mentions = strings.Contains(strings.ToLower(string(tr.Src)), "assemblyai")
	return a
}

func extract(tr *syntax.Tree, imp facts.Importer) *facts.File {
	a := newAnalyzer(tr, imp)
	a.collectImports()
	syntax.Walk(tr.Root, a.visit)
	if a.flowLimit {
		a.out.Notes = append(a.out.Notes, facts.FlowNote())
	}
	return a.out
}

type analyzer struct {
	t        *syntax.Tree
	out      *facts.File
	mentions bool
	sdk      bool
	// imports maps a local name to its qualified name: aai -> assemblyai,
	// Transcriber -> assemblyai.Transcriber, requests -> requests.
	imports map[string]string
	// imported maps a local name to the import as written ("*" for a
	// module), for the repository's symbol table (imp, nil: none).
	imported map[string]facts.ImportRef
	imp      facts.Importer
	ev       facts.Evaluator
	hosts    map[string]bool
	// bind holds the parameters' values of the helpers in the current
	// calling context, via its call sites (flow.go); nil outside one.
	bind      map[*syntax.Node]map[string]facts.Value
	via       []facts.Site
	flowLimit bool
}

func (a *analyzer) text(n *syntax.Node) string { return a.t.Text(n) }
func (a *analyzer) pos(n *syntax.Node) facts.Pos {
	return facts.Pos{Line: n.Line, Col: n.Col}
}
func (a *analyzer) site(n *syntax.Node, what string) facts.Site {
	return facts.Site{Pos: a.pos(n), What: what, Text: facts.Squash(a.text(n))}
}

func isSDK(mod string) bool { return mod == "assemblyai" || strings.HasPrefix(mod, "assemblyai.") }

func (a *analyzer) collectImports() {
	syntax.Walk(a.t.Root, func(n *syntax.Node) bool {
		switch n.Kind {
		case "import_statement":
			for _, c := range n.NamedChildren() {
				mod, local := a.text(c), a.text(c)
				if c.Kind == "aliased_import" {
					mod, local = a.text(c.Get("name")), a.text(c.Get("alias"))
				} else if i := strings.IndexByte(local, '.'); i >= 0 {
					local = local[:i] // import a.b binds a
					mod = local
				}
				a.imports[local] = mod
				a.imported[local] = facts.ImportRef{Spec: mod, Name: "*"}
				if isSDK(mod) {
					a.sdk = true
					a.out.Imports = append(a.out.Imports, a.site(n, "imports the assemblyai SDK"))
				}
			}
			return false
		case "import_from_statement":
			mod := a.text(n.Get("module_name"))
			if isSDK(mod) {
				a.sdk = true
				a.out.Imports = append(a.out.Imports, a.site(n, "imports the assemblyai SDK"))
			}
			for _, c := range n.Children {
				if c.Field != "name" {
					continue
				}
				name, local := a.text(c), a.text(c)
				if c.Kind == "aliased_import" {
					name, local = a.text(c.Get("name")), a.text(c.Get("alias"))
				}
				a.imports[local] = mod + "." + name
				if !isSDK(mod) {
					a.imported[local] = facts.ImportRef{Spec: mod, Name: name}
				}
			}
			return false
		}
		return true
	})
}

func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "call":
		if !a.flowCall(n) {
			a.call(n)
		}
	case "subscript", "attribute":
		a.envSubscript(n)
	case "string":
		a.host(n)
	case "assignment":
		a.assignment(n)
	case "return_statement":
		a.routeReturn(n)
	}
	return true
}

// dotted returns the dotted name of an expression (a.b.c), with calls as
// "()", and its qualified form through the imports.
func (a *analyzer) dotted(n *syntax.Node) (parts []string) {
	switch n.Kind {
	case "identifier":
		return []string{a.text(n)}
	case "attribute":
		return append(a.dotted(n.Get("object")), a.text(n.Get("attribute")))
	case "call":
		return append(a.dotted(n.Get("function")), "()")
	case "parenthesized_expression":
		if c := n.First(); c != nil {
			return a.dotted(c)
		}
	}
	return []string{"?"}
}

func (a *analyzer) qualify(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	if q, ok := a.imports[parts[0]]; ok {
		return strings.Join(append([]string{q}, parts[1:]...), ".")
	}
	return strings.Join(parts, ".")
}

func last(parts []string, i int) string {
	if len(parts) < i {
		return ""
	}
	return parts[len(parts)-i]
}

// callArgs splits a call's arguments into positional ones and keywords;
// **kwargs are returned separately.
func (a *analyzer) callArgs(call *syntax.Node) (pos []*syntax.Node, kw map[string]*syntax.Node, splats []*syntax.Node) {
	kw = map[string]*syntax.Node{}
	al := call.Get("arguments")
	if al == nil {
		return
	}
	for _, c := range al.NamedChildren() {
		switch c.Kind {
		case "keyword_argument":
			kw[a.text(c.Get("name"))] = c.Get("value")
		case "dictionary_splat":
			splats = append(splats, c.First())
		case "list_splat":
			pos = append(pos, nil)
		default:
			pos = append(pos, c)
		}
	}
	return
}

// arg returns the argument by keyword or position.
func arg(pos []*syntax.Node, kw map[string]*syntax.Node, name string, i int) *syntax.Node {
	if n, ok := kw[name]; ok {
		return n
	}
	if i >= 0 && i < len(pos) {
		return pos[i]
	}
	return nil
}

var transcribeMethods = map[string]bool{
	"transcribe": true, "submit": true, "transcribe_async": true, "submit_async": true,
	"transcribe_group": true, "submit_group": true, "transcribe_group_async": true,
}

func (a *analyzer) call(n *syntax.Node) {
	fn := n.Get("function")
	parts := a.dotted(fn)
	qual := a.qualify(parts)
	m := last(parts, 1)
	pos, kw, _ := a.callArgs(n)
	name := facts.JoinPath(parts)
	switch {
	case transcribeMethods[m] && fn.Kind == "attribute":
		recv := fn.Get("object")
		tcfg, isT := a.transcriber(recv)
		if !isT {
			return
		}
		cfg := tcfg
		if c := arg(pos, kw, "config", 1); c != nil {
			cfg = a.eval(c)
		}
		a.out.Requests = append(a.out.Requests, facts.Request{Site: a.site(n, name), Params: cfg})
	case (m == "delete_by_id" || m == "delete_by_id_async") && (isSDK(qual) || a.sdk):
		a.out.Deletes = append(a.out.Deletes, a.site(n, name))
	case m == "create_temporary_token" && (a.sdk || a.mentions):
		tok := facts.Token{Site: a.site(n, name)}
		for _, k := range []string{"expires_in_seconds", "expires_in"} {
			if v := kw[k]; v != nil {
				tok.Expires, tok.Param = a.eval(v), k
			}
		}
		if tok.Param == "" && len(pos) > 0 && pos[0] != nil {
			tok.Expires, tok.Param = a.eval(pos[0]), "expires_in"
		}
		a.out.Tokens = append(a.out.Tokens, tok)
	case m == "set_redact_pii" || m == "set_webhook" || m == "set_content_safety":
		// a statement setter is applied where the config is used
	default:
		a.rest(n, parts, qual, pos, kw)
		a.keyResponse(n, parts, pos, kw)
	}
}

// transcriber tells whether recv is an AssemblyAI Transcriber and returns
// the config it was created with (an empty object when none: a Transcriber
// without a config transcribes with the defaults).
func (a *analyzer) transcriber(recv *syntax.Node) (facts.Value, bool) {
	return a.transcriberDepth(recv, 0)
}

func (a *analyzer) transcriberDepth(recv *syntax.Node, depth int) (facts.Value, bool) {
	if depth > 4 {
		return facts.Value{}, false
	}
	for i := 0; i < 8 && recv != nil; i++ {
		switch recv.Kind {
		case "call":
			if e, ok := a.importedFactory(recv); ok && e.Transcriber {
				return e.Config, true
			}
			if def := a.localDef(recv.Get("function")); def != nil {
				// transcriber = get_transcriber(): what the function returns
				for _, r := range returns(def) {
					if cfg, ok := a.transcriberDepth(r, depth+1); ok {
						return cfg, true
					}
				}
				return facts.Value{}, false
			}
			q := a.qualify(a.dotted(recv.Get("function")))
			if isSDK(q) && (strings.HasSuffix(q, ".Transcriber") || strings.HasSuffix(q, ".AsyncTranscriber")) {
				_, kw, _ := a.callArgs(recv)
				if c := kw["config"]; c != nil {
					return a.eval(c), true
				}
				// the defaults; the place to add a config is the Transcriber
				return facts.Value{Kind: facts.Obj, Obj: facts.NewObject(), Pos: a.pos(recv), Text: a.text(recv)}, true
			}
			return facts.Value{}, false
		case "identifier", "attribute":
			d := a.resolve(recv)
			if d == nil {
				if e, ok := a.importOf(recv); ok && e.Transcriber && !e.Factory {
					// from app.aai import transcriber
					return e.Config, true
				}
				// an unresolved receiver named like a transcriber, in a
				// file that uses the SDK: its config is unknown
				if a.sdk && strings.Contains(strings.ToLower(a.text(recv)), "transcriber") {
					return facts.Value{}, true
				}
				return facts.Value{}, false
			}
			recv = d
		case "parenthesized_expression", "await":
			recv = recv.First()
		default:
			return facts.Value{}, false
		}
	}
	return facts.Value{}, false
}

// importedTranscriberCall handles make_transcriber().transcribe(...) with
// a factory imported from another module.
func (a *analyzer) importedFactory(call *syntax.Node) (facts.Export, bool) {
	e, ok := a.importOf(call.Get("function"))
	return e, ok && e.Factory
}

func num(s string) facts.Value {
	f, ok := facts.ParseNumber(s)
	if !ok {
		return facts.Value{}
	}
	return facts.Value{Kind: facts.Num, Num: f}
}

// localDef returns the function definition a called name refers to in
// this module (not shadowed by an assignment or a parameter), or nil.
func (a *analyzer) localDef(fn *syntax.Node) *syntax.Node {
	if fn == nil || fn.Kind != "identifier" {
		return nil
	}
	if d, _ := a.resolveWithScope(fn); d != nil || a.paramFn(fn) != nil {
		return nil
	}
	name := a.text(fn)
	for s := scopeOf(fn); s != nil; s = scopeOf(s) {
		body := s
		if s.Kind != "module" {
			body = s.Get("body")
		}
		for _, st := range body.NamedChildren() {
			d := st
			if d.Kind == "decorated_definition" {
				d = d.Get("definition")
			}
			if d != nil && d.Kind == "function_definition" && a.text(d.Get("name")) == name {
				return d
			}
		}
	}
	return nil
}

// returns lists the expressions a function returns (not of nested
// functions), at most eight.
func returns(def *syntax.Node) []*syntax.Node {
	var out []*syntax.Node
	syntax.Walk(def.Get("body"), func(n *syntax.Node) bool {
		if n.Kind == "function_definition" || n.Kind == "class_definition" || n.Kind == "lambda" {
			return false
		}
		if n.Kind == "return_statement" && n.First() != nil && len(out) < 8 {
			out = append(out, n.First())
		}
		return true
	})
	return out
}
