// Package golang is the syntactic Go front end of the code rules: it
// reports what a Go file does with AssemblyAI as [facts.File], without type
// information. The typed analyzers (analyzers/) are the authority where a
// package type-checks; this front end is for the files they could not load
// (outside any module, missing dependencies, syntax or type errors).
//
// It knows the AssemblyAI Go SDK (github.com/AssemblyAI/assemblyai-go-sdk
// under its import name, alias or dot import: NewClient(key),
// NewClientWithOptions(WithAPIKey(key)), x.Transcripts.SubmitFromURL/
// SubmitFromReader/TranscribeFromURL/TranscribeFromReader(ctx, audio,
// &P.TranscriptOptionalParams{...}), x.Transcripts.Delete, and
// x.RealTime.CreateTemporaryToken) and net/http calls (http.NewRequest,
// http.Post, a client's Post) with JSON bodies from json.Marshal of a map
// or struct literal, or a JSON string. Values are followed through local
// and package variables and constants (field and map writes between the
// declaration and the use are applied; under a condition they make the
// option unknown), P.Bool/P.String helpers, and a function's parameter to
// the arguments of its calls in the same file.
package golang

import (
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// SDKPath is the AssemblyAI Go SDK's import path.
const SDKPath = "github.com/AssemblyAI/assemblyai-go-sdk"

// Extract extracts the facts of a parsed Go file.
func Extract(tr *syntax.Tree) *facts.File {
	a := &analyzer{t: tr, f: apicall.NewFile(tr), pkgs: map[string]string{}}
	a.r = scope.New(a.grammar(), tr.Root)
	a.imports()
	syntax.Walk(tr.Root, a.visit)
	return a.f.Out
}

type analyzer struct {
	t *syntax.Tree
	f *apicall.File
	r *scope.Resolver
	// pkgs maps a local package name to its import path; sdkDot is set
	// for a dot import of the SDK.
	pkgs   map[string]string
	sdk    bool
	sdkDot bool
	ev     facts.Evaluator
	h      apicall.Helper
}

func (a *analyzer) text(n *syntax.Node) string { return a.t.Text(n) }

func isSDK(path string) bool {
	return path == SDKPath || strings.HasSuffix(path, "/"+SDKPath) || strings.HasPrefix(path, SDKPath+"/")
}

func (a *analyzer) imports() {
	syntax.Walk(a.t.Root, func(n *syntax.Node) bool {
		if n.Kind != "import_spec" {
			return true
		}
		p := a.eval(n.Get("path"))
		if p.Kind != facts.Str {
			return false
		}
		local := p.Str[strings.LastIndexByte(p.Str, '/')+1:]
		if isSDK(p.Str) {
			local = "assemblyai"
			a.sdk = true
			a.f.Import(n, "imports the AssemblyAI Go SDK")
		}
		if nm := n.Get("name"); nm != nil {
			switch a.text(nm) {
			case ".":
				if isSDK(p.Str) {
					a.sdkDot = true
				}
				return false
			case "_":
				return false
			}
			local = a.text(nm)
		}
		a.pkgs[local] = p.Str
		return false
	})
}

var scopes = map[string]bool{"source_file": true, "function_declaration": true, "method_declaration": true, "func_literal": true}

func (a *analyzer) grammar() scope.Grammar {
	return scope.Grammar{
		Scope: func(n *syntax.Node) bool { return scopes[n.Kind] },
		Params: func(fn *syntax.Node) ([]string, bool) {
			if !scopes[fn.Kind] || fn.Kind == "source_file" {
				return nil, false
			}
			var names []string
			for _, d := range fn.Get("parameters").NamedChildren() {
				for _, c := range d.Children {
					if c.Field == "name" {
						names = append(names, a.text(c))
					}
				}
			}
			return names, true
		},
		FuncName: func(fn *syntax.Node) string {
			if fn.Kind == "function_declaration" || fn.Kind == "method_declaration" {
				return a.text(fn.Get("name"))
			}
			return ""
		},
		Bind: func(n *syntax.Node) []scope.Binding {
			switch n.Kind {
			case "short_var_declaration", "assignment_statement":
				if n.Kind == "assignment_statement" && a.text(n.Get("operator")) != "=" {
					return nil
				}
				return a.pairs(n.Get("left").NamedChildren(), n.Get("right").NamedChildren())
			case "var_spec", "const_spec":
				var names []*syntax.Node
				for _, c := range n.Children {
					if c.Field == "name" {
						names = append(names, c)
					}
				}
				return a.pairs(names, n.Get("value").NamedChildren())
			}
			return nil
		},
		Call: func(n *syntax.Node) (string, scope.Call, bool) {
			if n.Kind != "call_expression" {
				return "", scope.Call{}, false
			}
			fn := n.Get("function")
			name := ""
			switch fn.Kind {
			case "identifier":
				name = a.text(fn)
			case "selector_expression":
				name = a.text(fn.Get("field"))
			default:
				return "", scope.Call{}, false
			}
			return name, scope.Call{Node: n, Pos: n.Get("arguments").NamedChildren()}, true
		},
		Conditional: func(n *syntax.Node) bool {
			switch n.Kind {
			case "if_statement", "for_statement", "expression_switch_statement", "type_switch_statement", "select_statement",
				"expression_case", "default_case", "communication_case", "type_case", "func_literal":
				return true
			}
			return false
		},
	}
}

// pairs binds names to values one to one; x, err := f() binds x to the
// call and err to nothing.
func (a *analyzer) pairs(names, values []*syntax.Node) []scope.Binding {
	var out []scope.Binding
	for i, nm := range names {
		if nm.Kind != "identifier" {
			continue
		}
		b := scope.Binding{Name: a.text(nm)}
		if len(values) == len(names) {
			b.Value = values[i]
		} else if len(values) == 1 && i == 0 {
			b.Value = values[0]
		}
		out = append(out, b)
	}
	return out
}

// sel returns the package path and name of a qualified selector (P.Name),
// or the name alone for a dot-imported SDK identifier.
func (a *analyzer) sel(fn *syntax.Node) (pkg, name string) {
	if fn == nil {
		return "", ""
	}
	switch fn.Kind {
	case "selector_expression":
		op := fn.Get("operand")
		if op != nil && op.Kind == "identifier" {
			if p, ok := a.pkgs[a.text(op)]; ok {
				// a local variable of the same name shadows the package
				if _, found := a.r.Lookup(op, a.text(op)); !found {
					return p, a.text(fn.Get("field"))
				}
			}
		}
	case "identifier":
		if a.sdkDot {
			return SDKPath, a.text(fn)
		}
	case "qualified_type":
		if p, ok := a.pkgs[a.text(fn.Get("package"))]; ok {
			return p, a.text(fn.Get("name"))
		}
	case "type_identifier":
		if a.sdkDot {
			return SDKPath, a.text(fn)
		}
	}
	return "", ""
}

// method returns x.Service.Method's service and method names.
func (a *analyzer) method(fn *syntax.Node) (service, method string) {
	if fn == nil || fn.Kind != "selector_expression" {
		return "", ""
	}
	op := fn.Get("operand")
	if op == nil || op.Kind != "selector_expression" {
		return "", a.text(fn.Get("field"))
	}
	return a.text(op.Get("field")), a.text(fn.Get("field"))
}

var transcribe = map[string]bool{"SubmitFromURL": true, "SubmitFromReader": true, "TranscribeFromURL": true, "TranscribeFromReader": true}

func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "call_expression":
		a.call(n)
	case "interpreted_string_literal", "raw_string_literal":
		a.f.Host(n, a.text(n))
	}
	return true
}

func (a *analyzer) call(n *syntax.Node) {
	fn := n.Get("function")
	args := n.Get("arguments").NamedChildren()
	pkg, name := a.sel(fn)
	service, m := a.method(fn)
	what := a.text(fn)
	switch {
	case pkg == "os" && (name == "Getenv" || name == "LookupEnv") && len(args) == 1:
		if v := a.eval(args[0]); v.Kind == facts.Str {
			a.f.EnvRead(n, v.Str)
		}
	case isSDK(pkg) && (name == "NewClient" || name == "WithAPIKey" || name == "NewRealTimeClient" || name == "WithRealTimeAPIKey") && len(args) >= 1:
		a.f.Key(a.eval(args[0]), n, what+"()")
	case service == "Transcripts" && transcribe[m] && (a.sdk || a.f.Mentions) && len(args) == 3:
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value {
			v := a.eval(args[2])
			if v.Kind == facts.Null {
				return facts.Value{Kind: facts.Obj, Obj: facts.NewObject(), Text: v.Text, Pos: v.Pos}
			}
			return v
		}) {
			a.f.RequestVia(n, what, fv)
		}
	case service == "Transcripts" && m == "Delete" && (a.sdk || a.f.Mentions):
		a.f.Out.Deletes = append(a.f.Out.Deletes, a.f.Site(n, what))
	case service == "RealTime" && m == "CreateTemporaryToken" && (a.sdk || a.f.Mentions) && len(args) == 2:
		a.f.Out.Tokens = append(a.f.Out.Tokens, facts.Token{Site: a.f.Site(n, what), Expires: a.eval(args[1]), Param: "expires_in"})
	case (m == "Set" || m == "Add") && service == "Header" && len(args) == 2:
		if k := a.eval(args[0]); k.Kind == facts.Str && strings.EqualFold(k.Str, "authorization") {
			a.f.Key(a.eval(args[1]), n, "Authorization header")
		}
	default:
		a.rest(n, fn, pkg, name, m, args)
	}
}

var methodConsts = map[string]string{"MethodPost": "POST", "MethodDelete": "DELETE", "MethodGet": "GET", "MethodPut": "PUT", "MethodPatch": "PATCH"}

// rest recognises net/http requests: http.NewRequest[WithContext](method,
// url, body), http.Post(url, contentType, body) and a client's Post.
func (a *analyzer) rest(n, fn *syntax.Node, pkg, name, m string, args []*syntax.Node) {
	var method, url string
	var body *syntax.Node
	switch {
	case pkg == "net/http" && (name == "NewRequest" || name == "NewRequestWithContext"):
		if name == "NewRequestWithContext" {
			if len(args) == 0 {
				return
			}
			args = args[1:]
		}
		if len(args) != 3 {
			return
		}
		mv := a.eval(args[0])
		method = "?"
		if mv.Kind == facts.Str {
			method = strings.ToUpper(mv.Str)
		} else if p, c := a.sel(args[0]); p == "net/http" && methodConsts[c] != "" {
			method = methodConsts[c]
		}
		url, body = apicall.StrOrHole(a.eval(args[1])), args[2]
	case (pkg == "net/http" && name == "Post" || pkg == "" && m == "Post" && fn.Kind == "selector_expression") && len(args) == 3:
		method, url, body = "POST", apicall.StrOrHole(a.eval(args[0])), args[2]
	default:
		return
	}
	for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return apicall.JSONBody(a.eval(body)) }) {
		a.f.RESTVia(n, a.text(fn), method, url, fv)
	}
}

func num(s string) facts.Value {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		return facts.Value{}
	}
	return facts.Value{Kind: facts.Num, Num: f}
}
