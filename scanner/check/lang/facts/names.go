package facts

import (
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/internal/keyname"
)

// IsKeyName reports whether a name (an environment variable, a setting,
// a property) holds an AssemblyAI API key: [keyname.Is], the one
// definition every rule uses.
func IsKeyName(name string) bool { return keyname.Is(name) }

// PublicPrefix returns the browser-exposed prefix of an env name
// (NEXT_PUBLIC_, VITE_, ...), or "": [keyname.PublicPrefix].
func PublicPrefix(name string) string { return keyname.PublicPrefix(name) }

// Endpoint is what a REST URL points at.
type Endpoint int

const (
	NotAPI          Endpoint = iota
	TranscriptList           // /v2/transcript (POST creates one)
	TranscriptItem           // /v2/transcript/{id} (DELETE deletes it)
	StreamingToken           // /v3/token
	RealtimeTokenV2          // /v2/realtime/token
	OtherAPI                 // another path on an AssemblyAI host
)

// IsAssemblyAIHost reports whether s names an AssemblyAI API host.
func IsAssemblyAIHost(s string) bool {
	return strings.Contains(strings.ToLower(s), "assemblyai.com")
}

// Classify says which AssemblyAI endpoint a URL (with Hole for unknown
// parts) points at. mentions tells whether the file mentions AssemblyAI at
// all: then a URL whose host part is unknown (a base URL from config)
// followed by "/transcript" counts as the transcript endpoint, since the
// base of such a client carries the host and /v2.
func Classify(url string, mentions bool) Endpoint {
	u := url
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	hostKnown := strings.Contains(u, "://")
	aaiHost := IsAssemblyAIHost(u)
	if hostKnown && !aaiHost {
		// Another host (a proxy, another vendor), unless its host part
		// is a hole ("https://" + host + "/v2/transcript").
		rest := u[strings.Index(u, "://")+3:]
		if !strings.HasPrefix(rest, Hole) {
			return NotAPI
		}
	}
	if !hostKnown && !strings.HasPrefix(u, Hole) && !strings.HasPrefix(u, "/") {
		if !aaiHost {
			return NotAPI
		}
	}
	path := u
	if i := strings.Index(u, "assemblyai.com"); i >= 0 {
		path = u[i+len("assemblyai.com"):]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = "/"
		}
	} else if hostKnown {
		path = u[strings.Index(u, "://")+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		}
	}
	path = strings.TrimRight(path, "/")
	switch {
	case strings.HasSuffix(path, "/v2/transcript"):
		if aaiHost || mentions || strings.HasPrefix(path, Hole) || strings.HasPrefix(path, "/v2/") {
			return TranscriptList
		}
	case strings.Contains(path, "/v2/transcript/"):
		rest := path[strings.Index(path, "/v2/transcript/")+len("/v2/transcript/"):]
		if rest != "" && !strings.Contains(rest, "/") {
			return TranscriptItem
		}
		return OtherAPI
	case strings.HasSuffix(path, "/v3/token"):
		return StreamingToken
	case strings.HasSuffix(path, "/v2/realtime/token"):
		return RealtimeTokenV2
	case mentions && (path == Hole+"/transcript" || path == Hole+"transcript"):
		return TranscriptList
	case mentions && strings.HasPrefix(path, Hole+"/transcript/") && !strings.Contains(path[len(Hole+"/transcript/"):], "/"):
		return TranscriptItem
	}
	if aaiHost {
		return OtherAPI
	}
	return NotAPI
}

// Join joins a base URL and a path the way HTTP clients do for a relative
// path: an absolute URL path wins, otherwise base + "/" + path.
func Join(base, path string) string {
	if strings.Contains(path, "://") {
		return path
	}
	if base == "" {
		return path
	}
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}

// Squash removes whitespace, for evidence text.
func Squash(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) > 300 {
		out = out[:300]
	}
	return out
}

// JoinPath renders a callee path: parts joined by dots, with call markers
// "()" attached to the part before them (aai.Transcriber().transcribe).
func JoinPath(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && p != "()" {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// KeyIn returns the part of v that is the AssemblyAI API key as read from
// the environment (an env read of a key name, or an SDK's key setting),
// directly or as a field or item of v. What is computed from the key (its
// length, a comparison, a token minted with it) is not the key.
func KeyIn(v Value) (Value, bool) { return keyIn(v, 0) }

func keyIn(v Value, depth int) (Value, bool) {
	if depth > 8 {
		return Value{}, false
	}
	if v.Env != "" && IsKeyName(v.Env) && (v.Kind == Unknown || v.Kind == Str) {
		return v, true
	}
	switch v.Kind {
	case Obj:
		for _, k := range v.Obj.Keys {
			if kv, ok := keyIn(v.Obj.Vals[k], depth+1); ok {
				return kv, true
			}
		}
	case List:
		for _, it := range v.Items {
			if kv, ok := keyIn(it, depth+1); ok {
				return kv, true
			}
		}
	}
	return Value{}, false
}

// ParseNumber reads a JS/TS or Python number literal as written:
// 3_600_000_000, 1e3, 0xE10, 0o755, 0b101 (digit separators dropped).
func ParseNumber(lit string) (float64, bool) {
	s := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lit), "_", ""))
	s = strings.TrimSuffix(s, "n") // BigInt
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b') {
		n, err := strconv.ParseUint(s, 0, 64)
		return float64(n), err == nil
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
