// Package csharp is the C# front end of the code rules: it reports what a
// C# file does with AssemblyAI as [facts.File].
//
// It knows the AssemblyAI .NET SDK (NuGet AssemblyAI 1.x: new
// AssemblyAIClient(key) or new ClientOptions { ApiKey = .. },
// client.Transcripts.TranscribeAsync/SubmitAsync(audio, new
// TranscriptOptionalParams { RedactPii = true, RedactPiiPolicies = [..] })
// or (new TranscriptParams { AudioUrl = .., .. }), .DeleteAsync(id)), and
// hand-written REST calls through HttpClient (PostAsync, PostAsJsonAsync,
// DeleteAsync, SendAsync with an HttpRequestMessage, a BaseAddress) with
// bodies as anonymous objects, dictionaries, serialised objects or JSON
// strings. Values are followed through locals and fields (property
// assignments and dictionary writes between the declaration and the use
// are applied; under a condition they make the option unknown), `with`
// expressions, and a method's parameter to the arguments of its calls in
// the same file.
package csharp

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Extract extracts the facts of a parsed C# file.
func Extract(tr *syntax.Tree) *facts.File {
	a := &analyzer{t: tr, f: apicall.NewFile(tr)}
	a.r = scope.New(a.grammar(), tr.Root)
	syntax.Walk(tr.Root, func(n *syntax.Node) bool {
		if n.Kind == "using_directive" && strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(a.text(n), "using")), "AssemblyAI") {
			if !a.sdk {
				a.f.Import(n, "uses the AssemblyAI .NET SDK")
			}
			a.sdk = true
		}
		return n.Kind == "compilation_unit" || n.Kind == "namespace_declaration" || n.Kind == "file_scoped_namespace_declaration" || n.Kind == "declaration_list"
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

var scopes = map[string]bool{"compilation_unit": true, "class_declaration": true, "struct_declaration": true, "record_declaration": true,
	"interface_declaration": true, "method_declaration": true, "local_function_statement": true, "constructor_declaration": true,
	"lambda_expression": true, "anonymous_method_expression": true}

func (a *analyzer) grammar() scope.Grammar {
	return scope.Grammar{
		Scope: func(n *syntax.Node) bool { return scopes[n.Kind] },
		Params: func(fn *syntax.Node) ([]string, bool) {
			switch fn.Kind {
			case "method_declaration", "local_function_statement", "constructor_declaration", "lambda_expression", "anonymous_method_expression":
			default:
				return nil, false
			}
			var names []string
			ps := fn.Get("parameters")
			if ps != nil && ps.Kind == "identifier" {
				return []string{a.text(ps)}, true
			}
			for _, p := range ps.NamedChildren() {
				if nm := p.Get("name"); nm != nil {
					names = append(names, a.text(nm))
				}
			}
			return names, true
		},
		FuncName: func(fn *syntax.Node) string {
			if fn.Kind == "method_declaration" || fn.Kind == "local_function_statement" {
				return a.text(fn.Get("name"))
			}
			return ""
		},
		Bind: func(n *syntax.Node) []scope.Binding {
			switch n.Kind {
			case "variable_declarator":
				return []scope.Binding{{Name: a.text(n.Get("name")), Value: declValue(n)}}
			case "assignment_expression":
				l := n.Get("left")
				if a.text(n.Get("operator")) == "=" && l != nil && l.Kind == "identifier" && n.Parent != nil && n.Parent.Kind != "initializer_expression" {
					return []scope.Binding{{Name: a.text(l), Value: n.Get("right")}}
				}
			}
			return nil
		},
		Call: func(n *syntax.Node) (string, scope.Call, bool) {
			if n.Kind != "invocation_expression" {
				return "", scope.Call{}, false
			}
			fn := n.Get("function")
			if fn == nil || fn.Kind != "identifier" {
				return "", scope.Call{}, false
			}
			pos, kw := a.args(n)
			return a.text(fn), scope.Call{Node: n, Pos: pos, KW: kw}, true
		},
		Conditional: func(n *syntax.Node) bool {
			switch n.Kind {
			case "if_statement", "conditional_expression", "switch_statement", "switch_section", "switch_expression_arm",
				"while_statement", "for_statement", "foreach_statement", "do_statement", "catch_clause", "lambda_expression":
				return true
			}
			return false
		},
	}
}

// declValue is a variable declarator's initial value: the named child
// after its name.
func declValue(d *syntax.Node) *syntax.Node {
	for _, c := range d.NamedChildren() {
		if c.Field == "" && c.Kind != "bracketed_argument_list" {
			return c
		}
	}
	return nil
}

// args splits a call's arguments into positional and named ones.
func (a *analyzer) args(call *syntax.Node) (pos []*syntax.Node, kw map[string]*syntax.Node) {
	kw = map[string]*syntax.Node{}
	for _, c := range call.Get("arguments").NamedChildren() {
		if c.Kind != "argument" {
			continue
		}
		var val *syntax.Node
		for _, x := range c.NamedChildren() {
			if x.Field == "" {
				val = x
			}
		}
		if nm := c.Get("name"); nm != nil {
			kw[a.text(nm)] = val
			continue
		}
		pos = append(pos, val)
	}
	return
}

// member returns the parts of a member access chain: client.Transcripts.TranscribeAsync.
func (a *analyzer) member(n *syntax.Node) []string {
	if n == nil {
		return []string{"?"}
	}
	switch n.Kind {
	case "member_access_expression":
		return append(a.member(n.Get("expression")), a.text(n.Get("name")))
	case "invocation_expression":
		return append(a.member(n.Get("function")), "()")
	case "postfix_unary_expression", "parenthesized_expression":
		if c := n.First(); c != nil {
			return a.member(c)
		}
	}
	return []string{a.text(n)}
}

func last(parts []string, i int) string {
	if len(parts) < i {
		return ""
	}
	return parts[len(parts)-i]
}

func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "invocation_expression":
		a.call(n)
	case "object_creation_expression":
		a.creation(n)
	case "string_literal", "verbatim_string_literal", "raw_string_literal", "interpolated_string_expression":
		a.f.Host(n, a.text(n))
	case "assignment_expression":
		// client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(KEY)
		if l := n.Get("left"); l != nil && strings.HasSuffix(a.text(l), "Headers.Authorization") {
			if r := n.Get("right"); r != nil && r.Kind == "object_creation_expression" {
				if pos, _ := a.args(r); len(pos) == 1 {
					a.f.Key(a.eval(pos[0]), n, "Authorization header")
				}
			}
		}
	}
	return true
}

func (a *analyzer) creation(n *syntax.Node) {
	typ := a.text(n.Get("type"))
	switch typ {
	case "AssemblyAIClient", "AssemblyAI.AssemblyAIClient":
		if pos, _ := a.args(n); len(pos) == 1 {
			a.f.Key(a.eval(pos[0]), n, "new AssemblyAIClient()")
		}
	case "ClientOptions":
		if init := n.Get("initializer"); init != nil {
			for _, as := range init.NamedChildren() {
				if as.Kind == "assignment_expression" && a.text(as.Get("left")) == "ApiKey" {
					a.f.Key(a.eval(as.Get("right")), n, "ClientOptions.ApiKey")
				}
			}
		}
	case "HttpRequestMessage":
		pos, _ := a.args(n)
		if len(pos) < 2 {
			return
		}
		method := "?"
		if m := a.text(pos[0]); strings.HasPrefix(m, "HttpMethod.") {
			method = strings.ToUpper(strings.TrimPrefix(m, "HttpMethod."))
		}
		url := apicall.StrOrHole(a.eval(pos[1]))
		init := n.Get("initializer")
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value {
			if init != nil {
				for _, as := range init.NamedChildren() {
					if as.Kind == "assignment_expression" && a.text(as.Get("left")) == "Content" {
						return apicall.JSONBody(a.eval(as.Get("right")))
					}
				}
			}
			return a.messageContent(n)
		}) {
			a.f.RESTVia(n, "HttpRequestMessage", method, a.base(nil, url), fv)
		}
	}
}

// messageContent finds msg.Content = x after var msg = new HttpRequestMessage(..).
func (a *analyzer) messageContent(creation *syntax.Node) facts.Value {
	d := creation.Parent
	if d == nil || d.Kind != "variable_declarator" {
		return facts.Value{}
	}
	name := a.text(d.Get("name"))
	var v facts.Value
	syntax.Walk(a.r.ScopeOf(d), func(m *syntax.Node) bool {
		if m.Kind == "assignment_expression" && m.Start > d.End && a.text(m.Get("left")) == name+".Content" {
			v = apicall.JSONBody(a.eval(m.Get("right")))
		}
		return true
	})
	return v
}

var httpMethods = map[string]string{"PostAsync": "POST", "PostAsJsonAsync": "POST", "PutAsync": "PUT", "PatchAsync": "PATCH",
	"DeleteAsync": "DELETE", "GetAsync": "GET", "GetStringAsync": "GET", "GetFromJsonAsync": "GET"}

func (a *analyzer) call(n *syntax.Node) {
	parts := a.member(n.Get("function"))
	m := last(parts, 1)
	pos, kw := a.args(n)
	name := strings.Join(parts, ".")
	switch {
	case m == "GetEnvironmentVariable" && len(pos) >= 1:
		if v := a.eval(pos[0]); v.Kind == facts.Str {
			a.f.EnvRead(n, v.Str)
		}
	case (m == "TranscribeAsync" || m == "SubmitAsync") && last(parts, 2) == "Transcripts" && (a.sdk || a.f.Mentions):
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return a.sdkParams(pos, kw) }) {
			a.f.RequestVia(n, name, fv)
		}
	case m == "DeleteAsync" && last(parts, 2) == "Transcripts" && (a.sdk || a.f.Mentions):
		a.f.Out.Deletes = append(a.f.Out.Deletes, a.f.Site(n, name))
	case m == "Add" && strings.HasSuffix(last(parts, 2), "Headers") && len(pos) == 2:
		if k := a.eval(pos[0]); k.Kind == facts.Str && strings.EqualFold(k.Str, "authorization") {
			a.f.Key(a.eval(pos[1]), n, "Authorization header")
		}
	case httpMethods[m] != "" && len(pos) >= 1:
		url := a.base(n.Get("function").Get("expression"), apicall.StrOrHole(a.eval(pos[0])))
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value {
			if len(pos) < 2 {
				return facts.Value{}
			}
			return apicall.JSONBody(a.eval(pos[1]))
		}) {
			a.f.RESTVia(n, name, httpMethods[m], url, fv)
		}
	}
}

// sdkParams works out TranscribeAsync/SubmitAsync's parameters: the
// TranscriptOptionalParams after the audio, a TranscriptParams alone, or
// the defaults when only the audio (a Uri, FileInfo, Stream) is given.
func (a *analyzer) sdkParams(pos []*syntax.Node, kw map[string]*syntax.Node) facts.Value {
	if p := kw["transcriptParams"]; p != nil {
		return a.eval(p)
	}
	if len(pos) == 0 {
		return facts.Value{}
	}
	for i, p := range pos {
		if i == 0 && len(pos) > 1 {
			continue
		}
		v := a.eval(p)
		if v.Kind == facts.Obj {
			return v
		}
		if i > 0 && a.text(p) != "true" && a.text(p) != "false" {
			return v // a variable the file cannot show
		}
	}
	if a.audio(pos[0]) {
		return facts.Value{Kind: facts.Obj, Obj: facts.NewObject()}
	}
	return facts.Value{}
}

// audio tells whether an argument is audio rather than parameters: a new
// Uri/FileInfo, a stream or a string, or a variable declared so.
func (a *analyzer) audio(n *syntax.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case "object_creation_expression":
		switch a.text(n.Get("type")) {
		case "Uri", "FileInfo", "MemoryStream", "FileStream":
			return true
		}
	case "string_literal", "interpolated_string_expression":
		return true
	case "identifier":
		o, ok := a.r.Lookup(n, a.text(n))
		if !ok {
			return false
		}
		if o.Param >= 0 {
			for _, p := range o.Scope.Get("parameters").NamedChildren() {
				if a.text(p.Get("name")) == o.Name {
					switch a.text(p.Get("type")) {
					case "Uri", "FileInfo", "Stream", "string", "UploadedFile":
						return true
					}
				}
			}
			return false
		}
		if o.Value != nil {
			return a.audio(o.Value)
		}
	case "invocation_expression":
		m := last(a.member(n.Get("function")), 1)
		return m == "OpenRead" || m == "UploadAsync"
	case "await_expression":
		if c := n.First(); c != nil {
			return a.audio(c)
		}
	}
	return false
}

// base joins an HttpClient's BaseAddress (new HttpClient { BaseAddress =
// ..} or client.BaseAddress = .. anywhere in the file) with a relative URL.
func (a *analyzer) base(recv *syntax.Node, url string) string {
	if strings.Contains(url, "://") {
		return url
	}
	name := ""
	if recv != nil {
		name = a.text(recv)
	}
	var base string
	found := false
	syntax.Walk(a.t.Root, func(m *syntax.Node) bool {
		if found || m.Kind != "assignment_expression" {
			return !found
		}
		l := a.text(m.Get("left"))
		if l == name+".BaseAddress" || l == "BaseAddress" && name != "" && a.initializerOf(m, name) {
			base, found = apicall.StrOrHole(a.eval(m.Get("right"))), true
		}
		return true
	})
	if !found {
		return facts.Join(facts.Hole, url)
	}
	return facts.Join(base, url)
}

// initializerOf tells whether an initializer assignment belongs to the
// creation of the variable or field named name.
func (a *analyzer) initializerOf(as *syntax.Node, name string) bool {
	d := as.Ancestor("variable_declarator")
	return d != nil && a.text(d.Get("name")) == strings.TrimPrefix(name, "this.")
}
