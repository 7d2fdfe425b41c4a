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
			return
		}
	}
}
