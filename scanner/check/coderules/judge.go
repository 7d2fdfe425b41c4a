package coderules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
)

// maxTokenSeconds is the longest temporary token lifetime accepted: the
// streaming v3 token endpoint allows 1-600 seconds
// (shared/reference/assemblyai-api.md §5.4); a longer-lived token is a
// credential worth stealing.
const maxTokenSeconds = 600

func (c *Checker) judge(res *Result, p string, src []byte, f *facts.File, lineOf func(int) int, browser bool, why string) {
	j := &judger{res: res, path: p, src: src, lineOf: lineOf}
	for _, r := range f.Requests {
		line, _ := j.line(r.Pos)
		res.Transcribes = append(res.Transcribes, Loc{p, line})
		j.request(r)
	}
	for _, s := range f.SetterOverwrites {
		if strings.HasSuffix(s.What, "set_redact_pii") {
			j.find(PIISetterOverwrite, s.Pos, s.Text, fmt.Sprintf("%s = ... replaces the setter method: PII redaction is not enabled. Call %s(True, policies=[...]) or pass redact_pii=True with redact_pii_policies to TranscriptionConfig", s.What, s.What))
		}
	}
	for _, t := range f.Tokens {
		if t.Expires.Kind == facts.Num && t.Expires.Num > maxTokenSeconds {
			j.find(TokenLongExpiry, t.Pos, t.Text, fmt.Sprintf("temporary token requested with %s=%g: keep browser tokens short-lived (at most %d seconds; streaming v3 accepts 1-600)", t.Param, t.Expires.Num, maxTokenSeconds))
		}
		if browser {
			continue // minting needs the API key: reported below as a client with a key
		}
		j.evidence(rules.BrowserTokens, t.Pos, "temporary token minted server-side ("+t.What+")")
	}
	for _, s := range f.PublicEnv {
		j.find(BrowserPublicEnvKey, s.Pos, s.Text, fmt.Sprintf("%s is exposed to browser code by its prefix %s: the AssemblyAI key would ship in the bundle. Keep the key in a server-only variable (ASSEMBLYAI_API_KEY) and give browsers temporary tokens", envNameOf(s), facts.PublicPrefix(envNameOf(s))))
	}
	if base := path.Base(p); strings.HasPrefix(base, "next.config.") || strings.HasPrefix(base, "vite.config.") {
		for _, s := range f.BuildEnv {
			j.find(BrowserPublicEnvKey, s.Pos, s.Text, fmt.Sprintf("%s in %s inlines the AssemblyAI key into the browser bundle. Read it on the server only (route handlers, server actions) and give browsers temporary tokens", s.What, base))
		}
	}
	for _, s := range f.KeyResponses {
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
			j.evidence(rules.BrowserTokens, s.Pos, s.What+" with a temporary token")
		}
	}
	for _, s := range f.KeyReads {
		j.evidence(rules.EnvKey, s.Pos, s.What)
	}
	for _, s := range f.KeyLiterals {
		j.find(HardcodedKey, s.Pos, s.Text, "an API key literal is given to "+s.What+": rotate the key in the AssemblyAI dashboard and read it from the ASSEMBLYAI_API_KEY environment variable or a secrets manager")
	}
	for _, s := range f.Deletes {
		j.evidence(rules.Retention, s.Pos, "transcript deletion ("+s.What+")")
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
		j.find(PIIMissing, r.Pos, ev, fmt.Sprintf("%s without redact_pii: transcripts will contain names, phone numbers and other PII. Set redact_pii: true with redact_pii_policies", r.What))
	case ok:
		t, known := v.Truth()
		switch {
		case known && !t:
			j.find(PIIMissing, r.Pos, ev, fmt.Sprintf("%s with redact_pii set to %s: PII redaction is off", r.What, v.String()))
		case known && t:
			pol, has := o.Get("redact_pii_policies")
			empty, polKnown := false, true
			if has {
				pt, pk := pol.Truth()
				empty, polKnown = !pt, pk
			}
			switch {
			case !has && !o.Open, has && polKnown && empty:
				j.find(PIIPoliciesMissing, r.Pos, ev, fmt.Sprintf("%s sets redact_pii but no redact_pii_policies: the API rejects it (and the Python SDK raises). List the PII types to redact, e.g. person_name, phone_number, email_address", r.What))
			case has:
				j.evidence(rules.PIIRedaction, r.Pos, "transcription request with redact_pii and policies ("+r.What+")")
			}
		}
	}

	// Content safety
	switch v, ok := o.Get("content_safety"); {
	case !ok && !o.Open:
		j.find(ContentSafety, r.Pos, ev, fmt.Sprintf("%s without content_safety: for user-generated audio, set content_safety: true and act on content_safety_labels", r.What))
	case ok:
		t, known := v.Truth()
		if known && !t {
			j.find(ContentSafety, r.Pos, ev, fmt.Sprintf("%s with content_safety set to %s", r.What, v.String()))
		} else if known {
			j.evidence(rules.ContentSafety, r.Pos, "transcription request with content_safety ("+r.What+")")
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
		j.evidence(rules.WebhookAuth, r.Pos, "webhook with auth header ("+r.What+")")
	case (!hasName || !hasValue) && o.Open:
		// the spread may carry them
	default:
		j.find(WebhookAuthMissing, r.Pos, ev, fmt.Sprintf("%s sets webhook_url without webhook_auth_header_name and webhook_auth_header_value: anyone who learns the URL can post fake results. Set both and compare the header in constant time in the handler", r.What))
	}
	if url.Kind == facts.Str && strings.HasPrefix(strings.ToLower(url.Str), "http://") && !isLocal(url.Str) {
		j.find(WebhookInsecureURL, url.Pos, ev+"|"+url.Str, "webhook_url uses plain http: the transcript notification and the auth header travel unencrypted. Use https")
	}
}

func isLocal(u string) bool {
	h := strings.TrimPrefix(strings.ToLower(u), "http://")
	return strings.HasPrefix(h, "localhost") || strings.HasPrefix(h, "127.") || strings.HasPrefix(h, "[::1]") || strings.HasPrefix(h, facts.Hole)
}
