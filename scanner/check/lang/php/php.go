// Package php is the PHP front end of the code rules: it reports what a
// PHP file does with AssemblyAI as [facts.File].
//
// AssemblyAI has no PHP SDK, so PHP code calls the REST API: cURL (a
// handle from curl_init whose options, set with curl_setopt or
// curl_setopt_array, carry the URL, the method and CURLOPT_POSTFIELDS =>
// json_encode([...]); reported at curl_exec), Guzzle (->post(uri, ['json'
// => [...]]), ->request('POST', ..), a client's base_uri), Laravel's Http
// facade (Http::withHeaders(..)->post(url, [...])), Symfony's HttpClient
// (->request('POST', url, ['json' => ..])) and WordPress (wp_remote_post).
// Arrays are followed through variables, constants (const, define) and
// properties assigned in the class ($this->client), $a['k'] = v writes
// between the assignment and the use (under a condition they make the key
// unknown), array_merge and spreads, and a function's parameter to the
// arguments of its calls in the same file.
package php

import (
	"regexp"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Extract extracts the facts of a parsed PHP file.
func Extract(tr *syntax.Tree) *facts.File {
	a := &analyzer{t: tr, f: apicall.NewFile(tr)}
	a.r = scope.New(a.grammar(), tr.Root)
	syntax.Walk(tr.Root, a.visit)
	return a.f.Out
}

type analyzer struct {
	t  *syntax.Tree
	f  *apicall.File
	r  *scope.Resolver
	ev facts.Evaluator
	h  apicall.Helper
	// consts maps the file's constants to their values.
	consts map[string]*syntax.Node
}

func (a *analyzer) text(n *syntax.Node) string { return a.t.Text(n) }

// varName is a variable's name without the $.
func (a *analyzer) varName(n *syntax.Node) string {
	if n == nil || n.Kind != "variable_name" {
		return ""
	}
	return strings.TrimPrefix(a.text(n), "$")
}

var scopes = map[string]bool{"program": true, "function_definition": true, "method_declaration": true, "class_declaration": true,
	"anonymous_function": true, "arrow_function": true, "trait_declaration": true}

func (a *analyzer) grammar() scope.Grammar {
	return scope.Grammar{
		Scope: func(n *syntax.Node) bool { return scopes[n.Kind] },
		Params: func(fn *syntax.Node) ([]string, bool) {
			switch fn.Kind {
			case "function_definition", "method_declaration", "anonymous_function", "arrow_function":
			default:
				return nil, false
			}
			var names []string
			for _, p := range fn.Get("parameters").NamedChildren() {
				names = append(names, a.varName(p.Get("name")))
			}
			return names, true
		},
		FuncName: func(fn *syntax.Node) string {
			if fn.Kind == "function_definition" || fn.Kind == "method_declaration" {
				return a.text(fn.Get("name"))
			}
			return ""
		},
		Bind: func(n *syntax.Node) []scope.Binding {
			if n.Kind == "assignment_expression" {
				if l := n.Get("left"); l != nil && l.Kind == "variable_name" {
					return []scope.Binding{{Name: a.varName(l), Value: n.Get("right")}}
				}
			}
			return nil
		},
		Call: func(n *syntax.Node) (string, scope.Call, bool) {
			var name string
			switch n.Kind {
			case "function_call_expression":
				if fn := n.Get("function"); fn != nil && fn.Kind == "name" {
					name = a.text(fn)
				}
			case "member_call_expression":
				if a.varName(n.Get("object")) == "this" {
					name = a.text(n.Get("name"))
				}
			case "scoped_call_expression":
				if s := a.text(n.Get("scope")); s == "self" || s == "static" {
					name = a.text(n.Get("name"))
				}
			}
			if name == "" {
				return "", scope.Call{}, false
			}
			pos, kw := a.args(n)
			return name, scope.Call{Node: n, Pos: pos, KW: kw}, true
		},
		Conditional: func(n *syntax.Node) bool {
			switch n.Kind {
			case "if_statement", "else_clause", "else_if_clause", "switch_statement", "case_statement", "while_statement", "for_statement",
				"foreach_statement", "do_statement", "conditional_expression", "catch_clause", "match_expression":
				return true
			}
			return false
		},
		Opaque: func(s *syntax.Node) bool {
			switch s.Kind {
			case "function_definition", "method_declaration", "class_declaration", "anonymous_function", "trait_declaration":
				return true
			}
			return false
		},
	}
}

// args splits a call's arguments into positional and named ones.
func (a *analyzer) args(call *syntax.Node) (pos []*syntax.Node, kw map[string]*syntax.Node) {
	kw = map[string]*syntax.Node{}
	al := call.Get("arguments")
	if al == nil {
		for _, c := range call.Children {
			if c.Kind == "arguments" {
				al = c
			}
		}
	}
	for _, c := range al.NamedChildren() {
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

var authHeader = regexp.MustCompile(`(?i)^\s*authorization\s*:\s*`)

func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "function_call_expression":
		a.function(n)
	case "member_call_expression", "scoped_call_expression":
		a.method(n)
	case "string", "encapsed_string":
		a.f.Host(n, a.text(n))
		// "authorization: <key>" in a cURL header list
		if v := a.eval(n); v.Kind == facts.Str {
			if loc := authHeader.FindStringIndex(v.Str); loc != nil {
				a.f.Key(facts.Value{Kind: facts.Str, Str: v.Str[loc[1]:], Pos: v.Pos}, n, "Authorization header")
			}
		}
	case "binary_expression":
		// "authorization: " . KEY
		if a.text(n.Get("operator")) == "." {
			if l := a.eval(n.Get("left")); l.Kind == facts.Str && authHeader.MatchString(l.Str) && strings.TrimSpace(authHeader.ReplaceAllString(l.Str, "")) == "" {
				a.f.Key(a.eval(n.Get("right")), n, "Authorization header")
			}
		}
	case "array_element_initializer":
		// 'Authorization' => KEY
		if kids := n.NamedChildren(); len(kids) == 2 {
			if k := a.eval(kids[0]); k.Kind == facts.Str && strings.EqualFold(k.Str, "authorization") {
				a.f.Key(a.eval(kids[1]), n, "Authorization header")
			}
		}
	case "subscript_expression":
		if env := a.envSubscript(n); env != "" {
			a.f.EnvRead(n, env)
		}
	}
	return true
}

func (a *analyzer) envSubscript(n *syntax.Node) string {
	kids := n.NamedChildren()
	if len(kids) == 2 && (a.text(kids[0]) == "$_ENV" || a.text(kids[0]) == "$_SERVER") {
		if k := a.eval(kids[1]); k.Kind == facts.Str {
			return k.Str
		}
	}
	return ""
}

func (a *analyzer) function(n *syntax.Node) {
	name := strings.ToLower(a.text(n.Get("function")))
	pos, _ := a.args(n)
	switch name {
	case "getenv", "env":
		if len(pos) > 0 {
			if k := a.eval(pos[0]); k.Kind == facts.Str {
				a.f.EnvRead(n, k.Str)
			}
		}
	case "curl_exec":
		if len(pos) == 1 {
			a.curl(n, pos[0])
		}
	case "wp_remote_post", "wp_remote_request", "wp_remote_get":
		if len(pos) == 0 {
			return
		}
		url := apicall.StrOrHole(a.eval(pos[0]))
		method := map[string]string{"wp_remote_post": "POST", "wp_remote_get": "GET", "wp_remote_request": "GET"}[name]
		var opts *syntax.Node
		if len(pos) > 1 {
			opts = pos[1]
		}
		if o := a.eval(opts); o.Kind == facts.Obj {
			if m, ok := o.Obj.Get("method"); ok && m.Kind == facts.Str {
				method = strings.ToUpper(m.Str)
			}
		}
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return a.optionBody(opts) }) {
			a.f.RESTVia(n, name, method, url, fv)
		}
	}
}

// optionBody is the body of an options array: 'json' => [...],
// 'body' => json_encode([...]), 'form_params' => [...].
func (a *analyzer) optionBody(opts *syntax.Node) facts.Value {
	o := a.eval(opts)
	if o.Kind != facts.Obj {
		return facts.Value{}
	}
	for _, k := range []string{"json", "body", "form_params"} {
		if v, ok := o.Obj.Get(k); ok {
			return apicall.JSONBody(v)
		}
	}
	return facts.Value{}
}

var verbs = map[string]string{"post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "get": "GET",
	"postasync": "POST", "deleteasync": "DELETE"}

// method recognises Guzzle, Symfony HttpClient and Laravel Http calls.
func (a *analyzer) method(n *syntax.Node) {
	m := strings.ToLower(a.text(n.Get("name")))
	pos, _ := a.args(n)
	var recv *syntax.Node
	if n.Kind == "member_call_expression" {
		recv = n.Get("object")
	}
	what := a.text(n.Get("name"))
	if recv != nil {
		what = short(a.text(recv)) + "->" + what
	} else if sc := n.Get("scope"); sc != nil {
		what = a.text(sc) + "::" + what
	}
	var method, url string
	var opts *syntax.Node
	switch {
	case m == "request" || m == "requestasync":
		if len(pos) < 2 {
			return
		}
		mv := a.eval(pos[0])
		method = "?"
		if mv.Kind == facts.Str {
			method = strings.ToUpper(mv.Str)
		}
		url = apicall.StrOrHole(a.eval(pos[1]))
		if len(pos) > 2 {
			opts = pos[2]
		}
	case verbs[m] != "":
		if len(pos) == 0 {
			return
		}
		method, url = verbs[m], apicall.StrOrHole(a.eval(pos[0]))
		if len(pos) > 1 {
			opts = pos[1]
		}
	default:
		return
	}
	base, laravel, ok := a.clientBase(n, recv)
	if !ok {
		return
	}
	url = facts.Join(base, url)
	body := func() facts.Value {
		if laravel {
			// Http::post(url, $data) sends $data as JSON
			return apicall.JSONBody(a.eval(opts))
		}
		return a.optionBody(opts)
	}
	for _, fv := range a.h.Fan(a.r, n, &a.ev, body) {
		a.f.RESTVia(n, what, method, url, fv)
	}
}

// clientBase tells what the receiver of a verb call is: a Guzzle client
// (its base_uri), Laravel's Http facade (or a chain from it: withHeaders,
// baseUrl, withToken...), or an unknown object (base unknown), whose call
// counts only for a full AssemblyAI URL.
func (a *analyzer) clientBase(n, recv *syntax.Node) (base string, laravel, ok bool) {
	if n.Kind == "scoped_call_expression" {
		return "", true, a.text(n.Get("scope")) == "Http"
	}
	for i := 0; i < 8 && recv != nil; i++ {
		switch recv.Kind {
		case "scoped_call_expression":
			if a.text(recv.Get("scope")) != "Http" {
				return "", false, false
			}
			return a.laravelBase(recv), true, true
		case "member_call_expression":
			// a chain: Http::withHeaders(..)->timeout(30)->post(..)
			if root := chainRoot(recv); root != nil && root.Kind == "scoped_call_expression" && a.text(root.Get("scope")) == "Http" {
				return a.laravelBase(recv), true, true
			}
			return "", false, true
		case "object_creation_expression":
			typ := a.text(recv.First())
			if !strings.HasSuffix(typ, "Client") {
				return "", false, false
			}
			pos, _ := a.args(recv)
			if len(pos) > 0 {
				if o := a.eval(pos[0]); o.Kind == facts.Obj {
					if b, ok := o.Obj.Get("base_uri"); ok {
						return apicall.StrOrHole(b), false, true
					}
				}
			}
			return "", false, true
		case "variable_name":
			o, found := a.r.Lookup(recv, a.varName(recv))
			if !found || o.Value == nil {
				return "", false, true
			}
			recv = o.Value
		case "member_access_expression":
			d := a.property(recv)
			if d == nil {
				return "", false, true
			}
			recv = d
		default:
			return "", false, true
		}
	}
	return "", false, true
}

// short renders a receiver for messages: Http::withHeaders(…).
func short(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 {
		return s[:i] + "(…)"
	}
	return s
}

func chainRoot(n *syntax.Node) *syntax.Node {
	for n != nil && n.Kind == "member_call_expression" {
		n = n.Get("object")
	}
	return n
}

// laravelBase finds baseUrl(..) in an Http chain.
func (a *analyzer) laravelBase(n *syntax.Node) string {
	for n != nil {
		if strings.EqualFold(a.text(n.Get("name")), "baseUrl") {
			if pos, _ := a.args(n); len(pos) == 1 {
				return apicall.StrOrHole(a.eval(pos[0]))
			}
		}
		if n.Kind != "member_call_expression" {
			break
		}
		n = n.Get("object")
	}
	return ""
}

// property returns the value assigned once to $this->name in the class.
func (a *analyzer) property(acc *syntax.Node) *syntax.Node {
	if a.varName(acc.Get("object")) != "this" {
		return nil
	}
	name := a.text(acc.Get("name"))
	cls := acc.Ancestor("class_declaration", "trait_declaration")
	if cls == nil {
		return nil
	}
	var found *syntax.Node
	count := 0
	syntax.Walk(cls, func(m *syntax.Node) bool {
		if m.Kind == "assignment_expression" {
			if l := m.Get("left"); l != nil && l.Kind == "member_access_expression" && a.varName(l.Get("object")) == "this" && a.text(l.Get("name")) == name {
				found, count = m.Get("right"), count+1
			}
		}
		if m.Kind == "property_element" && a.varName(m.Get("name")) == name {
			if v := m.Get("default_value"); v != nil {
				found, count = v, count+1
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return found
}

// curl judges curl_exec($ch): the options set on the handle in its scope
// give the URL (curl_init's argument or CURLOPT_URL), the method
// (CURLOPT_CUSTOMREQUEST, else POST when CURLOPT_POST or
// CURLOPT_POSTFIELDS is set) and the body (CURLOPT_POSTFIELDS).
func (a *analyzer) curl(exec, handle *syntax.Node) {
	h := a.varName(handle)
	if h == "" {
		return
	}
	o, ok := a.r.Lookup(exec, h)
	if !ok || o.Value == nil || o.Value.Kind != "function_call_expression" || strings.ToLower(a.text(o.Value.Get("function"))) != "curl_init" {
		return
	}
	url := ""
	if pos, _ := a.args(o.Value); len(pos) > 0 {
		url = apicall.StrOrHole(a.eval(pos[0]))
	}
	method := "GET"
	var body *syntax.Node
	opt := func(name string, v *syntax.Node) {
		switch name {
		case "CURLOPT_URL":
			url = apicall.StrOrHole(a.eval(v))
		case "CURLOPT_POST":
			if t, known := a.eval(v).Truth(); t || !known {
				method = "POST"
			}
		case "CURLOPT_POSTFIELDS":
			body = v
			if method == "GET" {
				method = "POST"
			}
		case "CURLOPT_CUSTOMREQUEST":
			if m := a.eval(v); m.Kind == facts.Str {
				method = strings.ToUpper(m.Str)
			} else {
				method = "?"
			}
		}
	}
	syntax.Walk(o.Scope, func(m *syntax.Node) bool {
		if m != o.Scope && a.r.G.Scope(m) {
			return false
		}
		if m.Kind != "function_call_expression" {
			return true
		}
		pos, _ := a.args(m)
		if len(pos) == 0 || a.varName(pos[0]) != h {
			return true
		}
		switch strings.ToLower(a.text(m.Get("function"))) {
		case "curl_setopt":
			if len(pos) == 3 {
				opt(a.text(pos[1]), pos[2])
			}
		case "curl_setopt_array":
			if len(pos) == 2 && pos[1] != nil {
				arr := pos[1]
				if arr.Kind == "variable_name" {
					if ao, ok := a.r.Lookup(m, a.varName(arr)); ok && ao.Value != nil {
						arr = ao.Value
					}
				}
				for _, el := range arr.NamedChildren() {
					if kids := el.NamedChildren(); el.Kind == "array_element_initializer" && len(kids) == 2 {
						opt(a.text(kids[0]), kids[1])
					}
				}
			}
		}
		return true
	})
	if url == "" {
		return
	}
	for _, fv := range a.h.Fan(a.r, exec, &a.ev, func() facts.Value {
		if body == nil {
			return facts.Value{}
		}
		return apicall.JSONBody(a.eval(body))
	}) {
		a.f.RESTVia(exec, "curl_exec", method, url, fv)
	}
}
