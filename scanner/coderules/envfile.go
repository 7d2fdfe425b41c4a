package coderules

import (
	"bytes"
	"path"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/lang/facts"
)

// IsEnvFile reports whether a path is a dotenv file (.env, .env.local,
// .env.production, production.env).
func IsEnvFile(p string) bool {
	base := path.Base(p)
	return base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env")
}

// envFileFacts reads NAME=VALUE lines of a dotenv file and reports
// browser-exposed AssemblyAI key names. Names, not values: a template
// (.env.example) with an empty VITE_ASSEMBLYAI_API_KEY= teaches everyone who
// copies it to ship the key.
func envFileFacts(src []byte) *facts.File {
	out := &facts.File{}
	for i, line := range bytes.Split(src, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || s[0] == '#' {
			continue
		}
		s = strings.TrimPrefix(s, "export ")
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			continue
		}
		name := strings.TrimSpace(s[:eq])
		if facts.PublicPrefix(name) == "" || !facts.IsKeyName(name) {
			continue
		}
		col := bytes.Index(line, []byte(name)) + 1
		out.PublicEnv = append(out.PublicEnv, facts.Site{Pos: facts.Pos{Line: i + 1, Col: col}, What: name, Text: name})
	}
	return out
}
