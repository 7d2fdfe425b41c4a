// Package ruby is the Ruby front end of the code rules: it reports what a
// Ruby file does with AssemblyAI as [facts.File].
//
// It knows the assemblyai gem (AssemblyAI::Client.new(api_key:),
// client.transcripts.transcribe/submit(audio_url:, ...options) with each
// option a keyword named like the API's JSON key, .delete(transcript_id:),
// realtime.create_temporary_token(expires_in:)) and hand-written REST calls
// through Net::HTTP (a Net::HTTP::Post request whose body is set later),
// HTTParty (module calls and classes that include it with a base_uri),
// Faraday (connections with a base URL) and RestClient. Values are
// followed through local variables and constants (the last assignment
// before the use), instance variables assigned anywhere in the class,
// hash mutations between the assignment and the use (params[:k] = v,
// merge!, delete), **splats, and a method's parameter to the arguments of
// its calls in the same file.
package ruby

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Extract extracts the facts of a parsed Ruby file.
func Extract(tr *syntax.Tree) *facts.File {
	a := &analyzer{t: tr, f: apicall.NewFile(tr)}
	a.r = scope.New(a.grammar(), tr.Root)
	a.sdk = strings.Contains(string(tr.Src), "AssemblyAI::") || strings.Contains(string(tr.Src), "assemblyai")
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

var scopes = map[string]bool{"program": true, "method": true, "singleton_method": true, "class": true, "module": true,
	"block": true, "do_block": true, "lambda": true, "singleton_class": true}

func (a *analyzer) grammar() scope.Grammar {
	return scope.Grammar{
		Scope: func(n *syntax.Node) bool { return scopes[n.Kind] },
		Params: func(fn *syntax.Node) ([]string, bool) {
			var ps *syntax.Node
			switch fn.Kind {
			case "method", "singleton_method":
				ps = fn.Get("parameters")
			case "block", "do_block", "lambda":
				ps = fn.Get("parameters")
			default:
				return nil, false
			}
			var names []string
			for _, p := range ps.NamedChildren() {
				switch p.Kind {
				case "identifier":
					names = append(names, a.text(p))
				default:
					names = append(names, a.text(p.Get("name")))
				}
			}
			return names, true
		},
		FuncName: func(fn *syntax.Node) string {
			if fn.Kind == "method" || fn.Kind == "singleton_method" {
				return a.text(fn.Get("name"))
			}
			return ""
		},
		Bind: func(n *syntax.Node) []scope.Binding {
			if n.Kind != "assignment" && n.Kind != "operator_assignment" {
				return nil
			}
			l := n.Get("left")
			if l != nil && (l.Kind == "identifier" || l.Kind == "constant" || l.Kind == "instance_variable" || l.Kind == "class_variable" || l.Kind == "global_variable") {
				return []scope.Binding{{Name: a.text(l), Value: n.Get("right")}}
			}
			return nil
		},
		Call: func(n *syntax.Node) (string, scope.Call, bool) {
			if n.Kind != "call" || n.Get("receiver") != nil && n.Get("receiver").Kind != "self" {
				return "", scope.Call{}, false
			}
			m := n.Get("method")
			if m == nil || m.Kind != "identifier" {
				return "", scope.Call{}, false
			}
			pos, kw, _ := a.args(n)
			return a.text(m), scope.Call{Node: n, Pos: pos, KW: kw}, true
		},
		Conditional: func(n *syntax.Node) bool {
			switch n.Kind {
			case "if", "unless", "if_modifier", "unless_modifier", "while", "until", "while_modifier", "until_modifier",
				"for", "case", "when", "conditional", "rescue", "rescue_modifier", "elsif", "else", "block", "do_block":
				return true
			}
			return false
		},
		Opaque: func(s *syntax.Node) bool {
			switch s.Kind {
			case "method", "singleton_method", "class", "module", "singleton_class":
				return true
			}
			return false
		},
		Global: func(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' },
	}
}

// args splits a call's arguments into positional ones, keywords (key:
// value and :key => value pairs) and **splats.
func (a *analyzer) args(call *syntax.Node) (pos []*syntax.Node, kw map[string]*syntax.Node, splats []*syntax.Node) {
	kw = map[string]*syntax.Node{}
	for _, c := range call.Get("arguments").NamedChildren() {
		switch c.Kind {
		case "pair":
			if k, ok := a.key(c.Get("key")); ok {
				kw[k] = c.Get("value")
			}
		case "hash_splat_argument":
			splats = append(splats, c.First())
		case "block_argument":
		default:
			pos = append(pos, c)
		}
	}
	return
}

// key returns a hash key's name: key:, :key =>, "key" =>.
func (a *analyzer) key(k *syntax.Node) (string, bool) {
	if k == nil {
		return "", false
	}
	switch k.Kind {
	case "hash_key_symbol", "identifier", "constant":
		return a.text(k), true
	case "simple_symbol":
		return strings.TrimPrefix(a.text(k), ":"), true
	}
	v := a.eval(k)
	if v.Kind == facts.Str && !strings.Contains(v.Str, facts.Hole) {
		return v.Str, true
	}
	return "", false
}

// chain returns a call's receiver chain as names: client.transcripts.transcribe
// gives [client transcripts transcribe]; AssemblyAI::Client.new gives
// [AssemblyAI::Client new].
func (a *analyzer) chain(n *syntax.Node) []string {
	if n == nil {
		return []string{"?"}
	}
	switch n.Kind {
	case "call":
		var out []string
		if r := n.Get("receiver"); r != nil {
			out = a.chain(r)
		}
		if m := n.Get("method"); m != nil {
			out = append(out, a.text(m))
		}
		return out
	case "parenthesized_statements":
		if c := n.First(); c != nil {
			return a.chain(c)
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
	case "call":
		a.call(n)
	case "element_reference":
		if o := n.Get("object"); o != nil && a.text(o) == "ENV" && len(n.NamedChildren()) > 1 {
			if k := a.eval(n.NamedChildren()[len(n.NamedChildren())-1]); k.Kind == facts.Str {
				a.f.EnvRead(n, k.Str)
			}
		}
	case "string":
		a.f.Host(n, a.text(n))
	case "pair":
		// An Authorization header holding a literal key.
		if k, ok := a.key(n.Get("key")); ok && strings.EqualFold(k, "authorization") {
			a.f.Key(a.eval(n.Get("value")), n, "Authorization header")
		}
	}
	return true
}

var transcribeMethods = map[string]bool{"transcribe": true, "submit": true}

func (a *analyzer) call(n *syntax.Node) {
	parts := a.chain(n)
	m := last(parts, 1)
	recv := n.Get("receiver")
	name := strings.Join(parts, ".")
	switch {
	case m == "require" && recv == nil:
		if pos, _, _ := a.args(n); len(pos) == 1 {
			if v := a.eval(pos[0]); v.Kind == facts.Str && v.Str == "assemblyai" {
				a.f.Import(n, "requires the assemblyai gem")
			}
		}
	case m == "new" && (last(parts, 2) == "AssemblyAI::Client" || last(parts, 2) == "AssemblyAI::AsyncClient"):
		_, kw, _ := a.args(n)
		if k := kw["api_key"]; k != nil {
			a.f.Key(a.eval(k), n, "AssemblyAI::Client.new(api_key:)")
		}
	case transcribeMethods[m] && last(parts, 2) == "transcripts" && a.sdkClient(recv):
		a.request(n, name)
	case m == "delete" && last(parts, 2) == "transcripts" && a.sdkClient(recv):
		a.f.Out.Deletes = append(a.f.Out.Deletes, a.f.Site(n, name))
	case m == "create_temporary_token" && last(parts, 2) == "realtime" && a.sdk:
		_, kw, _ := a.args(n)
		tok := facts.Token{Site: a.f.Site(n, name), Param: "expires_in"}
		if e := kw["expires_in"]; e != nil {
			tok.Expires = a.eval(e)
		}
		a.f.Out.Tokens = append(a.f.Out.Tokens, tok)
	case m == "fetch" && len(parts) == 2 && parts[0] == "ENV":
		if pos, _, _ := a.args(n); len(pos) > 0 {
			if k := a.eval(pos[0]); k.Kind == facts.Str {
				a.f.EnvRead(n, k.Str)
			}
		}
	default:
		a.rest(n, parts)
	}
}

// sdkClient tells whether recv (the x.transcripts of a call) is the SDK's:
// x resolves to AssemblyAI::Client.new or AsyncClient.new, or is unknown
// in a file that uses the SDK. A known other constructor (Whisper.new) is
// not.
func (a *analyzer) sdkClient(recv *syntax.Node) bool {
	if recv == nil || recv.Kind != "call" {
		return false
	}
	x := recv.Get("receiver")
	for i := 0; i < 6 && x != nil; i++ {
		switch x.Kind {
		case "call":
			parts := a.chain(x)
			if last(parts, 1) == "new" {
				c := last(parts, 2)
				return c == "AssemblyAI::Client" || c == "AssemblyAI::AsyncClient"
			}
			return a.sdk
		case "identifier", "constant":
			o, ok := a.r.Lookup(x, a.text(x))
			if !ok || o.Value == nil {
				return a.sdk
			}
			x = o.Value
		case "instance_variable":
			d := a.ivar(x, a.text(x))
			if d == nil {
				return a.sdk
			}
			x = d
		default:
			return a.sdk
		}
	}
	return a.sdk
}

// request records an SDK transcription request; its options are the
// call's keywords (and **splats, and a hash passed positionally).
func (a *analyzer) request(n *syntax.Node, name string) {
	for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return a.options(n) }) {
		a.f.RequestVia(n, name, fv)
	}
}

func (a *analyzer) options(n *syntax.Node) facts.Value {
	pos, _, splats := a.args(n)
	o := facts.NewObject()
	for _, p := range pos {
		apicall.Merge(o, a.eval(p))
	}
	for _, s := range splats {
		apicall.Merge(o, a.eval(s))
	}
	for _, c := range n.Get("arguments").NamedChildren() {
		if c.Kind == "pair" {
			if k, ok := a.key(c.Get("key")); ok {
				o.Set(k, a.eval(c.Get("value")))
			}
		}
	}
	return facts.Value{Kind: facts.Obj, Obj: o}
}
