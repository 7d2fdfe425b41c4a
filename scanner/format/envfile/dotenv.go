package envfile

import (
	"strings"
)

// Var is one assignment in a dotenv file.
type Var struct {
	Name  string
	Value string // unquoted
	Line  int    // 1-based
}

// Parse reads dotenv content the way the common loaders (dotenv for Node,
// python-dotenv, godotenv) do: NAME=value lines, an optional "export "
// prefix, single, double or backtick quotes (double-quoted values may span
// lines), and # comments (inside an unquoted value only after a space).
// Lines that are not assignments are skipped.
func Parse(content []byte) []Var {
	lines := strings.Split(string(content), "\n")
	var out []Var
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimPrefix(t, "export ")
		eq := strings.IndexByte(t, '=')
		if eq <= 0 {
			continue
		}
		name := strings.TrimSpace(t[:eq])
		if !validName(name) {
			continue
		}
		v := strings.TrimLeft(t[eq+1:], " \t")
		start := i + 1
		if v != "" && (v[0] == '"' || v[0] == '\'' || v[0] == '`') {
			q := v[0]
			rest := v[1:]
			if j := strings.IndexByte(rest, q); j >= 0 {
				v = rest[:j]
			} else {
				// A quoted value that continues on the next lines.
				var b strings.Builder
				b.WriteString(rest)
				closed := false
				for i+1 < len(lines) {
					i++
					next := strings.TrimRight(lines[i], "\r")
					if j := strings.IndexByte(next, q); j >= 0 {
						b.WriteString("\n" + next[:j])
						closed = true
						break
					}
					b.WriteString("\n" + next)
				}
				if !closed {
					// Unterminated: keep what the line itself holds.
					i = start - 1
					v = rest
				} else {
					v = b.String()
				}
			}
		} else {
			if j := strings.Index(v, " #"); j >= 0 {
				v = v[:j]
			}
			if j := strings.Index(v, "\t#"); j >= 0 {
				v = v[:j]
			}
			v = strings.TrimSpace(v)
		}
		out = append(out, Var{Name: name, Value: v, Line: start})
	}
	return out
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '.' || r == '-' && i > 0:
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
