// Package keyname is the one definition of an "AssemblyAI key name": the
// name of an environment variable, setting, config key or identifier that
// holds an AssemblyAI API key (ASSEMBLYAI_API_KEY, AAI_KEY,
// NEXT_PUBLIC_ASSEMBLY_API_TOKEN, assemblyAiApiKey, aai.settings.api_key),
// and of the env-name prefixes that front-end frameworks inline into
// browser bundles. The secret engine, the code rules, the hygiene checks
// and the Go analyzers all ask this package, so a name is recognised the
// same way everywhere. It imports only the standard library: the analyzers
// (built into golangci-lint) may import it.
package keyname

import (
	"regexp"
	"strings"
	"unicode"
)

// squashed matches a name from one of its word starts on, with the words
// joined lower-case: the vendor, optional middle words, the credential
// word, and optional trailing environment words.
var squashed = regexp.MustCompile(`^(?:(?:assemblyai|aai)([a-z0-9]*?)|assembly(api))(apikey|key|token|secret)((?:prod|production|dev|development|staging|stage|test|local|live|[0-9])*)$`)

// notKey are words that make the name something else than the API key: a
// webhook's shared secret, a cache key, a digest, an ID.
var notKey = []string{"webhook", "signing", "signature", "sign", "hmac", "encryption", "encrypt", "jwt", "session", "cookie", "csrf", "nonce", "salt", "cache", "hash", "md5", "sha", "checksum", "digest", "etag", "id", "uuid", "guid"}

// Is reports whether name holds an AssemblyAI API key. The name must say
// AssemblyAI (assemblyai, assembly_ai, AssemblyAI, aai, or assembly
// followed by api) at a word start and end in a credential word (key,
// api_key, apikey, token, secret), optionally followed by an environment
// word (ASSEMBLYAI_API_KEY_PROD). Words are split at separators (_ - . :
// [ ] quotes) and at camelCase boundaries, so ASSEMBLYAI_API_KEY,
// assemblyai-api-key, assemblyAiApiKey, AssemblyAIAPIKey and
// process.env.ASSEMBLYAI_API_KEY all count, while KAAI_KEYS,
// ASSEMBLYAI_BASE_URL, NEXT_PUBLIC_ASSEMBLYAI_TOKEN_URL,
// ASSEMBLYAI_WEBHOOK_SECRET, ASSEMBLY_SIGNING_KEY and ASSEMBLY_KEY do not.
func Is(name string) bool {
	if len(name) > 256 {
		return false
	}
	words := split(name)
	for i, w := range words {
		if !strings.HasPrefix(w, "a") || !squashed.MatchString(strings.Join(words[i:], "")) {
			continue
		}
		ok := true
		for _, mw := range words[i:] {
			if isNotKey(mw) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// isNotKey reports a word of notKey, also plural or with a number (sha256,
// ids).
func isNotKey(w string) bool {
	for _, b := range notKey {
		if rest, ok := strings.CutPrefix(w, b); ok && (rest == "" || rest == "s" || strings.Trim(rest, "0123456789") == "") {
			return true
		}
	}
	return false
}

// split cuts a name into lower-case words at non-alphanumeric characters
// and camelCase boundaries (fooBar, HTTPServer -> http server).
func split(name string) []string {
	var words []string
	rs := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		alnum := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !alnum {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i) // fooBar
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && i-1 > start:
			// HTTPServer: the last capital starts the next word; an
			// acronym run keeps the rest (AIAPIKey -> aiapi key).
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// publicPrefixes are env-name prefixes that front-end build tools inline
// into browser bundles (Next.js, Vite, Create React App, SvelteKit and
// Astro, Expo, Nuxt, Gatsby, Vue CLI).
var publicPrefixes = []string{"NEXT_PUBLIC_", "VITE_", "REACT_APP_", "PUBLIC_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "GATSBY_", "VUE_APP_"}

// PublicPrefix returns the browser-public prefix name starts with, or "".
func PublicPrefix(name string) string {
	u := strings.ToUpper(name)
	for _, p := range publicPrefixes {
		if strings.HasPrefix(u, p) {
			return p
		}
	}
	return ""
}
