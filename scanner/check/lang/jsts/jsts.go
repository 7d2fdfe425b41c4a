// Package jsts is the JavaScript/TypeScript (and JSX/TSX) front end of the
// code rules: it parses a file with tree-sitter and reports what it does
// with AssemblyAI as [facts.File].
//
// Values are followed the way a reader would: an identifier passed as a
// request's parameters is resolved to its declaration in the enclosing
// scopes (nearest first, the last declaration before the use), object
// spreads (...base) are merged, and assignments to the object's properties
// (params.redact_pii = true, Object.assign(params, ...)) between the
// declaration and the use are applied. SDK imports are recognised in ESM
// (import {AssemblyAI} from "assemblyai", import * as aai) and CommonJS
// (require("assemblyai"), destructured or not).
package jsts

import (
	"path"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// LangFor returns the grammar for a file name, and false for files that are
// not JavaScript or TypeScript.
func LangFor(name string) (treesitter.Lang, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".js", ".jsx", ".mjs", ".cjs":
		return treesitter.JavaScript, true
	case ".ts", ".mts", ".cts":
		if strings.HasSuffix(strings.ToLower(name), ".d.ts") {
			return 0, false // declarations only, no code
		}
		return treesitter.TypeScript, true
	case ".tsx":
		return treesitter.TSX, true
	}
	return 0, false
}

// Analyze parses src and extracts its facts.
func Analyze(src []byte, lang treesitter.Lang) (*facts.File, *syntax.Tree, error) {
	tr, err := treesitter.Parse(src, lang)
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
	a.useClient()
	for _, mod := range a.imports {
		if serverModule(mod) {
			a.out.Server = true
		}
		switch mod {
		case "react.useState", "react.useEffect", "react.useReducer", "react.useLayoutEffect", "preact/hooks.useState", "preact/hooks.useEffect":
			a.out.ReactHooks = true
		}
	}
	syntax.Walk(tr.Root, a.visit)
	a.exportedPageData()
	if a.flowLimit {
		a.out.Notes = append(a.out.Notes, facts.FlowNote())
	}
	return a.out
}

type analyzer struct {
	t        *syntax.Tree
	out      *facts.File
	mentions bool
	sdk      bool // the file imports the assemblyai package
	// imports maps a local name to what it stands for: "assemblyai" for
	// the module namespace, "assemblyai.AssemblyAI" for a named import,
	// "axios", "$env/static/public.PUBLIC_X", ...
	imports map[string]string
	// imported maps a local name to the import as written, for the
	// repository's symbol table (imp, nil when there is none).
	imported map[string]facts.ImportRef
	imp      facts.Importer
	ev       facts.Evaluator
	hosts    map[string]bool
	// bind holds the parameters' values of the helpers in the current
	// calling context, via its call sites (flow.go); nil outside one.
	bind      map[*syntax.Node]map[string]facts.Value
	via       []facts.Site
	flowLimit bool // a flow limit was hit: noted
}

func (a *analyzer) text(n *syntax.Node) string { return a.t.Text(n) }

func (a *analyzer) pos(n *syntax.Node) facts.Pos { return facts.Pos{Line: n.Line, Col: n.Col} }

func (a *analyzer) site(n *syntax.Node, what string) facts.Site {
	return facts.Site{Pos: a.pos(n), What: what, Text: facts.Squash(a.text(n))}
}

// stringValue returns the text of a string literal node without quotes.
func (a *analyzer) stringLit(n *syntax.Node) (string, bool) {
	if n == nil || n.Kind != "string" {
		return "", false
	}
	v := a.eval(n)
	if v.Kind != facts.Str || strings.Contains(v.Str, facts.Hole) {
		return "", false
	}
	return v.Str, true
}

// isSDKModule recognises the npm package and its CDN builds
// (https://esm.sh/assemblyai, https://cdn.jsdelivr.net/npm/assemblyai@4).
func isSDKModule(m string) bool {
	if m == "assemblyai" || strings.HasPrefix(m, "assemblyai/") {
		return true
	}
	if strings.Contains(m, "://") {
		m = strings.TrimSuffix(m, "/")
		return strings.HasSuffix(m, "/assemblyai") || strings.Contains(m, "/assemblyai@")
	}
	return false
}

func (a *analyzer) collectImports() {
	syntax.Walk(a.t.Root, func(n *syntax.Node) bool {
		switch n.Kind {
		case "import_statement":
			src, _ := a.stringLit(n.Get("source"))
			if src == "" {
				return false
			}
			if isSDKModule(src) {
				a.sdk = true
				a.out.Imports = append(a.out.Imports, a.site(n, "imports the assemblyai SDK"))
			}
			syntax.Walk(n, func(m *syntax.Node) bool {
				switch m.Kind {
				case "import_specifier":
					name := a.text(m.Get("name"))
					local := name
					if al := m.Get("alias"); al != nil {
						local = a.text(al)
					}
					a.imports[local] = src + "." + name
					a.imported[local] = facts.ImportRef{Spec: src, Name: name}
					return false
				case "namespace_import":
					if id := m.First(); id != nil {
						a.imports[a.text(id)] = src
						a.imported[a.text(id)] = facts.ImportRef{Spec: src, Name: "*"}
					}
					return false
				case "import_clause":
					// default import: import axios from "axios"
					if id := m.First(); id != nil && id.Kind == "identifier" {
						a.imports[a.text(id)] = src
						a.imported[a.text(id)] = facts.ImportRef{Spec: src, Name: "default"}
					}
				}
				return true
			})
			return false
		case "variable_declarator":
			// const x = require("m"); const {A, B: C} = require("m")
			v := n.Get("value")
			for v != nil && v.Kind == "member_expression" {
				v = v.Get("object")
			}
			if v == nil || v.Kind != "call_expression" || a.text(v.Get("function")) != "require" {
				return true
			}
			args := v.Get("arguments").NamedChildren()
			if len(args) != 1 {
				return true
			}
			src, ok := a.stringLit(args[0])
			if !ok {
				return true
			}
			if isSDKModule(src) {
				a.sdk = true
				a.out.Imports = append(a.out.Imports, a.site(n, "requires the assemblyai SDK"))
			}
			name := n.Get("name")
			switch {
			case name == nil:
			case name.Kind == "identifier":
				mod := src
				// const m = require("./m"): module.exports itself
				ref := facts.ImportRef{Spec: src, Name: "module"}
				if val := n.Get("value"); val.Kind == "member_expression" {
					mod = src + "." + a.text(val.Get("property"))
					ref.Name = a.text(val.Get("property"))
				}
				a.imports[a.text(name)] = mod
				a.imported[a.text(name)] = ref
			case name.Kind == "object_pattern":
				for _, p := range name.NamedChildren() {
					switch p.Kind {
					case "shorthand_property_identifier_pattern":
						a.imports[a.text(p)] = src + "." + a.text(p)
						a.imported[a.text(p)] = facts.ImportRef{Spec: src, Name: a.text(p)}
					case "pair_pattern":
						a.imports[a.text(p.Get("value"))] = src + "." + a.text(p.Get("key"))
						a.imported[a.text(p.Get("value"))] = facts.ImportRef{Spec: src, Name: a.text(p.Get("key"))}
					}
				}
			}
		}
		return true
	})
	// import("assemblyai") anywhere counts as usage too.
}

// serverModule reports whether an import (module or module.name) is
// server-only.
func serverModule(imp string) bool {
	for _, m := range []string{"express", "fastify", "koa", "@hapi/hapi", "http", "https", "node:http", "node:https", "@hono/node-server", "next/server", "next/headers", "fs", "node:fs", "ws.WebSocketServer", "$env/static/private", "$env/dynamic/private", "server-only"} {
		if imp == m || strings.HasPrefix(imp, m+".") {
			return true
		}
	}
	return false
}

func (a *analyzer) useClient() {
	for _, st := range a.t.Root.NamedChildren() {
		if st.Kind != "expression_statement" {
			return
		}
		s, ok := a.stringLit(st.First())
		if !ok {
			return
		}
		if s == "use client" {
			a.out.UseClient = true
			return
		}
	}
}

// visit looks at one node of the walk.
func (a *analyzer) visit(n *syntax.Node) bool {
	switch n.Kind {
	case "call_expression":
		if !a.flowCall(n, false) {
			a.call(n, false)
		}
	case "new_expression":
		a.call(n, true)
	case "member_expression", "subscript_expression":
		a.envRead(n)
	case "string", "template_string":
		a.host(n)
	case "import_statement":
		a.publicEnvImport(n)
	case "pair":
		a.buildEnv(n)
	case "jsx_attribute":
		a.jsxAttr(n)
	}
	return true
}

// buildEnv records key names under env: {...} or define: {...} object
// literals (next.config, vite.config).
func (a *analyzer) buildEnv(n *syntax.Node) {
	k := a.text(n.Get("key"))
	public := false
	switch k {
	case "env", "define":
	case "public":
		// Nuxt: runtimeConfig: { public: { ... } } reaches the browser
		outer := n.Parent
		if outer != nil {
			outer = outer.Parent
		}
		if outer == nil || outer.Kind != "pair" || a.text(outer.Get("key")) != "runtimeConfig" {
			return
		}
		public, k = true, "runtimeConfig.public"
	default:
		return
	}
	v := a.eval(n.Get("value"))
	if v.Kind != facts.Obj {
		return
	}
	for _, key := range v.Obj.Keys {
		name := strings.TrimPrefix(strings.TrimPrefix(key, "process.env."), "import.meta.env.")
		_, readsKey := facts.KeyIn(v.Obj.Vals[key])
		if facts.IsKeyName(name) || public && readsKey {
			// the value sits on the key's line
			a.out.BuildEnv = append(a.out.BuildEnv, facts.Site{Pos: v.Obj.Vals[key].Pos, What: k + ": " + name, Text: k + ":" + name})
		}
	}
}

// callee returns the dotted path of a call's function ("client.transcripts.
// transcribe"), with optional chaining and parentheses removed, and the
// receiver node (the object the method is called on).
func (a *analyzer) callee(fn *syntax.Node) (parts []string, recv *syntax.Node) {
	var rec func(n *syntax.Node) []string
	rec = func(n *syntax.Node) []string {
		switch n.Kind {
		case "identifier", "this", "super":
			return []string{a.text(n)}
		case "member_expression":
			return append(rec(n.Get("object")), a.text(n.Get("property")))
		case "parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression":
			return rec(n.First())
		case "call_expression":
			return append(rec(n.Get("function")), "()")
		case "new_expression":
			ps := rec(n.Get("constructor"))
			ps[0] = "new " + ps[0]
			return append(ps, "()")
		}
		return []string{"?"}
	}
	if fn.Kind == "member_expression" {
		recv = fn.Get("object")
	}
	return rec(fn), recv
}

func last(parts []string, i int) string {
	if len(parts) < i {
		return ""
	}
	return parts[len(parts)-i]
}

func (a *analyzer) args(n *syntax.Node) []*syntax.Node {
	return n.Get("arguments").NamedChildren()
}

func (a *analyzer) argVal(args []*syntax.Node, i int) facts.Value {
	if i >= len(args) {
		return facts.Value{Kind: facts.Null}
	}
	return a.eval(args[i])
}

// call looks at a call or new expression.
func (a *analyzer) call(n *syntax.Node, isNew bool) {
	fnNode := n.Get("function")
	if isNew {
		fnNode = n.Get("constructor")
	}
	if fnNode == nil {
		return
	}
	parts, recv := a.callee(fnNode)
	args := a.args(n)
	name := facts.JoinPath(parts)
	m, m2 := last(parts, 1), last(parts, 2)
	qual := a.qualified(parts)

	switch {
	case isNew && m == "AssemblyAI" && (a.sdk || strings.HasPrefix(qual, "assemblyai.")):
		if opts := a.argVal(args, 0); opts.Kind == facts.Obj {
			if k, ok := opts.Obj.Get("apiKey"); ok && mayHoldKey(k) {
				a.out.Clients = append(a.out.Clients, a.site(n, "AssemblyAI client created with apiKey"))
			}
		}
		a.keyReadsIn(n)
	case isNew && (m == "StreamingTranscriber" || m == "RealtimeTranscriber" || m == "RealtimeService") && (a.sdk || strings.HasPrefix(qual, "assemblyai")):
		opts := a.argVal(args, 0)
		raw := false
		if opts.Kind == facts.Obj {
			k, ok := opts.Obj.Get("apiKey")
			raw = ok && mayHoldKey(k)
		}
		a.out.Streaming = append(a.out.Streaming, facts.Streaming{Site: a.site(n, "new "+m), RawKey: raw})
	case (m2 == "streaming" || m2 == "realtime") && (m == "transcriber" || m == "createService"):
		opts := a.argVal(args, 0)
		raw := true // inherits the client's apiKey unless given a token
		if opts.Kind == facts.Obj {
			if _, ok := opts.Obj.Get("token"); ok {
				raw = false
			}
		} else if opts.Kind == facts.Unknown {
			raw = false
		}
		a.out.Streaming = append(a.out.Streaming, facts.Streaming{Site: a.site(n, name), RawKey: raw})
	case m2 == "transcripts" && (m == "transcribe" || m == "submit" || m == "create"):
		p := a.argVal(args, 0)
		if !a.sdk && !a.mentions && !(p.Kind == facts.Obj && hasAny(p.Obj, "audio", "audio_url")) && !a.sdkReceiver(fnNode) {
			return
		}
		a.out.Requests = append(a.out.Requests, facts.Request{Site: a.site(n, name), Params: p})
	case m2 == "transcripts" && m == "delete" && (a.sdk || a.mentions || a.sdkReceiver(fnNode)):
		a.out.Deletes = append(a.out.Deletes, a.site(n, name))
	case m == "createTemporaryToken":
		tok := facts.Token{Site: a.site(n, name)}
		if opts := a.argVal(args, 0); opts.Kind == facts.Obj {
			for _, k := range []string{"expires_in_seconds", "expires_in"} {
				if v, ok := opts.Obj.Get(k); ok {
					tok.Expires, tok.Param = v, k
				}
			}
		} else if opts.Kind == facts.Num {
			tok.Expires, tok.Param = opts, "expires_in"
		}
		a.out.Tokens = append(a.out.Tokens, tok)
	default:
		a.rest(n, parts, recv, args)
		a.keyResponse(n, parts, args)
	}
}

// mayHoldKey reports whether an apiKey value can be a key: not an empty
// string or null (new AssemblyAI({ apiKey: "" }) with a token for
// streaming holds none).
func mayHoldKey(v facts.Value) bool {
	switch v.Kind {
	case facts.Null:
		return false
	case facts.Str:
		return strings.TrimSpace(v.Str) != ""
	}
	return true
}

func hasAny(o *facts.Object, keys ...string) bool {
	for _, k := range keys {
		if _, ok := o.Get(k); ok {
			return true
		}
	}
	return false
}

// qualified maps the first part of a callee through the imports:
// aai.AssemblyAI with `import * as aai from "assemblyai"` is
// "assemblyai.AssemblyAI".
func (a *analyzer) qualified(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	if q, ok := a.imports[parts[0]]; ok {
		return strings.Join(append([]string{q}, parts[1:]...), ".")
	}
	return strings.Join(parts, ".")
}

// httpLib tells which HTTP client library a name stands for.
func (a *analyzer) httpLib(name string) string {
	mod, ok := a.imports[name]
	if !ok {
		mod = name
	}
	switch mod {
	case "axios", "got", "ky", "ky-universal", "node-fetch", "cross-fetch", "ofetch", "undici", "superagent":
		return mod
	}
	if strings.HasPrefix(mod, "undici.") || strings.HasPrefix(mod, "node-fetch.") {
		return "fetch"
	}
	return ""
}

// rest recognises fetch/axios/got/ky calls to AssemblyAI endpoints.
func (a *analyzer) rest(n *syntax.Node, parts []string, recv *syntax.Node, args []*syntax.Node) {
	if len(parts) == 0 || len(args) == 0 {
		return
	}
	m := last(parts, 1)
	var url, method string
	var body, opts facts.Value
	var params facts.Value // axios/ky query params
	fetchLike := func(u, o facts.Value) {
		url, opts = strOf(u), o
		method = "GET"
		if o.Kind == facts.Obj {
			if v, ok := o.Obj.Get("method"); ok && v.Kind == facts.Str {
				method = strings.ToUpper(v.Str)
			} else if ok {
				method = "?"
			}
			body = bodyOf(o)
			if v, ok := o.Obj.Get("params"); ok {
				params = v
			}
			if v, ok := o.Obj.Get("searchParams"); ok {
				params = v
			}
		}
	}
	switch {
	case len(parts) == 1 && (m == "fetch" || m == "$fetch" || m == "ofetch" || a.httpLib(m) == "fetch" || a.httpLib(m) == "node-fetch" || a.httpLib(m) == "cross-fetch"):
		fetchLike(a.argVal(args, 0), a.argVal(args, 1))
		if (m == "$fetch" || m == "ofetch") && method == "GET" && body.Kind != facts.Unknown {
			method = "POST"
		}
	case len(parts) == 2 && parts[0] == "window" && m == "fetch":
		fetchLike(a.argVal(args, 0), a.argVal(args, 1))
	case len(parts) == 1 && a.httpLib(m) == "axios":
		// axios(config) or axios(url, config)
		c := a.argVal(args, 0)
		if c.Kind == facts.Str {
			c = a.argVal(args, 1)
			url = strOf(a.argVal(args, 0))
		}
		method, body, params = axiosConfig(c, &url)
	case len(parts) == 1 && (a.httpLib(m) == "got" || a.httpLib(m) == "ky" || a.httpLib(m) == "ky-universal"):
		fetchLike(a.argVal(args, 0), a.argVal(args, 1))
	case len(parts) >= 2 && isVerb(m):
		base, lib := a.clientBase(recv)
		if lib == "" {
			return
		}
		path := strOf(a.argVal(args, 0))
		url = facts.Join(base, path)
		method = strings.ToUpper(m)
		switch lib {
		case "axios":
			if m == "request" {
				method, body, params = axiosConfig(a.argVal(args, 0), &path)
				url = facts.Join(base, path)
				break
			}
			if method == "POST" || method == "PUT" || method == "PATCH" {
				body = a.argVal(args, 1)
				if c := a.argVal(args, 2); c.Kind == facts.Obj {
					params, _ = c.Obj.Get("params")
				}
			} else if c := a.argVal(args, 1); c.Kind == facts.Obj {
				params, _ = c.Obj.Get("params")
			}
		default: // got, ky: options object
			o := a.argVal(args, 1)
			body = bodyOf(o)
			if o.Kind == facts.Obj {
				params, _ = o.Obj.Get("searchParams")
			}
		}
	default:
		return
	}
	if url == "" {
		return
	}
	if p := strings.TrimPrefix(url, facts.Hole); strings.HasPrefix(p, "/") && !strings.Contains(p, facts.Hole) {
		// a path of the app's own origin: the app's routes
		a.out.Fetches = append(a.out.Fetches, facts.Route{Site: a.site(n, facts.JoinPath(parts)), Path: p})
	}
	ep := facts.Classify(url, a.mentions || a.sdk)
	what := facts.JoinPath(parts)
	switch ep {
	case facts.NotAPI:
		return
	case facts.TranscriptList:
		if method == "POST" || method == "?" {
			a.out.Requests = append(a.out.Requests, facts.Request{Site: a.site(n, what+" POST /v2/transcript"), Params: unwrapJSON(body)})
		}
	case facts.TranscriptItem:
		if method == "DELETE" {
			a.out.Deletes = append(a.out.Deletes, a.site(n, what+" DELETE /v2/transcript/{id}"))
		}
	case facts.StreamingToken:
		tok := facts.Token{Site: a.site(n, what+" /v3/token"), Param: "expires_in_seconds"}
		tok.Expires = queryParam(url, params, "expires_in_seconds")
		a.out.Tokens = append(a.out.Tokens, tok)
	case facts.RealtimeTokenV2:
		tok := facts.Token{Site: a.site(n, what+" /v2/realtime/token"), Param: "expires_in"}
		if b := unwrapJSON(body); b.Kind == facts.Obj {
			tok.Expires, _ = b.Obj.Get("expires_in")
		}
		a.out.Tokens = append(a.out.Tokens, tok)
	}
	a.out.APICalls = append(a.out.APICalls, a.site(n, what+" to the AssemblyAI API"))
	_ = opts
}

func isVerb(m string) bool {
	switch m {
	case "post", "get", "delete", "put", "patch", "request":
		return true
	}
	return false
}

func strOf(v facts.Value) string {
	switch v.Kind {
	case facts.Str:
		return v.Str
	case facts.Unknown:
		return facts.Hole
	}
	return ""
}

// bodyOf returns the body of fetch/got/ky options: body, or json.
func bodyOf(o facts.Value) facts.Value {
	if o.Kind != facts.Obj {
		return facts.Value{}
	}
	if v, ok := o.Obj.Get("body"); ok {
		return unwrapJSON(v)
	}
	if v, ok := o.Obj.Get("json"); ok {
		return v
	}
	if v, ok := o.Obj.Get("data"); ok {
		return unwrapJSON(v)
	}
	return facts.Value{}
}

// unwrapJSON is identity: JSON.stringify is unwrapped during evaluation.
func unwrapJSON(v facts.Value) facts.Value { return v }

func axiosConfig(c facts.Value, url *string) (method string, body, params facts.Value) {
	method = "GET"
	if c.Kind != facts.Obj {
		return "?", facts.Value{}, facts.Value{}
	}
	if v, ok := c.Obj.Get("url"); ok {
		*url = strOf(v)
	}
	if v, ok := c.Obj.Get("baseURL"); ok {
		*url = facts.Join(strOf(v), *url)
	}
	if v, ok := c.Obj.Get("method"); ok {
		if v.Kind == facts.Str {
			method = strings.ToUpper(v.Str)
		} else {
			method = "?"
		}
	}
	body, _ = c.Obj.Get("data")
	params, _ = c.Obj.Get("params")
	return method, body, params
}

// queryParam reads a query parameter from a URL string or a params object.
func queryParam(url string, params facts.Value, name string) facts.Value {
	if params.Kind == facts.Obj {
		if v, ok := params.Obj.Get(name); ok {
			return v
		}
	}
	if i := strings.Index(url, name+"="); i >= 0 {
		s := url[i+len(name)+1:]
		j := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > 0 {
			f, _ := strconv.ParseFloat(s[:j], 64)
			return facts.Value{Kind: facts.Num, Num: f, Text: s[:j]}
		}
	}
	return facts.Value{}
}

// clientBase tells whether recv is an HTTP client (a library or an
// instance made by axios.create / got.extend / ky.create) and its base URL.
func (a *analyzer) clientBase(recv *syntax.Node) (base, lib string) {
	if recv == nil {
		return "", ""
	}
	for i := 0; i < 8; i++ {
		switch {
		case recv.Kind == "identifier":
			if l := a.httpLib(a.text(recv)); l != "" {
				return "", l
			}
			if b, l, ok := a.importedClient(recv); ok {
				return b, l
			}
			decl := a.resolve(recv)
			if decl == nil {
				return "", ""
			}
			recv = decl
			continue
		case recv.Kind == "member_expression" && recv.Get("object").Kind == "this":
			// this.http = axios.create({ baseURL }) in the constructor
			decl := a.thisField(recv)
			if decl == nil {
				return "", ""
			}
			recv = decl
			continue
		case recv.Kind == "await_expression" || recv.Kind == "parenthesized_expression":
			recv = recv.First()
			continue
		}
		break
	}
	if recv == nil {
		return "", ""
	}
	if recv.Kind != "call_expression" {
		return "", ""
	}
	if e, ok := a.importOf(recv.Get("function")); ok && e.Factory && e.Lib != "" {
		return e.Base, e.Lib // const api = createApi()
	}
	parts, _ := a.callee(recv.Get("function"))
	if len(parts) != 2 {
		return "", ""
	}
	lib = a.httpLib(parts[0])
	if lib == "" || !(parts[1] == "create" || parts[1] == "extend") {
		return "", ""
	}
	opts := a.argVal(a.args(recv), 0)
	if opts.Kind == facts.Obj {
		for _, k := range []string{"baseURL", "prefixUrl", "prefixURL"} {
			if v, ok := opts.Obj.Get(k); ok {
				return strOf(v), lib
			}
		}
	}
	return "", lib
}

// thisField returns the value assigned to this.<name> in the enclosing
// class: a class field (http = axios.create(...)), else the assignment in
// the constructor, else the first one in a method. nil when none is seen.
func (a *analyzer) thisField(m *syntax.Node) *syntax.Node {
	body := m.Ancestor("class_body")
	if body == nil {
		return nil
	}
	name := a.text(m.Get("property"))
	var inCtor, inMethod *syntax.Node
	for _, c := range body.NamedChildren() {
		switch c.Kind {
		case "field_definition", "public_field_definition":
			k := c.Get("property")
			if k == nil {
				k = c.Get("name")
			}
			if a.text(k) == name && c.Get("value") != nil {
				return c.Get("value")
			}
		case "method_definition":
			ctor := a.text(c.Get("name")) == "constructor"
			syntax.Walk(c.Get("body"), func(n *syntax.Node) bool {
				if n.Kind != "assignment_expression" {
					return true
				}
				l := n.Get("left")
				if l != nil && l.Kind == "member_expression" && l.Get("object").Kind == "this" && a.text(l.Get("property")) == name {
					if ctor && inCtor == nil {
						inCtor = n.Get("right")
					} else if inMethod == nil {
						inMethod = n.Get("right")
					}
				}
				return true
			})
		}
	}
	if inCtor != nil {
		return inCtor
	}
	return inMethod
}
