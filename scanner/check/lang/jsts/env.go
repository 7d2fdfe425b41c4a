package jsts

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// envName returns the variable name of an environment read
// (process.env.X, process.env["X"], import.meta.env.X, Bun.env.X, env.X
// with env from $env/dynamic/*), or "".
func (a *analyzer) envName(n *syntax.Node) string {
	var obj *syntax.Node
	var key string
	switch n.Kind {
	case "member_expression":
		obj, key = n.Get("object"), a.text(n.Get("property"))
	case "subscript_expression":
		obj = n.Get("object")
		k, ok := a.stringLit(n.Get("index"))
		if !ok {
			return ""
		}
		key = k
	default:
		return ""
	}
	switch o := a.text(obj); o {
	case "process.env", "import.meta.env", "Bun.env":
		return key
	default:
		if m, ok := a.imports[o]; ok && (m == "$env/dynamic/public.env" || m == "$env/dynamic/private.env") {
			return key
		}
	}
	return ""
}

// envRead records reads of AssemblyAI key names.
func (a *analyzer) envRead(n *syntax.Node) {
	name := a.envName(n)
	if name == "" || !facts.IsKeyName(name) {
		return
	}
	a.recordEnv(n, name, a.text(n.Get("object")))
}

func (a *analyzer) recordEnv(n *syntax.Node, name, via string) {
	public := facts.PublicPrefix(name) != ""
	if m, ok := a.imports[via]; ok && m == "$env/dynamic/public.env" {
		public = true
	}
	if public {
		a.out.PublicEnv = append(a.out.PublicEnv, a.site(n, name))
		return
	}
	a.out.KeyReads = append(a.out.KeyReads, a.site(n, "API key read from "+via+"."+name))
}

// publicEnvImport handles SvelteKit's $env modules:
// import { PUBLIC_ASSEMBLYAI_KEY } from "$env/static/public".
func (a *analyzer) publicEnvImport(n *syntax.Node) {
	src, _ := a.stringLit(n.Get("source"))
	if src != "$env/static/public" && src != "$env/static/private" {
		return
	}
	syntax.Walk(n, func(m *syntax.Node) bool {
		if m.Kind == "import_specifier" {
			name := a.text(m.Get("name"))
			if !facts.IsKeyName(name) {
				return false
			}
			if src == "$env/static/public" {
				a.out.PublicEnv = append(a.out.PublicEnv, a.site(m, name+" from "+src))
			} else {
				a.out.KeyReads = append(a.out.KeyReads, a.site(m, "API key read from "+src+"."+name))
			}
			return false
		}
		return true
	})
}

// keyReadsIn records the env read behind an SDK client's apiKey when its
// name does not say AssemblyAI (new AssemblyAI({apiKey: process.env.KEY})):
// the sink says what it is.
func (a *analyzer) keyReadsIn(newExpr *syntax.Node) {
	args := a.args(newExpr)
	if len(args) == 0 {
		return
	}
	opts := a.eval(args[0])
	if opts.Kind != facts.Obj {
		return
	}
	v, ok := opts.Obj.Get("apiKey")
	if !ok || v.Env == "" || facts.IsKeyName(v.Env) {
		return
	}
	if facts.PublicPrefix(v.Env) != "" {
		a.out.PublicEnv = append(a.out.PublicEnv, facts.Site{Pos: v.Pos, What: v.Env + " passed as apiKey", Text: facts.Squash(v.Text)})
		return
	}
	a.out.KeyReads = append(a.out.KeyReads, facts.Site{Pos: v.Pos, What: "API key read from " + v.Text, Text: facts.Squash(v.Text)})
}

// host records AssemblyAI API hosts named in strings (usage).
func (a *analyzer) host(n *syntax.Node) {
	s := a.text(n)
	i := strings.Index(strings.ToLower(s), "assemblyai.com")
	if i < 0 {
		return
	}
	// the host name: back to the start of the token
	j := i
	for j > 0 && (isHostByte(s[j-1])) {
		j--
	}
	h := strings.ToLower(s[j : i+len("assemblyai.com")])
	if h == "www.assemblyai.com" || h == "assemblyai.com" {
		return // docs and dashboard links are not API use
	}
	if a.hosts == nil {
		a.hosts = map[string]bool{}
	}
	if a.hosts[h] {
		return
	}
	a.hosts[h] = true
	a.out.Hosts = append(a.out.Hosts, a.site(n, "uses "+h))
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// keyResponse records a server response whose body reads the API key:
// res.json({ key: process.env.ASSEMBLYAI_API_KEY }), Response.json(...),
// new Response(key).
func (a *analyzer) keyResponse(n *syntax.Node, parts []string, args []*syntax.Node) {
	m := last(parts, 1)
	switch {
	case len(parts) >= 2 && (m == "json" || m == "send" || m == "end" || m == "write"):
		if parts[0] == "JSON" || parts[0] == "console" {
			return
		}
	case len(parts) == 1 && (m == "Response" || m == "json" || m == "NextResponse"):
	default:
		return
	}
	for _, arg := range args {
		if k, ok := facts.KeyIn(a.eval(arg)); ok {
			a.out.KeyResponses = append(a.out.KeyResponses, a.site(n, "response body carries "+k.Text))
			if path := a.routePath(n); path != "" {
				a.out.KeyRoutes = append(a.out.KeyRoutes, facts.Route{Site: a.site(n, "response body carries "+k.Text), Path: path})
			}
			return
		}
	}
}

// routePath returns the path of the route whose handler holds n, when the
// code names it: app.get("/config", handler), router.post(...),
// fastify.get(...), Hono's app.get(...).
func (a *analyzer) routePath(n *syntax.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind != "call_expression" {
			continue
		}
		f := p.Get("function")
		if f == nil || f.Kind != "member_expression" {
			continue
		}
		switch a.text(f.Get("property")) {
		case "get", "post", "put", "all", "use", "route":
		default:
			continue
		}
		args := a.args(p)
		if len(args) < 2 || args[0].Contains(n) {
			continue
		}
		if s, ok := a.stringLit(args[0]); ok && strings.HasPrefix(s, "/") {
			return s
		}
	}
	return ""
}

// keyishProp reports prop names that take a key: an AssemblyAI key name, or
// a generic credential name (apiKey, token), which counts only with a
// key-shaped value or the key read from the environment.
func keyishProp(name string) bool {
	switch strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "_", "")) {
	case "apikey", "token", "authtoken", "accesstoken", "secret":
		return true
	}
	return facts.IsKeyName(name)
}

// jsxAttr records a JSX prop that carries the key into a component.
func (a *analyzer) jsxAttr(n *syntax.Node) {
	kids := n.NamedChildren()
	if len(kids) != 2 || kids[0].Kind != "property_identifier" {
		return
	}
	name := a.text(kids[0])
	val := kids[1]
	if val.Kind == "jsx_expression" {
		val = val.First()
	}
	if val == nil || !keyishProp(name) {
		return
	}
	v := a.eval(val)
	prop := facts.KeyProp{Site: a.site(n, name)}
	switch {
	case v.Kind == facts.Str && facts.KeyShaped(v.Str):
		// a generic name (apiKey, token) counts in a file about
		// AssemblyAI, or for a component from a module that uses it
		if !facts.IsKeyName(name) && !a.mentions && !a.sdk && !a.aaiComponent(n.Parent) {
			return
		}
		prop.Literal = true
	default:
		if _, ok := facts.KeyIn(v); !ok {
			return
		}
	}
	el := n.Parent
	if el != nil && (el.Kind == "jsx_self_closing_element" || el.Kind == "jsx_opening_element") {
		if c := el.Get("name"); c != nil {
			prop.Component = a.text(c)
			if e, ok := a.importOf(c); ok && e.UseClient {
				prop.ClientComponent = true
			}
		}
	}
	prop.What = "the " + name + " prop of <" + prop.Component + ">"
	a.out.KeyProps = append(a.out.KeyProps, prop)
}

// pageData records data a server hands to a page with the key in it: the
// return of an exported SvelteKit load() (+page.server.ts,
// +layout.server.ts) or of Next.js getServerSideProps/getStaticProps.
func (a *analyzer) pageData(fn *syntax.Node, name string) {
	for _, r := range returned(fn) {
		v := a.eval(r)
		if name != "load" && v.Kind == facts.Obj {
			v, _ = v.Obj.Get("props")
		}
		if k, ok := facts.KeyIn(v); ok {
			a.out.KeyResponses = append(a.out.KeyResponses, a.site(r, name+"() hands "+k.Text+" to the page"))
		}
	}
}

// exportedPageData finds exported load / getServerSideProps /
// getStaticProps functions.
func (a *analyzer) exportedPageData() {
	for _, st := range a.t.Root.NamedChildren() {
		if st.Kind != "export_statement" {
			continue
		}
		d := st.Get("declaration")
		if d == nil {
			continue
		}
		check := func(name string, fn *syntax.Node) {
			if fn != nil && isFunc(fn) && (name == "load" || name == "getServerSideProps" || name == "getStaticProps") {
				a.pageData(fn, name)
			}
		}
		switch d.Kind {
		case "function_declaration":
			check(a.text(d.Get("name")), d)
		case "lexical_declaration", "variable_declaration":
			for _, vd := range d.NamedChildren() {
				if vd.Kind == "variable_declarator" {
					v := vd.Get("value")
					for v != nil && (v.Kind == "satisfies_expression" || v.Kind == "as_expression" || v.Kind == "parenthesized_expression") {
						v = v.First()
					}
					check(a.text(vd.Get("name")), v)
				}
			}
		}
	}
}

// localsKey is the value of event.locals.NAME / locals.NAME when the app's
// hooks set that local to the key.
func (a *analyzer) localsKey(n *syntax.Node) (facts.Value, bool) {
	kl, ok := a.imp.(facts.KeyLocals)
	if !ok || n.Kind != "member_expression" {
		return facts.Value{}, false
	}
	obj := n.Get("object")
	if !(obj.Kind == "identifier" && a.text(obj) == "locals" || obj.Kind == "member_expression" && a.text(obj.Get("property")) == "locals") {
		return facts.Value{}, false
	}
	env, ok := kl.KeyLocals()[a.text(n.Get("property"))]
	if !ok {
		return facts.Value{}, false
	}
	return facts.Value{Env: env, Text: a.text(n)}, true
}

// LocalsKeys returns the request locals a module sets to the AssemblyAI
// key (event.locals.aaiKey = env.ASSEMBLYAI_API_KEY, in SvelteKit's
// hooks.server.ts): local name -> the env name read.
func LocalsKeys(tr *syntax.Tree) map[string]string {
	a := newAnalyzer(tr, nil)
	a.collectImports()
	out := map[string]string{}
	syntax.Walk(tr.Root, func(n *syntax.Node) bool {
		if n.Kind != "assignment_expression" {
			return true
		}
		l := n.Get("left")
		if l == nil || l.Kind != "member_expression" {
			return true
		}
		obj := l.Get("object")
		if !(obj.Kind == "identifier" && a.text(obj) == "locals" || obj.Kind == "member_expression" && a.text(obj.Get("property")) == "locals") {
			return true
		}
		if k, ok := facts.KeyIn(a.eval(n.Get("right"))); ok {
			out[a.text(l.Get("property"))] = k.Env
		}
		return true
	})
	return out
}

// aaiComponent reports a JSX element whose component comes from a module
// of the repository that uses AssemblyAI.
func (a *analyzer) aaiComponent(el *syntax.Node) bool {
	if el == nil || el.Kind != "jsx_self_closing_element" && el.Kind != "jsx_opening_element" {
		return false
	}
	e, ok := a.importOf(el.Get("name"))
	return ok && e.AAI
}
