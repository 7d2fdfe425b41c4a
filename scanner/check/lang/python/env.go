package python

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// envName returns the variable name of an environment read
// (os.environ["X"], os.environ.get("X"), os.getenv("X")), or "".
func (a *analyzer) envName(n *syntax.Node) string {
	switch n.Kind {
	case "subscript":
		if q := a.qualify(a.dotted(n.Get("value"))); q == "os.environ" || q == "environ" {
			if k := a.eval(n.Get("subscript")); k.Kind == facts.Str {
				return k.Str
			}
		}
	case "call":
		q := a.qualify(a.dotted(n.Get("function")))
		if q == "os.getenv" || q == "os.environ.get" || q == "getenv" || q == "environ.get" {
			pos, _, _ := a.callArgs(n)
			if len(pos) > 0 && pos[0] != nil {
				if k := a.eval(pos[0]); k.Kind == facts.Str {
					return k.Str
				}
			}
		}
	}
	return ""
}

// envSubscript records reads of AssemblyAI key names from the environment.
func (a *analyzer) envSubscript(n *syntax.Node) {
	if n.Kind != "subscript" {
		return
	}
	a.recordEnv(n)
}

func (a *analyzer) recordEnv(n *syntax.Node) {
	name := a.envName(n)
	if name == "" || !facts.IsKeyName(name) {
		return
	}
	a.out.KeyReads = append(a.out.KeyReads, a.site(n, "API key read from the environment ("+name+")"))
}

// host records AssemblyAI API hosts named in strings.
func (a *analyzer) host(n *syntax.Node) {
	s := a.text(n)
	i := strings.Index(strings.ToLower(s), "assemblyai.com")
	if i < 0 {
		return
	}
	j := i
	for j > 0 && isHostByte(s[j-1]) {
		j--
	}
	h := strings.ToLower(s[j : i+len("assemblyai.com")])
	if h == "www.assemblyai.com" || h == "assemblyai.com" {
		return
	}
	if a.hosts == nil {
		a.hosts = map[string]bool{}
	}
	if !a.hosts[h] {
		a.hosts[h] = true
		a.out.Hosts = append(a.out.Hosts, a.site(n, "uses "+h))
	}
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// assignment records setter overwrites and the SDK's key being set from
// the environment (aai.settings.api_key = os.environ[...]).
func (a *analyzer) assignment(n *syntax.Node) {
	l, r := n.Get("left"), n.Get("right")
	if l == nil || r == nil || l.Kind != "attribute" {
		return
	}
	attr := a.text(l.Get("attribute"))
	if attr == "set_redact_pii" || attr == "set_content_safety" || attr == "set_webhook" {
		a.out.SetterOverwrites = append(a.out.SetterOverwrites, a.site(n, a.text(l)))
		return
	}
	if attr == "api_key" && (a.sdk || a.mentions) {
		if v := a.eval(r); v.Env != "" && !facts.IsKeyName(v.Env) {
			a.out.KeyReads = append(a.out.KeyReads, a.site(r, "API key read from the environment ("+v.Env+")"))
		}
	}
}

var routeDecorators = []string{".route", ".get", ".post", ".api_route", ".websocket"}

// routeReturn records `return {...key...}` in a web route handler.
func (a *analyzer) routeReturn(n *syntax.Node) {
	fn := n.Ancestor("function_definition")
	if fn == nil || fn.Parent == nil || fn.Parent.Kind != "decorated_definition" {
		return
	}
	route := false
	for _, d := range fn.Parent.NamedChildren() {
		if d.Kind != "decorator" {
			continue
		}
		t := a.text(d)
		if i := strings.IndexByte(t, '('); i >= 0 {
			t = t[:i]
		}
		for _, s := range routeDecorators {
			if strings.HasSuffix(t, s) {
				route = true
			}
		}
	}
	if !route {
		return
	}
	if k, ok := facts.KeyIn(a.eval(n.First())); ok {
		a.out.KeyResponses = append(a.out.KeyResponses, a.site(n, "route returns "+k.Text))
		if path := a.decoratorPath(fn.Parent); path != "" {
			a.out.KeyRoutes = append(a.out.KeyRoutes, facts.Route{Site: a.site(n, "route returns "+k.Text), Path: path})
		}
	}
}

// decoratorPath returns the path of a route decorator
// (@app.route("/config"), @router.get("/config")).
func (a *analyzer) decoratorPath(def *syntax.Node) string {
	for _, d := range def.NamedChildren() {
		if d.Kind != "decorator" || d.First() == nil || d.First().Kind != "call" {
			continue
		}
		pos, _, _ := a.callArgs(d.First())
		if len(pos) > 0 && pos[0] != nil {
			if v := a.eval(pos[0]); v.Kind == facts.Str && strings.HasPrefix(v.Str, "/") && !strings.Contains(v.Str, facts.Hole) {
				return v.Str
			}
		}
	}
	return ""
}

// keyResponse records jsonify/JSONResponse/Response calls carrying the key.
func (a *analyzer) keyResponse(n *syntax.Node, parts []string, pos []*syntax.Node, kw map[string]*syntax.Node) {
	page := false
	switch last(parts, 1) {
	case "jsonify", "JSONResponse", "Response", "HttpResponse", "JsonResponse", "PlainTextResponse", "make_response":
	case "render_template", "render_template_string", "TemplateResponse", "render", "render_to_response":
		page = true // the template renders it into the page
	default:
		return
	}
	args := append([]*syntax.Node{}, pos...)
	for _, v := range kw {
		args = append(args, v)
	}
	for _, arg := range args {
		if k, ok := facts.KeyIn(a.eval(arg)); ok {
			if page {
				a.out.KeyResponses = append(a.out.KeyResponses, a.site(n, last(parts, 1)+"() hands "+k.Text+" to the page"))
				return
			}
			a.out.KeyResponses = append(a.out.KeyResponses, a.site(n, "response body carries "+k.Text))
			if fn := n.Ancestor("function_definition"); fn != nil && fn.Parent != nil && fn.Parent.Kind == "decorated_definition" {
				if path := a.decoratorPath(fn.Parent); path != "" {
					a.out.KeyRoutes = append(a.out.KeyRoutes, facts.Route{Site: a.site(n, "response body carries "+k.Text), Path: path})
				}
			}
			return
		}
	}
}

// rest recognises requests/httpx/aiohttp calls to AssemblyAI endpoints.
func (a *analyzer) rest(n *syntax.Node, parts []string, qual string, pos []*syntax.Node, kw map[string]*syntax.Node) {
	a.recordEnv(n)
	if n.Get("function").Kind != "attribute" {
		return
	}
	m := last(parts, 1)
	method := strings.ToUpper(m)
	urlArg := 0
	switch m {
	case "post", "get", "delete", "put", "patch":
	case "request":
		if len(pos) == 0 || pos[0] == nil {
			return
		}
		mv := a.eval(arg(pos, kw, "method", 0))
		method = "?"
		if mv.Kind == facts.Str {
			method = strings.ToUpper(mv.Str)
		}
		urlArg = 1
	default:
		return
	}
	if q := a.qualify(parts[:len(parts)-1]); q == "os.environ" || q == "environ" {
		return
	}
	urlNode := arg(pos, kw, "url", urlArg)
	if urlNode == nil {
		return
	}
	base, lib := a.clientBase(n.Get("function").Get("object"))
	path := strOrHole(a.eval(urlNode))
	url := path
	if lib != "" {
		url = facts.Join(base, path)
	} else if !strings.Contains(path, "://") && !strings.HasPrefix(path, facts.Hole) {
		// an unknown client: its base URL is unknown
		url = facts.Join(facts.Hole, path)
	}
	ep := facts.Classify(url, a.mentions || a.sdk)
	what := facts.JoinPath(parts)
	var body facts.Value
	if b := kw["json"]; b != nil {
		body = a.eval(b)
	} else if b := kw["data"]; b != nil {
		body = a.eval(b)
	}
	switch ep {
	case facts.NotAPI:
		return
	case facts.TranscriptList:
		if method == "POST" || method == "?" {
			a.out.Requests = append(a.out.Requests, facts.Request{Site: a.site(n, what+" POST /v2/transcript"), Params: body})
		}
	case facts.TranscriptItem:
		if method == "DELETE" {
			a.out.Deletes = append(a.out.Deletes, a.site(n, what+" DELETE /v2/transcript/{id}"))
		}
	case facts.StreamingToken:
		tok := facts.Token{Site: a.site(n, what+" /v3/token"), Param: "expires_in_seconds"}
		if p := kw["params"]; p != nil {
			if pv := a.eval(p); pv.Kind == facts.Obj {
				tok.Expires, _ = pv.Obj.Get("expires_in_seconds")
			}
		}
		if tok.Expires.Kind == facts.Unknown {
			if i := strings.Index(url, "expires_in_seconds="); i >= 0 {
				s := url[i+len("expires_in_seconds="):]
				j := 0
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				if j > 0 {
					tok.Expires = num(s[:j])
				}
			}
		}
		a.out.Tokens = append(a.out.Tokens, tok)
	case facts.RealtimeTokenV2:
		tok := facts.Token{Site: a.site(n, what+" /v2/realtime/token"), Param: "expires_in"}
		if body.Kind == facts.Obj {
			tok.Expires, _ = body.Obj.Get("expires_in")
		}
		a.out.Tokens = append(a.out.Tokens, tok)
	}
	a.out.APICalls = append(a.out.APICalls, a.site(n, what+" to the AssemblyAI API"))
}

// clientBase tells whether recv is an HTTP client (requests, httpx,
// aiohttp, or a session/client made from them) and returns its base URL.
func (a *analyzer) clientBase(recv *syntax.Node) (base, lib string) {
	for i := 0; i < 8 && recv != nil; i++ {
		switch recv.Kind {
		case "identifier", "attribute":
			q := a.qualify(a.dotted(recv))
			switch q {
			case "requests", "httpx", "aiohttp":
				return "", q
			case "self":
				return a.sessionSubclass(recv)
			}
			d := a.resolve(recv)
			if d == nil {
				if e, ok := a.importOf(recv); ok && e.Lib != "" && !e.Factory {
					return e.Base, e.Lib // from app.http import client
				}
				return "", ""
			}
			recv = d
		case "parenthesized_expression", "await":
			recv = recv.First()
		case "call":
			if e, ok := a.importedFactory(recv); ok && e.Lib != "" {
				return e.Base, e.Lib
			}
			q := a.qualify(a.dotted(recv.Get("function")))
			lib := strings.SplitN(q, ".", 2)[0]
			switch lib {
			case "requests", "httpx", "aiohttp", "requests_toolbelt":
			default:
				return "", ""
			}
			_, kw, _ := a.callArgs(recv)
			if b := kw["base_url"]; b != nil {
				return strOrHole(a.eval(b)), lib
			}
			return "", lib
		default:
			return "", ""
		}
	}
	return "", ""
}

// sessionSubclass handles self.post(...) in a class derived from an HTTP
// session (class Client(requests.Session)). A BaseUrlSession or httpx
// client subclass gets its base URL elsewhere: unknown.
func (a *analyzer) sessionSubclass(self *syntax.Node) (base, lib string) {
	cls := self.Ancestor("class_definition")
	if cls == nil {
		return "", ""
	}
	for _, sc := range cls.Get("superclasses").NamedChildren() {
		q := a.qualify(a.dotted(sc))
		switch {
		case q == "requests.Session" || q == "requests.sessions.Session":
			return "", "requests"
		case strings.HasSuffix(q, "BaseUrlSession") || q == "httpx.Client" || q == "httpx.AsyncClient" || q == "aiohttp.ClientSession":
			return facts.Hole, strings.SplitN(q, ".", 2)[0]
		}
	}
	return "", ""
}
