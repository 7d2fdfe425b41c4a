package coderules

import (
	"bytes"
	"path"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
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
	lines := bytes.Split(src, []byte("\n"))
	for _, v := range envfile.Parse(src) {
		if facts.PublicPrefix(v.Name) == "" || !facts.IsKeyName(v.Name) {
			continue
		}
		col := bytes.Index(lines[v.Line-1], []byte(v.Name)) + 1
		out.PublicEnv = append(out.PublicEnv, facts.Site{Pos: facts.Pos{Line: v.Line, Col: col}, What: v.Name, Text: v.Name})
	}
	return out
}
