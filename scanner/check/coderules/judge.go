package coderules

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// maxTokenSeconds is the longest temporary token lifetime accepted: the
// streaming v3 token endpoint allows 1-600 seconds
// (shared/reference/assemblyai-api.md §5.4); a longer-lived token is a
// credential worth stealing.
const maxTokenSeconds = 600

func (c *Checker) judge(res *Result, p string, src []byte, f *facts.File, lineOf func(int) int, browser bool, why string) {
	j := &judger{res: res, path: p, src: src, lineOf: lineOf}
	j.requests(f.Requests)
	j.routes(f, browser, why)
	// The requests that use a config whose setter was overwritten are
	// where the missing redaction takes effect: related locations.
	var broken []finding.Location
	for _, r := range f.Requests {
		if r.Params.Kind == facts.Obj && slices.Contains(r.Params.Obj.BrokenSetters, "set_redact_pii") {
			line, _ := j.line(r.Pos)
			l := finding.Location{File: p, Line: line, Note: "transcription request with this config"}
			if !slices.Contains(broken, l) {
				broken = append(broken, l)
			}
		}
	}
	for _, s := range f.SetterOverwrites {
		if strings.HasSuffix(s.What, "set_redact_pii") {
			j.findAt(PIISetterOverwrite, s.Pos, s.Text, fmt.Sprintf("%s = ... replaces the setter method: PII redaction is not enabled. Call %s(True, policies=[...]) or pass redact_pii=True with redact_pii_policies to TranscriptionConfig", s.What, s.What), broken)
		}
	}
	j.viaGroups(len(f.Tokens), func(i int) (facts.Site, []facts.Site) { return f.Tokens[i].Site, f.Tokens[i].Via }, func(sj *judger, i int) {
		t := f.Tokens[i]
		if t.Expires.Kind == facts.Num && t.Expires.Num > maxTokenSeconds {
			sj.find(TokenLongExpiry, t.Pos, t.Text, fmt.Sprintf("temporary token requested with %s=%s: keep browser tokens short-lived (at most %d seconds; streaming v3 accepts 1-600)", t.Param, asWritten(t.Expires), maxTokenSeconds))
		}
	})
	for _, t := range f.Tokens {
		if browser {
			continue // minting needs the API key: reported below as a client with a key
		}
		j.evidence(catalog.BrowserTokens, t.Pos, "temporary token minted server-side ("+t.What+")")
	}
	j.publicEnv(f.PublicEnv, browser, why, kindOf(p) == envFile)
	if base := path.Base(p); strings.HasPrefix(base, "next.config.") || strings.HasPrefix(base, "vite.config.") || strings.HasPrefix(base, "nuxt.config.") {
		for _, s := range f.BuildEnv {
			what := "inlines the AssemblyAI key into the browser bundle"
			if strings.HasPrefix(s.What, "runtimeConfig.public") {
				what = "hands the AssemblyAI key to every page (runtimeConfig.public is sent to the browser; keep it in runtimeConfig, server-only)"
			}
			j.find(BrowserPublicEnvKey, s.Pos, s.Text, fmt.Sprintf("%s in %s %s. Read it on the server only (route handlers, server actions) and give browsers temporary tokens", s.What, base, what))
		}
	}
	for _, kp := range f.KeyProps {
		key := "the AssemblyAI key read on the server"
		if kp.Literal {
			key = "a literal AssemblyAI key"
		}
		switch {
		case browser:
			j.find(BrowserAPIKey, kp.Pos, kp.Text, fmt.Sprintf("%s in %s, in browser code (%s): it ships to every visitor. Give the component a temporary token minted by your server", key, kp.What, why))
		case kp.ClientComponent:
			j.find(BrowserAPIKey, kp.Pos, kp.Text, fmt.Sprintf("%s passed to the client component <%s> (%s): React sends a client component's props to the browser. Give it a temporary token minted by your server", key, kp.Component, kp.What))
		}
	}
	for _, s := range f.KeyResponses {
		if strings.Contains(s.What, " to the page") {
			j.find(BrowserKeyReturned, s.Pos, s.Text, "the server hands the AssemblyAI API key to the page ("+s.What+"): what a page receives reaches the browser. Give the page a temporary token (client.streaming.createTemporaryToken / GET /v3/token) instead")
			continue
		}
		j.find(BrowserKeyReturned, s.Pos, s.Text, "a server response returns the AssemblyAI API key ("+strings.TrimPrefix(strings.TrimPrefix(s.What, "response body carries "), "route returns ")+"): return a temporary token (client.streaming.createTemporaryToken / GET /v3/token) instead")
	}
	if browser {
		for _, s := range f.Streaming {
			if s.RawKey {
				j.find(BrowserAPIKey, s.Pos, s.Text, fmt.Sprintf("%s with the raw API key in browser code (%s): pass a temporary token ({ token }) minted by your server instead", s.What, why))
			}
		}
		for _, s := range f.Clients {
			j.find(BrowserAPIKey, s.Pos, s.Text, fmt.Sprintf("AssemblyAI client created with apiKey in browser code (%s): the key ships to every visitor. Keep the client on the server and give browsers temporary tokens", why))
		}
		for _, s := range f.APICalls {
			j.find(BrowserAPIKey, s.Pos, s.Text, fmt.Sprintf("%s from browser code (%s): the request needs the API key. Call the API from your server", s.What, why))
		}
	}
	for _, s := range f.Streaming {
		if !s.RawKey {
			j.evidence(catalog.BrowserTokens, s.Pos, s.What+" with a temporary token")
		}
	}
	for _, s := range f.KeyReads {
		j.evidence(catalog.EnvKey, s.Pos, s.What)
	}
	for _, s := range f.KeyLiterals {
		j.find(HardcodedKey, s.Pos, s.Text, "an API key literal is given to "+s.What+": rotate the key in the AssemblyAI dashboard and read it from the ASSEMBLYAI_API_KEY environment variable or a secrets manager")
	}
	for _, s := range f.Deletes {
		j.evidence(catalog.Retention, s.Pos, "transcript deletion ("+s.What+")")
	}
	for _, s := range f.Imports {
		j.usage(s.Pos, s.What)
	}
	for _, s := range f.Hosts {
		j.usage(s.Pos, s.What)
	}
}

func envNameOf(s facts.Site) string {
	name, _, _ := strings.Cut(s.What, " ")
	return name
}

// asWritten renders a number the way the source wrote it (3_600_000_000,
// 0xE10), with its value when the text is an expression (60 * 60 * 24
// (86400 s)); never in exponent notation.
func asWritten(v facts.Value) string {
	n := strconv.FormatFloat(v.Num, 'f', -1, 64)
	t := strings.TrimSpace(v.Text)
	switch {
	case t == "" || t == n:
		return n
	case numLiteral.MatchString(t):
		return t
	}
	if len(t) > 60 {
		t = t[:60] + "…"
	}
	return t + " (" + n + " s)"
}

// numLiteral matches a number literal of JS/TS or Python as written.
var numLiteral = regexp.MustCompile(`^[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?$|^0[xXoObB][0-9a-fA-F_]+$`)

// requests judges a file's transcription requests. A request in a helper
// comes once per calling context (Via); its findings are grouped into one
// per rule, naming the call sites whose arguments fail it.
func (j *judger) requests(rs []facts.Request) {
	seen := map[Loc]bool{}
	for _, r := range rs {
		line, _ := j.line(r.Pos)
		if l := (Loc{j.path, line}); !seen[l] {
			seen[l] = true
			j.res.Transcribes = append(j.res.Transcribes, l)
		}
	}
	j.viaGroups(len(rs), func(i int) (facts.Site, []facts.Site) { return rs[i].Site, rs[i].Via }, func(sj *judger, i int) { sj.request(rs[i]) })
}

// viaGroups judges n facts with judge, grouping the facts of one site that
// came through call sites (Via): each context is judged on its own, then
// the findings of a rule at one place become one finding whose message
// names the first failing call site and whose related locations are every
// failing one.
func (j *judger) viaGroups(n int, at func(int) (facts.Site, []facts.Site), judge func(*judger, int)) {
	type group struct {
		site facts.Site
		idx  []int
	}
	var groups []*group
	bySite := map[facts.Site]*group{}
	for i := 0; i < n; i++ {
		s, via := at(i)
		if len(via) == 0 {
			judge(j, i)
			continue
		}
		g := bySite[s]
		if g == nil {
			g = &group{site: s}
			bySite[s] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
	}
	for _, g := range groups {
		type merged struct {
			f     finding.Finding
			sites []facts.Site // first call site of each failing context
		}
		var order []string
		byKey := map[string]*merged{}
		for _, i := range g.idx {
			_, via := at(i)
			scratch := &Result{Evidence: j.res.Evidence}
			judge(&judger{res: scratch, path: j.path, src: j.src, lineOf: j.lineOf}, i)
			for _, f := range scratch.Findings {
				k := fmt.Sprintf("%s:%d:%d", f.Rule, f.Line, f.Column)
				m := byKey[k]
				if m == nil {
					m = &merged{f: f}
					byKey[k] = m
					order = append(order, k)
				}
				if !slices.ContainsFunc(m.sites, func(s facts.Site) bool { return s.Pos == via[0].Pos }) {
					m.sites = append(m.sites, via[0])
				}
				for _, v := range via {
					line, _ := j.line(v.Pos)
					loc := finding.Location{File: j.path, Line: line, Note: "call site: " + v.What + " passes the value"}
					if !slices.Contains(m.f.Also, loc) {
						m.f.Also = append(m.f.Also, loc)
					}
				}
			}
		}
		for _, k := range order {
			m := byKey[k]
			first, _ := j.line(m.sites[0].Pos)
			more := ""
			if len(m.sites) > 1 {
				more = fmt.Sprintf(" and %d more call site(s)", len(m.sites)-1)
			}
			m.f.Message += fmt.Sprintf(" (the value comes from the call %s at line %d%s)", m.sites[0].What, first, more)
			m.f.Fingerprint = finding.Fingerprint(m.f.Rule, m.f.File, g.site.Text+"|"+m.sites[0].Text)
			j.res.Findings = append(j.res.Findings, m.f)
		}
	}
}

// request judges one transcription request's parameters. Unknown
// parameters (a function argument, an import) are not judged: no finding
// and no evidence.
func (j *judger) request(r facts.Request) {
	if r.Params.Kind != facts.Obj {
		return
	}
	o := r.Params.Obj
	ev := r.Text

	// PII redaction
	switch v, ok := o.Get("redact_pii"); {
	case slices.Contains(o.BrokenSetters, "set_redact_pii") && !ok:
		// reported at the overwriting assignment
	case !ok && !o.Open:
		j.findAt(PIIMissing, r.Pos, ev, fmt.Sprintf("%s without redact_pii: transcripts will contain names, phone numbers and other PII. Set redact_pii: true with redact_pii_policies", r.What), j.decisive(r, ""))
	case ok:
		t, known := v.Truth()
		switch {
		case known && !t:
			j.findAt(PIIMissing, r.Pos, ev, fmt.Sprintf("%s with redact_pii set to %s: PII redaction is off", r.What, v.String()), j.decisive(r, "redact_pii"))
		case known && t:
			pol, has := o.Get("redact_pii_policies")
			empty, polKnown := false, true
			if has {
				pt, pk := pol.Truth()
				empty, polKnown = !pt, pk
			}
			switch {
			case !has && !o.Open, has && polKnown && empty:
				j.findAt(PIIPoliciesMissing, r.Pos, ev, fmt.Sprintf("%s sets redact_pii but no redact_pii_policies: the API rejects it (and the Python SDK raises). List the PII types to redact, e.g. person_name, phone_number, email_address", r.What), j.decisive(r, "redact_pii"))
			case has:
				j.evidence(catalog.PIIRedaction, r.Pos, "transcription request with redact_pii and policies ("+r.What+")")
			}
		}
	}

	// Content safety
	switch v, ok := o.Get("content_safety"); {
	case !ok && !o.Open:
		j.findAt(ContentSafety, r.Pos, ev, fmt.Sprintf("%s without content_safety: for user-generated audio, set content_safety: true and act on content_safety_labels", r.What), j.decisive(r, ""))
	case ok:
		t, known := v.Truth()
		if known && !t {
			j.findAt(ContentSafety, r.Pos, ev, fmt.Sprintf("%s with content_safety set to %s", r.What, v.String()), j.decisive(r, "content_safety"))
		} else if known {
			j.evidence(catalog.ContentSafety, r.Pos, "transcription request with content_safety ("+r.What+")")
		}
	}

	// Webhooks
	url, ok := o.Get("webhook_url")
	if !ok {
		return
	}
	if t, known := url.Truth(); known && !t {
		return
	}
	name, hasName := o.Get("webhook_auth_header_name")
	value, hasValue := o.Get("webhook_auth_header_value")
	nt, nk := name.Truth()
	vt, vk := value.Truth()
	switch {
	case hasName && hasValue && (nt || !nk) && (vt || !vk):
		j.evidence(catalog.WebhookAuth, r.Pos, "webhook with auth header ("+r.What+")")
	case (!hasName || !hasValue) && o.Open:
		// the spread may carry them
	default:
		j.findAt(WebhookAuthMissing, r.Pos, ev, fmt.Sprintf("%s sets webhook_url without webhook_auth_header_name and webhook_auth_header_value: anyone who learns the URL can post fake results. Set both and compare the header in constant time in the handler", r.What), j.decisive(r, "webhook_url"))
	}
	if url.Kind == facts.Str && strings.HasPrefix(strings.ToLower(url.Str), "http://") && !isLocal(url.Str) {
		if url.File != "" {
			// the URL is defined in another module: reported at the request
			j.findAt(WebhookInsecureURL, r.Pos, ev+"|"+url.Str, "webhook_url uses plain http: the transcript notification and the auth header travel unencrypted. Use https", j.decisive(r, "webhook_url"))
		} else {
			j.find(WebhookInsecureURL, url.Pos, ev+"|"+url.Str, "webhook_url uses plain http: the transcript notification and the auth header travel unencrypted. Use https")
		}
	}
}

func isLocal(u string) bool {
	h := strings.TrimPrefix(strings.ToLower(u), "http://")
	return strings.HasPrefix(h, "localhost") || strings.HasPrefix(h, "127.") || strings.HasPrefix(h, "[::1]") || strings.HasPrefix(h, facts.Hole)
}

// decisive returns the places other than the request itself that decide a
// finding about its parameters: where the key is set (key != ""), or, for
// a missing key, where the parameters object is declared (another line,
// another module) and the modules whose objects were spread into it.
func (j *judger) decisive(r facts.Request, key string) []finding.Location {
	reqLine, _ := j.line(r.Pos)
	var out []finding.Location
	add := func(v facts.Value, note string) {
		if v.Pos.Line == 0 {
			return
		}
		l := finding.Location{File: v.File, Line: v.Pos.Line, Note: note}
		if v.File == "" {
			l.File, l.Line = j.path, 0
			l.Line, _ = j.line(v.Pos)
			if l.Line == reqLine {
				return
			}
		}
		if !slices.ContainsFunc(out, func(o finding.Location) bool { return o.File == l.File && o.Line == l.Line }) {
			out = append(out, l)
		}
	}
	o := r.Params.Obj
	if v, ok := o.Get(key); key != "" && ok {
		add(v, key+" is set here")
		return out
	}
	add(r.Params, "the parameters are defined here")
	if o == nil {
		return out
	}
	seen := map[string]bool{}
	for _, k := range o.Keys {
		if v := o.Vals[k]; v.File != "" && v.File != r.Params.File && !seen[v.File] {
			seen[v.File] = true
			add(v, "parameters spread from here")
		}
	}
	return out
}
