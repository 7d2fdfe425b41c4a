// Package java is the Java front end of the code rules: it reports what a
// Java file does with AssemblyAI as [facts.File].
//
// It knows the AssemblyAI Java SDK (com.assemblyai:assemblyai-java 4.x:
// AssemblyAI.builder().apiKey(..).build(), client.transcripts()
// .transcribe/submit(url, TranscriptOptionalParams.builder()...build()),
// TranscriptParams.builder(), .delete(id)), and hand-written REST calls
// through java.net.http (HttpRequest.newBuilder()...POST(...)), OkHttp
// (new Request.Builder().url(..).post(RequestBody.create(..))) and Unirest,
// with JSON bodies as strings, Map.of(...), HashMap/JSONObject puts, or
// objects serialised with Gson or Jackson. Builders and maps are followed
// through local variables and fields (setter statements between the
// declaration and the use are applied; under a condition they make the
// option unknown), and a method's parameter to the arguments of its calls
// in the same file.
package java

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Extract extracts the facts of a parsed Java file.
func Extract(tr *syntax.Tree) *facts.File {
	a := &analyzer{t: tr, f: apicall.NewFile(tr)}
	a.r = scope.New(a.grammar(), tr.Root)
	syntax.Walk(tr.Root, func(n *syntax.Node) bool {
		if n.Kind == "import_declaration" && strings.Contains(a.text(n), "com.assemblyai") {
			if !a.sdk {
				a.f.Import(n, "imports the AssemblyAI Java SDK")
			}
			a.sdk = true
		}
		return n.Kind == "program"
	})
	syntax.Walk(tr.Root, a.visit)
	return a.f.Out
}

type analyzer struct {
	t   *syntax.Tree
	f   *apicall.File
	r   *scope.Resolver
	sdk bool
	ev  facts.Evaluator
	h   apicall.Helper
}

func (a *analyzer) text(n *syntax.Node) string { return a.t.Text(n) }

var scopes = map[string]bool{"program": true, "class_declaration": true, "interface_declaration": true, "enum_declaration": true,
	"record_declaration": true, "method_declaration": true, "constructor_declaration": true, "lambda_expression": true}

func (a *analyzer) grammar() scope.Grammar {
	return scope.Grammar{
		Scope: func(n *syntax.Node) bool { return scopes[n.Kind] },
		Params: func(fn *syntax.Node) ([]string, bool) {
			switch fn.Kind {
			case "method_declaration", "constructor_declaration", "lambda_expression":
			default:
				return nil, false
			}
			ps := fn.Get("parameters")
			if ps == nil {
				return nil, true
			}
			if ps.Kind == "identifier" {
				return []string{a.text(ps)}, true
			}
			var names []string
			for _, p := range ps.NamedChildren() {
				if nm := p.Get("name"); nm != nil {
					names = append(names, a.text(nm))
				} else if p.Kind == "identifier" {
					names = append(names, a.text(p))
				}
			}
			return names, true
		},
		FuncName: func(fn *syntax.Node) string {
			if fn.Kind == "method_declaration" {
				return a.text(fn.Get("name"))
			}
			return ""
		},
		Bind: func(n *syntax.Node) []scope.Binding {
			switch n.Kind {
			case "local_variable_declaration", "field_declaration":
				var out []scope.Binding
				for _, d := range n.Children {
					if d.Kind == "variable_declarator" {
						out = append(out, scope.Binding{Name: a.text(d.Get("name")), Value: d.Get("value")})
					}
				}
				return out
			case "assignment_expression":
				if a.text(n.Get("operator")) != "=" {
					return nil
				}
				l := n.Get("left")
				if l != nil && l.Kind == "identifier" {
					return []scope.Binding{{Name: a.text(l), Value: n.Get("right")}}
				}
			}
			return nil
		},
		Call: func(n *syntax.Node) (string, scope.Call, bool) {
			if n.Kind != "method_invocation" {
				return "", scope.Call{}, false
			}
			if o := n.Get("object"); o != nil && o.Kind != "this" {
				return "", scope.Call{}, false
			}
			return a.text(n.Get("name")), scope.Call{Node: n, Pos: a.args(n)}, true
		},
		Conditional: func(n *syntax.Node) bool {
			switch n.Kind {
			case "if_statement", "ternary_expression", "switch_expression", "switch_block_statement_group", "switch_rule",
				"while_statement", "for_statement", "enhanced_for_statement", "do_statement", "catch_clause", "lambda_expression":
				return true
			}
			return false
		},
	}
}

func (a *analyzer) args(call *syntax.Node) []*syntax.Node {
	return call.Get("arguments").NamedChildren()
}

// step is one call of a chain: name(args) on what came before.
type step struct {
	name string
	args []*syntax.Node
	node *syntax.Node
}

// chain flattens a.b().c(x).d(y) into its root (a) and the calls in
// order.
func (a *analyzer) chain(n *syntax.Node) (root *syntax.Node, steps []step) {
	for n != nil && n.Kind == "method_invocation" {
		steps = append(steps, step{name: a.text(n.Get("name")), args: a.args(n), node: n})
		n = n.Get("object")
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return n, steps
}

func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "method_invocation":
		a.call(n)
	case "string_literal", "text_block":
		a.f.Host(n, a.text(n))
	}
	return true
}

func (a *analyzer) call(n *syntax.Node) {
	name := a.text(n.Get("name"))
	obj := n.Get("object")
	args := a.args(n)
	root, steps := a.chain(n)
	switch {
	case name == "getenv" && a.text(obj) == "System" && len(args) == 1:
		if v := a.eval(args[0]); v.Kind == facts.Str {
			a.f.EnvRead(n, v.Str)
		}
	case name == "apiKey" && len(args) == 1 && len(steps) >= 2 && a.text(root) == "AssemblyAI" && steps[0].name == "builder":
		a.f.Key(a.eval(args[0]), n, "AssemblyAI.builder().apiKey()")
	case (name == "header" || name == "addHeader" || name == "setHeader" || name == "set" || name == "add" || name == "put") && len(args) == 2:
		if k := a.eval(args[0]); k.Kind == facts.Str && strings.EqualFold(k.Str, "authorization") {
			a.f.Key(a.eval(args[1]), n, "Authorization header")
		}
		a.rest(n)
	case (name == "transcribe" || name == "submit") && obj != nil && obj.Kind == "method_invocation" && a.text(obj.Get("name")) == "transcripts" && (a.sdk || a.f.Mentions):
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return a.sdkParams(args) }) {
			a.f.RequestVia(n, a.callee(n), fv)
		}
	case name == "delete" && obj != nil && obj.Kind == "method_invocation" && a.text(obj.Get("name")) == "transcripts" && (a.sdk || a.f.Mentions):
		a.f.Out.Deletes = append(a.f.Out.Deletes, a.f.Site(n, a.callee(n)))
	default:
		a.rest(n)
	}
}

// callee renders a call's callee for messages: client.transcripts().transcribe.
func (a *analyzer) callee(n *syntax.Node) string {
	root, steps := a.chain(n)
	parts := []string{}
	if root != nil {
		parts = append(parts, a.text(root))
	}
	for i, s := range steps {
		if i == len(steps)-1 {
			parts = append(parts, s.name)
		} else {
			parts = append(parts, s.name+"()")
		}
	}
	return strings.Join(parts, ".")
}

// sdkParams works out a transcribe/submit call's parameters: the
// TranscriptOptionalParams after the audio, or a TranscriptParams alone,
// or none (the defaults) when only the audio is given.
func (a *analyzer) sdkParams(args []*syntax.Node) facts.Value {
	switch len(args) {
	case 0:
		return facts.Value{}
	case 1:
		v := a.eval(args[0])
		if v.Kind == facts.Obj {
			return v
		}
		if v.Kind == facts.Str || a.audioType(args[0]) {
			return facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
		}
		return facts.Value{}
	}
	v := a.eval(args[1])
	if v.Kind != facts.Obj && a.declType(args[1]) == "RequestOptions" {
		return facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
	}
	return v
}

// audioType tells whether an argument is declared as one of the audio
// types the SDK takes (String url, File, Path, InputStream, UploadedFile).
func (a *analyzer) audioType(n *syntax.Node) bool {
	switch a.declType(n) {
	case "String", "File", "Path", "InputStream", "UploadedFile":
		return true
	}
	return false
}

// declType returns the declared type of the variable or parameter an
// identifier names, or "".
func (a *analyzer) declType(n *syntax.Node) string {
	if n == nil || n.Kind != "identifier" {
		return ""
	}
	o, ok := a.r.Lookup(n, a.text(n))
	if !ok {
		return ""
	}
	if o.Param >= 0 {
		ps := o.Scope.Get("parameters")
		for _, p := range ps.NamedChildren() {
			if a.text(p.Get("name")) == o.Name {
				return a.text(p.Get("type"))
			}
		}
		return ""
	}
	if o.At != nil {
		return a.text(o.At.Get("type"))
	}
	return ""
}
