// Package facts is the language-neutral model that the JS/TS and Python
// front ends produce and the code rules (scanner/check/coderules) judge: which
// transcription requests a file makes and with what parameters, where it
// mints temporary tokens, deletes transcripts, reads the API key, and so on.
//
// Front ends do the language work (scopes, imports and aliases, spreads,
// mutations after a declaration); rules only look at facts, so one rule
// serves every language.
package facts

import (
	"strings"
)

// Pos is a 1-based line and byte column in the scanned text.
type Pos struct{ Line, Col int }

// Kind of a Value.
type Kind int

const (
	Unknown Kind = iota // not worked out (a parameter, an import, a call)
	Str                 // a string; unknown parts are Hole
	Bool
	Num
	Null // null, undefined, None
	Obj
	List
)

// Hole stands for an unknown part of a string (a template substitution or
// f-string field that could not be resolved).
const Hole = "\x00"

// Value is what a front end worked out about an expression.
type Value struct {
	Kind  Kind
	Str   string
	Bool  bool
	Num   float64
	Obj   *Object
	Items []Value
	// Open: a list with unresolved spread items.
	Open bool
	// Env names the environment variable the value was read from
	// (process.env.X, os.environ["X"]); Kind is Unknown then.
	Env string
	// Text is the expression's source text, for messages.
	Text string
	Pos  Pos
	// File is the repository path of the module that defines the value,
	// when that is not the file being judged (the value was imported);
	// Pos is then a position in that file.
	File string
}

// Object is an object or dict literal, a keyword-argument config
// (aai.TranscriptionConfig(...)), or their merge through spreads.
type Object struct {
	Keys []string
	Vals map[string]Value
	// Open: the object holds a spread or **kwargs that could not be
	// resolved, so a key that is not listed may still be set.
	Open bool
	// BrokenSetters lists setter methods that were overwritten by an
	// assignment (config.set_redact_pii = True): the option they set was
	// never set.
	BrokenSetters []string
}

// NewObject returns an empty, closed object.
func NewObject() *Object { return &Object{Vals: map[string]Value{}} }

// Set sets a key, keeping first-insertion order.
func (o *Object) Set(k string, v Value) {
	if _, ok := o.Vals[k]; !ok {
		o.Keys = append(o.Keys, k)
	}
	o.Vals[k] = v
}

// Delete removes a key.
func (o *Object) Delete(k string) {
	if _, ok := o.Vals[k]; !ok {
		return
	}
	delete(o.Vals, k)
	for i, key := range o.Keys {
		if key == k {
			o.Keys = append(o.Keys[:i:i], o.Keys[i+1:]...)
			break
		}
	}
}

// Get returns a key's value.
func (o *Object) Get(k string) (Value, bool) {
	if o == nil {
		return Value{}, false
	}
	v, ok := o.Vals[k]
	return v, ok
}

// Merge copies src's keys into o (a spread): later keys win.
func (o *Object) Merge(src *Object) {
	for _, k := range src.Keys {
		o.Set(k, src.Vals[k])
	}
	o.Open = o.Open || src.Open
	o.BrokenSetters = append(o.BrokenSetters, src.BrokenSetters...)
}

// Clone returns a shallow copy, so that a mutation seen at one use does not
// leak into another.
func (o *Object) Clone() *Object {
	c := NewObject()
	c.Merge(o)
	c.Open = o.Open
	return c
}

// Truth reports whether v is known true (true, a non-empty string or a
// non-zero number), known false, or unknown.
func (v Value) Truth() (truth, known bool) {
	switch v.Kind {
	case Bool:
		return v.Bool, true
	case Null:
		return false, true
	case Num:
		return v.Num != 0, true
	case Str:
		if strings.Contains(v.Str, Hole) {
			return v.Str != Hole, v.Str != Hole
		}
		return v.Str != "", true
	case List:
		if len(v.Items) > 0 {
			return true, true
		}
		return false, !v.Open
	case Obj:
		return true, true
	}
	return false, false
}

// Site is one place in a file where something was seen.
type Site struct {
	Pos
	// What describes it, e.g. "client.transcripts.transcribe".
	What string
	// Text is the node's source text with whitespace removed, used as the
	// finding's evidence (its fingerprint survives reformatting).
	Text string
}

// Request is a transcription request: an SDK call or a REST POST to
// /v2/transcript.
type Request struct {
	Site
	// Params are the request's parameters (the body, the config). Kind is
	// Obj when they were worked out, Unknown otherwise (a function
	// parameter, an import): the rules judge only what they can see.
	Params Value
	// Via lists the call sites the parameters came through, innermost
	// first, when the request sits in a helper whose parameter decides
	// them (def submit(params): requests.post(url, json=params), called
	// with a dict literal): the front end reports the request once per
	// call site of the same file.
	Via []Site
}

// Token is a temporary streaming token being minted.
type Token struct {
	Site
	// Expires is the requested lifetime in seconds (expires_in_seconds,
	// expires_in); Kind Unknown when not given or not known.
	Expires Value
	Param   string // the parameter name that carried it
	// Via: the call sites the expiry came through (see Request.Via).
	Via []Site
}

// Streaming is a streaming transcriber (or an SDK client) created in a way
// that puts the raw API key into it.
type Streaming struct {
	Site
	RawKey bool // created with apiKey, or inheriting the client's key
}

// File is everything a front end found in one file.
type File struct {
	Requests  []Request
	Tokens    []Token
	Deletes   []Site // transcript deletions (SDK or DELETE /v2/transcript/{id})
	Streaming []Streaming
	// Clients are SDK clients constructed with an API key (new
	// AssemblyAI({apiKey})): in browser code the key ships with the page.
	Clients []Site
	// APICalls are REST calls to an AssemblyAI API host.
	APICalls []Site
	// KeyReads are reads of an AssemblyAI key from the environment.
	KeyReads []Site
	// PublicEnv are reads of an AssemblyAI key through an env name that
	// bundlers expose to browsers (NEXT_PUBLIC_, VITE_, ...).
	PublicEnv []Site
	// BuildEnv are AssemblyAI key names that a build config inlines into
	// the bundle: next.config's env: {...}, Vite's define: {...}. What is
	// the file's concern: rules report them only in those config files.
	BuildEnv []Site
	// KeyResponses are server responses whose body carries the API key,
	// and data a server hands to a page with it (a SvelteKit load(),
	// getServerSideProps, a rendered template).
	KeyResponses []Site
	// KeyProps are JSX props that carry the key (a literal key, or the
	// key read on the server) into a component.
	KeyProps []KeyProp
	// KeyRoutes name the route path of key responses where the code says
	// it (app.get("/config", ...), @app.route("/config")); Fetches are
	// requests to a path of the app's own origin (fetch("/api/config")),
	// so browser code that fetches a route returning the key is found.
	KeyRoutes []Route
	Fetches   []Route
	// SetterOverwrites are assignments over a config setter method
	// (config.set_redact_pii = True).
	SetterOverwrites []Site
	// KeyLiterals are key-shaped string literals that reach an SDK client
	// or an Authorization header, at the literal (the line to fix).
	KeyLiterals []Site
	Imports     []Site // SDK imports
	Hosts       []Site // AssemblyAI API hosts named in strings
	// UseClient is set for a file whose first statement is "use client".
	UseClient bool
	// ReactHooks is set for a module that imports React state or effect
	// hooks: React Server Components cannot use them, so it is a client
	// component.
	ReactHooks bool
	// Server is set for a file that imports server-only modules (express,
	// node:http, next/server...): it never runs in a browser.
	Server bool
	// Notes say what the front end did not follow (a limit on value flow
	// was reached): what it reports is still true, some values stayed
	// unknown.
	Notes []string
}

// Empty reports whether nothing was found.
func (f *File) Empty() bool {
	return len(f.Requests)+len(f.Tokens)+len(f.Deletes)+len(f.Streaming)+len(f.Clients)+len(f.APICalls)+
		len(f.KeyReads)+len(f.PublicEnv)+len(f.KeyResponses)+len(f.KeyProps)+len(f.SetterOverwrites)+len(f.Imports)+len(f.Hosts)+len(f.KeyLiterals) == 0
}

// Export is what a module binds to an exported name, as far as the
// repository-wide symbol table can tell from that module alone.
type Export struct {
	// Value is the exported value (a params object, a base URL, a config):
	// Kind Unknown when it is not a value the rules read.
	Value Value
	// Lib names the exported HTTP client's library (axios, got, ky,
	// requests, httpx, aiohttp) with its base URL in Base ("" unknown).
	Lib, Base string
	// SDK is set for an AssemblyAI SDK client (new AssemblyAI(...)).
	SDK bool
	// Transcriber is set for a Python SDK Transcriber, Config its config.
	Transcriber bool
	Config      Value
	// Factory is set when the name is a function that returns the client
	// (export const api = () => axios.create(...)): a call of it is the
	// client.
	Factory bool
	// Ref names another module's export this one re-exports or aliases
	// (export { client } from "./client"); BaseRef the export holding an
	// HTTP client's base URL (axios.create({ baseURL: BASE }) with BASE
	// imported). Specs are as written in the exporting module.
	Ref, BaseRef *ImportRef
	// UseClient is set for a module with a "use client" directive, AAI
	// for a module that uses AssemblyAI (imports the SDK, names it).
	UseClient, AAI bool
	// File and Pos say where the export is defined.
	File string
	Pos  Pos
}

// ImportRef is an import as written: the module spec and the name
// ("default" for a default export, "*" for the module itself).
type ImportRef struct{ Spec, Name string }

// Importer resolves the imports of the file a front end analyses through
// the repository's symbol table. Import returns what the module that spec
// names (as written in the file) exports under name; false when the module
// is not in the repository or does not say.
type Importer interface {
	Import(spec, name string) (Export, bool)
}

// KeyProp is a JSX prop carrying the AssemblyAI key into a component:
// <Recorder apiKey="…" /> or <Recorder apiKey={process.env.ASSEMBLYAI_API_KEY} />.
type KeyProp struct {
	Site
	Component string
	// Literal is set for a key written in the prop; otherwise the key is
	// read from the environment.
	Literal bool
	// ClientComponent is set when the component comes from a "use client"
	// module: a server component's props to it are sent to the browser.
	ClientComponent bool
}

// KeyLocals is implemented by an Importer that knows the request locals
// a SvelteKit app's hooks set to the key (event.locals.aaiKey =
// env.ASSEMBLYAI_API_KEY in hooks.server.ts): local name -> env name.
type KeyLocals interface {
	KeyLocals() map[string]string
}

// KeyShaped reports a string shaped like an AssemblyAI key: 32 lower-case
// hex characters with both digits and letters (placeholders such as
// 000…0 or ffff…f are not).
func KeyShaped(s string) bool {
	if len(s) != 32 {
		return false
	}
	digits, letters := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f':
			letters++
		default:
			return false
		}
	}
	return digits >= 2 && letters >= 2
}

// Route is a place and the URL path it serves or requests (Hole for an
// unknown part, such as a base URL from the environment).
type Route struct {
	Site
	Path string
}

// decisiveKeys are the request parameters the rules judge.
var decisiveKeys = []string{"redact_pii", "redact_pii_policies", "content_safety", "webhook_url", "webhook_auth_header_name", "webhook_auth_header_value"}

// Decided reports whether the rules' judgement of the request depends on
// no unknown value: its parameters are a closed object and every key the
// rules read is known. A front end follows a helper's parameters to its
// call sites only for a request that is not decided.
func (r Request) Decided() bool {
	if r.Params.Kind != Obj || r.Params.Obj.Open {
		return false
	}
	for _, k := range decisiveKeys {
		if v, ok := r.Params.Obj.Get(k); ok && v.Kind == Unknown {
			return false
		}
	}
	return true
}

// Decided reports whether a token's lifetime is known (or not asked for).
func (t Token) Decided() bool { return t.Param == "" || t.Expires.Kind != Unknown }

// AllDecided reports whether some facts were found and none depends on an
// unknown value.
func AllDecided(rs []Request, ts []Token) bool {
	for _, r := range rs {
		if !r.Decided() {
			return false
		}
	}
	for _, t := range ts {
		if !t.Decided() {
			return false
		}
	}
	return len(rs)+len(ts) > 0
}
