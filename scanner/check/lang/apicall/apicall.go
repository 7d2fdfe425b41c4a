// Package apicall holds what the Ruby, Java, C#, PHP and Go front ends share
// about calls to AssemblyAI: the API's JSON name of an SDK option
// (RedactPii, redactPii and RedactPII are all redact_pii), REST calls
// recorded as facts by method and URL, JSON bodies written as strings, key
// literals, hosts and environment names.
package apicall

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/scope"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// OptionKey returns the API's JSON key for an SDK option or property name:
// RedactPii (C#), redactPii (Java), RedactPIIPolicies and WebhookURL (Go),
// redact_pii (Ruby, JSON) give redact_pii, redact_pii_policies,
// webhook_url.
func OptionKey(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			prevLower := i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]))
			nextLower := i > 0 && i+1 < len(r) && unicode.IsUpper(r[i-1]) && unicode.IsLower(r[i+1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// File records facts about one file for a front end.
type File struct {
	Out *facts.File
	Src *syntax.Tree
	// Mentions is set when the file names AssemblyAI anywhere: a REST
	// call whose base URL is unknown counts only then.
	Mentions bool
	hosts    map[string]bool
}

// NewFile returns a recorder for a parsed file.
func NewFile(tr *syntax.Tree) *File {
	return &File{Out: &facts.File{}, Src: tr, Mentions: strings.Contains(strings.ToLower(string(tr.Src)), "assemblyai")}
}

// Site returns the site of node n.
func (f *File) Site(n *syntax.Node, what string) facts.Site {
	return facts.Site{Pos: facts.Pos{Line: n.Line, Col: n.Col}, What: what, Text: facts.Squash(f.Src.Text(n))}
}

// REST records a REST call made at node n: method is the HTTP method in
// upper case ("?" when unknown), url the URL as far as known (facts.Hole
// for unknown parts), body the request body. A POST to /v2/transcript is a
// transcription request, a DELETE of /v2/transcript/{id} a deletion; any
// call to the API is an API call. It reports whether the URL is
// AssemblyAI's.
func (f *File) REST(n *syntax.Node, what, method, url string, body facts.Value) bool {
	ep := facts.Classify(url, f.Mentions)
	switch ep {
	case facts.NotAPI:
		return false
	case facts.TranscriptList:
		if method == "POST" || method == "?" {
			f.Out.Requests = append(f.Out.Requests, facts.Request{Site: f.Site(n, what+" POST /v2/transcript"), Params: body})
		}
	case facts.TranscriptItem:
		if method == "DELETE" {
			f.Out.Deletes = append(f.Out.Deletes, f.Site(n, what+" DELETE /v2/transcript/{id}"))
		}
	case facts.StreamingToken, facts.RealtimeTokenV2:
		f.Out.Tokens = append(f.Out.Tokens, facts.Token{Site: f.Site(n, what+" temporary token")})
	}
	f.Out.APICalls = append(f.Out.APICalls, f.Site(n, what+" to the AssemblyAI API"))
	return true
}

// Request records an SDK transcription request with its parameters.
func (f *File) Request(n *syntax.Node, what string, params facts.Value) {
	f.Out.Requests = append(f.Out.Requests, facts.Request{Site: f.Site(n, what), Params: params})
}

// Host records an AssemblyAI API host named in a string literal (usage
// for the checklist).
func (f *File) Host(n *syntax.Node, s string) {
	i := strings.Index(strings.ToLower(s), "assemblyai.com")
	if i < 0 {
		return
	}
	j := i
	for j > 0 && isHostByte(s[j-1]) {
		j--
	}
	h := strings.ToLower(s[j : i+len("assemblyai.com")])
	if h == "www.assemblyai.com" || h == "assemblyai.com" || f.hosts[h] {
		return
	}
	if f.hosts == nil {
		f.hosts = map[string]bool{}
	}
	f.hosts[h] = true
	f.Out.Hosts = append(f.Out.Hosts, f.Site(n, "uses "+h))
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// EnvRead records a read of an environment variable that holds an
// AssemblyAI key (env-key evidence).
func (f *File) EnvRead(n *syntax.Node, name string) {
	if facts.IsKeyName(name) {
		f.Out.KeyReads = append(f.Out.KeyReads, f.Site(n, "API key read from the environment ("+name+")"))
	}
}

// Import records that the file loads an AssemblyAI SDK.
func (f *File) Import(n *syntax.Node, what string) {
	f.Out.Imports = append(f.Out.Imports, f.Site(n, what))
}

// Key records a key literal given to a key sink (an SDK client, an
// Authorization header): v is the literal's value as evaluated (its Pos is
// the literal's, where the key must be removed), use the sink's node.
// Only values shaped like an AssemblyAI key count (32 hex characters, not
// a placeholder).
func (f *File) Key(v facts.Value, use *syntax.Node, sink string) {
	if v.Kind != facts.Str || !IsKeyShaped(v.Str) || v.Pos.Line == 0 {
		return
	}
	for _, k := range f.Out.KeyLiterals {
		if k.Pos == v.Pos {
			return // one literal, several sinks: one finding at the literal
		}
	}
	what := sink
	if use != nil && use.Line != v.Pos.Line {
		what += " (used on line " + itoa(use.Line) + ")"
	}
	// The evidence (the fingerprint's input) is the sink and a hash of
	// the key, never the key itself.
	f.Out.KeyLiterals = append(f.Out.KeyLiterals, facts.Site{Pos: v.Pos, What: what, Text: sink + "|" + finding.SecretHash(v.Str)})
}

// IsKeyShaped reports whether s looks like an AssemblyAI API key: 32
// lower-case hex characters that are not a placeholder.
func IsKeyShaped(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return !detect.Placeholder([]byte(s))
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// JSONBody turns a request body written as a JSON string into an object:
// "{\"audio_url\": \"...\", \"redact_pii\": true}". A string with unknown
// parts, or that is not a JSON object, is unknown.
func JSONBody(v facts.Value) facts.Value {
	if v.Kind != facts.Str || strings.Contains(v.Str, facts.Hole) {
		if v.Kind == facts.Obj {
			return v
		}
		return facts.Value{Text: v.Text, Pos: v.Pos}
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(v.Str), &m); err != nil {
		return facts.Value{Text: v.Text, Pos: v.Pos}
	}
	out := fromJSON(m)
	out.Text, out.Pos = v.Text, v.Pos
	return out
}

func fromJSON(x any) facts.Value {
	switch t := x.(type) {
	case map[string]any:
		o := facts.NewObject()
		for k, v := range t {
			o.Set(k, fromJSON(v))
		}
		return facts.Value{Kind: facts.Obj, Obj: o}
	case []any:
		v := facts.Value{Kind: facts.List}
		for _, it := range t {
			v.Items = append(v.Items, fromJSON(it))
		}
		return v
	case string:
		return facts.Value{Kind: facts.Str, Str: t}
	case bool:
		return facts.Value{Kind: facts.Bool, Bool: t}
	case float64:
		return facts.Value{Kind: facts.Num, Num: t}
	case nil:
		return facts.Value{Kind: facts.Null}
	}
	return facts.Value{}
}

// StrOrHole is a value as URL text: a string as is, anything else a hole.
func StrOrHole(v facts.Value) string {
	if v.Kind == facts.Str {
		return v.Str
	}
	return facts.Hole
}

// Merge merges v into o as a spread or splat: an object's keys, anything
// else opens o (it may hold any key).
func Merge(o *facts.Object, v facts.Value) {
	if v.Kind == facts.Obj {
		o.Merge(v.Obj)
	} else {
		o.Open = true
	}
}

// Either is the value of a conditional (a ternary, an if/else expression):
// the same value on both sides, or unknown.
func Either(a, b facts.Value) facts.Value {
	if a.Kind != b.Kind || a.String() != b.String() {
		return facts.Value{}
	}
	return a
}

// Flowed is a request's parameters as one call of its helper gives them
// (Via is that call; nil when the request is judged on its own).
type Flowed struct {
	Value facts.Value
	Via   *syntax.Node
}

// Helper follows a method's parameters to the arguments of its calls in
// the same file. A front end's evaluation asks Param for a parameter's
// argument; Fan evaluates a request's parameters once per call of the
// method around it when they depend on its parameters.
type Helper struct {
	bind map[*syntax.Node]scope.Call
	met  map[*syntax.Node]bool
}

// Param returns the argument node that stands for parameter o in the call
// being followed, or nil (the parameter is unknown).
func (h *Helper) Param(o scope.Origin) *syntax.Node {
	if h.met != nil {
		h.met[o.Scope] = true
	}
	c, ok := h.bind[o.Scope]
	if !ok {
		return nil
	}
	if n := c.KW[o.Name]; n != nil {
		return n
	}
	if o.Param >= 0 && o.Param < len(c.Pos) {
		return c.Pos[o.Param]
	}
	return nil
}

// Fan evaluates a request's parameters (eval) for the request at node n.
// When they depend on the parameters of the function n is in, and that
// function is called in the file (at most scope.MaxCallSites times), the
// result is one value per call, each evaluated with a fresh memo (ev).
func (h *Helper) Fan(r *scope.Resolver, n *syntax.Node, ev *facts.Evaluator, eval func() facts.Value) []Flowed {
	if h.bind != nil {
		return []Flowed{{Value: eval()}}
	}
	h.met = map[*syntax.Node]bool{}
	saved := *ev
	// A fresh memo, so that every parameter the evaluation depends on is
	// met again rather than read from a value memoised earlier.
	*ev = facts.Evaluator{}
	v := eval()
	*ev = saved
	fn := r.EnclosingFunc(n)
	met := h.met
	h.met = nil
	if fn == nil || !met[fn] || decisive(v) {
		return []Flowed{{Value: v}}
	}
	defer func() { *ev = saved }()
	sites := r.CallSites(fn)
	if len(sites) == 0 {
		return []Flowed{{Value: v}}
	}
	var out []Flowed
	for _, c := range sites {
		h.bind = map[*syntax.Node]scope.Call{fn: c}
		*ev = facts.Evaluator{}
		out = append(out, Flowed{Value: eval(), Via: c.Node})
		h.bind = nil
	}
	return out
}

// judged are the parameters the rules look at.
var judged = []string{"redact_pii", "redact_pii_policies", "content_safety", "webhook_url", "webhook_auth_header_name", "webhook_auth_header_value"}

// decisive reports whether parameters are known wherever the rules look:
// then the helper's parameters only fill other values (the audio URL), and
// the request is judged once, not per call.
func decisive(v facts.Value) bool {
	if v.Kind != facts.Obj || v.Obj.Open {
		return false
	}
	for _, k := range judged {
		if x, ok := v.Obj.Get(k); ok && x.Kind == facts.Unknown {
			return false
		}
	}
	return true
}

// RequestVia records a transcription request whose parameters came
// through a call of its helper (fv.Via): the request stays at its call,
// and the message and evidence name the call that gave the values.
func (f *File) RequestVia(n *syntax.Node, what string, fv Flowed) {
	s := f.Site(n, what)
	if fv.Via != nil {
		s.What += " (with the arguments of the call on line " + itoa(fv.Via.Line) + ")"
		s.Text += "|" + facts.Squash(f.Src.Text(fv.Via))
	}
	f.Out.Requests = append(f.Out.Requests, facts.Request{Site: s, Params: fv.Value})
}

// RESTVia is REST for a body that came through a call of the request's
// helper (fv.Via): a transcription request names that call.
func (f *File) RESTVia(n *syntax.Node, what, method, url string, fv Flowed) bool {
	before := len(f.Out.Requests)
	if !f.REST(n, what, method, url, fv.Value) {
		return false
	}
	if fv.Via != nil && len(f.Out.Requests) > before {
		r := &f.Out.Requests[len(f.Out.Requests)-1]
		r.What += " (with the arguments of the call on line " + itoa(fv.Via.Line) + ")"
		r.Text += "|" + facts.Squash(f.Src.Text(fv.Via))
	}
	return true
}

// Sites lists every site of a file's facts, for tests that check they lie
// inside the file.
func Sites(f *facts.File) []facts.Site {
	var out []facts.Site
	for _, r := range f.Requests {
		out = append(out, r.Site, facts.Site{Pos: r.Params.Pos})
	}
	for _, t := range f.Tokens {
		out = append(out, t.Site)
	}
	for _, s := range f.Streaming {
		out = append(out, s.Site)
	}
	for _, g := range [][]facts.Site{f.Deletes, f.Clients, f.APICalls, f.KeyReads, f.PublicEnv, f.BuildEnv, f.KeyResponses, f.SetterOverwrites, f.Imports, f.Hosts, f.KeyLiterals} {
		out = append(out, g...)
	}
	return out
}

// CheckSites reports the first site outside src (lines 1..n, or 0 for an
// unknown position), for fuzz targets.
func CheckSites(f *facts.File, src []byte) (facts.Site, bool) {
	lines := 1
	for _, c := range src {
		if c == '\n' {
			lines++
		}
	}
	for _, s := range Sites(f) {
		if s.Line < 0 || s.Line > lines || s.Col < 0 {
			return s, false
		}
	}
	return facts.Site{}, true
}
