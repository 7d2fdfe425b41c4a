package detect

import (
	"bytes"
	"strings"
)

// A label is the name a candidate value is bound to: the variable, key,
// env name, header or function it is assigned or passed to. It is read
// backwards from the value, lexically, in a way that works across the
// languages and config formats aaiguard sees:
//
//	ASSEMBLYAI_API_KEY=v            .env, shell, docker-compose lists
//	"assemblyAiKey": "v"            JSON, JS objects, launchSettings.json
//	aai.settings.api_key = "v"      Python
//	apiKey: string = "v"            TypeScript (type annotations skipped)
//	aai.NewClient("v")              calls: the callee
//	req.Header.Set("Authorization", "v")   the preceding string argument
//	os.getenv("X") or "v"           fallbacks: the expression before or/||/??
//	-H "authorization: v"           curl headers, "Bearer " skipped
//
// Parents give nested keys their context: a YAML or pretty JSON key takes
// the keys of less-indented lines above it, an INI/TOML key its [section].
type label struct {
	name    string   // the label itself, quotes stripped
	parents []string // enclosing keys or sections, nearest first
}

// full joins parents and name outermost first: "assemblyai.api_key".
func (l label) full() string {
	if len(l.parents) == 0 {
		return l.name
	}
	parts := make([]string, 0, len(l.parents)+1)
	for i := len(l.parents) - 1; i >= 0; i-- {
		parts = append(parts, l.parents[i])
	}
	return strings.Join(append(parts, l.name), ".")
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c == '@' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// typeWords are skipped when they sit where a label is expected, so that
// "apiKey: string = v" and "var apiKey string = v" find apiKey.
var typeWords = map[string]bool{
	"string": true, "str": true, "String": true, "&str": true, "char": true,
	"Optional[str]": true, "const": true, "let": true, "var": true, "val": true,
	"final": true, "readonly": true, "static": true, "public": true, "private": true,
	"protected": true, "export": true, "declare": true, "SecretStr": true,
}

// prefixWords may sit between a label and its value: "Bearer v".
var prefixWords = map[string]bool{"Bearer": true, "bearer": true, "Token": true, "token": true, "Basic": true, "Key": true}

// findLabel reads the label of the value that starts at pos. It looks back
// at most window bytes. ok is false when the value is not bound to a name
// (a checksum list, a bare value in prose).
func findLabel(b []byte, pos, window int, memo parentMemo) (label, bool) {
	lo := pos - window
	if lo < 0 {
		lo = 0
	}
	i := pos - 1
	// 1. Skip what opens the value: quotes, escaped quotes (notebook JSON),
	//    string prefixes (f"", b""), blanks, an auth scheme word, and at most
	//    two line breaks (a value on its own line after "(" or "=").
	newlines := 0
	for i >= lo {
		c := b[i]
		switch {
		case isQuote(c) || c == '\\' || isSpace(c):
			i--
			continue
		case c == '\n':
			newlines++
			if newlines > 2 {
				return label{}, false
			}
			i--
			continue
		case (c == 'f' || c == 'b' || c == 'r' || c == 'u' || c == 'F' || c == 'B' || c == 'R') && i+1 < len(b) && isQuote(b[i+1]) && (i == lo || !isWord(b[i-1])):
			i--
			continue
		}
		if isWord(c) {
			// An auth scheme word before the value: skip it.
			j := i
			for j >= lo && isWord(b[j]) {
				j--
			}
			if prefixWords[string(b[j+1:i+1])] && j >= lo && (isSpace(b[j]) || isQuote(b[j])) {
				i = j
				continue
			}
		}
		break
	}
	if i < lo {
		return label{}, false
	}
	// 2. The operator binding the value.
	op := b[i]
	switch {
	case op == '>' && i > lo && b[i-1] == '=': // =>
		op = '='
		i -= 2
	case op == '=':
		i--
		if i >= lo && (b[i] == ':' || b[i] == '=' || b[i] == '!' || b[i] == '<' || b[i] == '>' || b[i] == '+' || b[i] == '?') {
			i--
		}
	case op == '(' || op == '[':
		i--
		// A parenthesised value, "api_key = (\n "v"\n)": the operator
		// is the one before the parenthesis.
		j := i
		for j >= lo && (isSpace(b[j]) || b[j] == '\n') {
			j--
		}
		if op == '(' && j >= lo && (b[j] == '=' || b[j] == ':') {
			op = b[j]
			i = j - 1
			if i >= lo && b[i] == ':' { // :=
				i--
			}
		}
	case op == ':':
		i--
	case op == '|' && i > lo && b[i-1] == '|', op == '?' && i > lo && b[i-1] == '?':
		op = '|'
		i -= 2
	case op == 'r' && i-2 >= lo && b[i-1] == 'o' && isSpace(b[i-2]): // Python "or"
		op = '|'
		i -= 2
	case op == ',':
		return labelAfterComma(b, i-1, lo)
	default:
		return label{}, false
	}
	for i >= lo && isSpace(b[i]) {
		i--
	}
	if i < lo {
		return label{}, false
	}
	start, ok := readExpr(b, i, lo)
	if !ok {
		return label{}, false
	}
	name := string(b[start : i+1])
	// Skip a type annotation or declaration keyword in the label's place.
	for typeWords[name] {
		j := start - 1
		for j >= lo && isSpace(b[j]) {
			j--
		}
		if j >= lo && b[j] == ':' {
			j--
			for j >= lo && isSpace(b[j]) {
				j--
			}
		}
		if j < lo {
			return label{}, false
		}
		s2, ok := readExpr(b, j, lo)
		if !ok {
			return label{}, false
		}
		start, i, name = s2, j, string(b[s2:j+1])
	}
	l := label{name: cleanLabel(name)}
	if l.name == "" {
		return label{}, false
	}
	if op == '=' || op == ':' {
		l.parents = parentsOf(b, start, memo)
	}
	return l, true
}

// labelAfterComma handles a value that is not the first argument or
// element: the label is the preceding string argument ("Authorization",
// "ASSEMBLYAI_API_KEY" in os.getenv("X", v)), or else the callee of the
// enclosing call.
func labelAfterComma(b []byte, i, lo int) (label, bool) {
	for i >= lo && (isSpace(b[i]) || b[i] == '\n') {
		i--
	}
	if i < lo {
		return label{}, false
	}
	if isQuote(b[i]) {
		q := b[i]
		j := i - 1
		for j >= lo && b[j] != q && b[j] != '\n' {
			j--
		}
		if j < lo || b[j] != q || j+1 >= i {
			return label{}, false
		}
		if n := cleanLabel(string(b[j+1 : i])); n != "" {
			return label{name: n}, true
		}
		return label{}, false
	}
	// Find the enclosing '(' and take its callee.
	depth := 0
	for ; i >= lo; i-- {
		switch b[i] {
		case ')', ']', '}':
			depth++
		case '[', '{':
			if depth == 0 {
				return label{}, false
			}
			depth--
		case '(':
			if depth == 0 {
				j := i - 1
				for j >= lo && isSpace(b[j]) {
					j--
				}
				if j < lo {
					return label{}, false
				}
				start, ok := readExpr(b, j, lo)
				if !ok {
					return label{}, false
				}
				if n := cleanLabel(string(b[start : j+1])); n != "" {
					return label{name: n}, true
				}
				return label{}, false
			}
			depth--
		case '\n', ';':
			if depth == 0 {
				return label{}, false
			}
		}
	}
	return label{}, false
}

// readExpr reads an expression chain backwards from end (inclusive):
// identifiers joined by '.', '::', '->' or '\', with balanced (...) and
// [...] groups, or a single quoted key. It returns the start index.
func readExpr(b []byte, end, lo int) (int, bool) {
	i := end
	if isQuote(b[i]) { // "key" or 'key'
		q := b[i]
		j := i - 1
		for j >= lo && b[j] != q && b[j] != '\n' {
			j--
		}
		if j < lo || b[j] != q {
			return 0, false
		}
		return j, j+1 < i
	}
	start := -1
	for i >= lo {
		c := b[i]
		switch {
		case isWord(c):
			i--
		case c == '.' || c == '\\':
			i--
		case c == ':' && i > lo && b[i-1] == ':':
			i -= 2
		case c == '>' && i > lo && b[i-1] == '-':
			i -= 2
		case c == ')' || c == ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			depth := 0
			for ; i >= lo; i-- {
				if b[i] == c {
					depth++
				} else if b[i] == open {
					depth--
					if depth == 0 {
						break
					}
				} else if b[i] == '\n' {
					return 0, false
				}
			}
			if i < lo {
				return 0, false
			}
			i--
		default:
			start = i + 1
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		start = lo
	}
	if start > end {
		return 0, false
	}
	return start, true
}

// cleanLabel strips quotes, sigils and leading punctuation, and bounds the
// length so a label is safe to put in a message.
func cleanLabel(s string) string {
	s = strings.Trim(s, "\"'` \t$-.@\\")
	if len(s) > 120 {
		s = s[len(s)-120:]
	}
	return s
}

// parentMemo remembers the parents found for label lines during one scan.
// Candidates are judged in file order, so when the upward search for a
// later candidate meets an earlier candidate's line at the same
// indentation (a sibling key), it reuses that line's parents instead of
// searching on: without it, a file with thousands of keys at column 0 cost
// a 400-line search each (22% of a keyword-dense history scan, profiled).
type parentMemo map[int]memoEntry

type memoEntry struct {
	indent  int
	parents []string
}

// parentsOf returns the keys enclosing the line at pos, nearest first: the
// keys of less-indented lines above it (YAML, pretty JSON), or the nearest
// [section] header (INI, TOML) for a key at column 0. Only a key that
// begins its line has parents. memo may be nil.
func parentsOf(b []byte, pos int, memo parentMemo) []string {
	ls := bytes.LastIndexByte(b[:pos], '\n') + 1
	prefix := b[ls:pos]
	indent := 0
	for indent < len(prefix) && (prefix[indent] == ' ' || prefix[indent] == '\t') {
		indent++
	}
	rest := bytes.TrimSpace(prefix[indent:])
	if len(rest) > 0 && !bytes.Equal(rest, []byte("-")) && !bytes.Equal(rest, []byte("export")) {
		return nil
	}
	if m, ok := memo[ls]; ok && m.indent == indent {
		return m.parents
	}
	var parents []string
	end := ls - 1 // the '\n' ending the previous line
	const maxLines = 400
	for n := 0; end > 0 && n < maxLines && len(parents) < 3; n++ {
		s := bytes.LastIndexByte(b[:end], '\n') + 1
		line := b[s:end]
		end = s - 1
		if m, ok := memo[s]; ok && len(parents) == 0 && m.indent == indent {
			parents = m.parents // a sibling: same parents
			break
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || bytes.HasPrefix(t, []byte("//")) || t[0] == ';' {
			continue
		}
		ind := 0
		for ind < len(line) && (line[ind] == ' ' || line[ind] == '\t') {
			ind++
		}
		if t[0] == '[' && t[len(t)-1] == ']' && indent == 0 {
			// INI / TOML section: the last parent there is.
			sec := strings.Trim(string(t), "[] \t\"'")
			if sec != "" {
				parents = append(parents, sec)
			}
			break
		}
		if ind >= indent {
			continue
		}
		k := parentKey(t)
		if k == "" {
			if len(parents) == 0 && indent > 0 {
				indent = ind
				continue
			}
			break
		}
		parents = append(parents, k)
		indent = ind
		if ind == 0 {
			break
		}
	}
	if memo != nil {
		memo[ls] = memoEntry{indent: len(prefix) - len(bytes.TrimLeft(prefix, " \t")), parents: parents}
	}
	return parents
}

// parentKey extracts the key from a line that opens a block: "assemblyai:",
// "\"assemblyai\": {", "- name: x" is not a block opener but still names a
// parent key.
func parentKey(t []byte) string {
	s := string(t)
	s = strings.TrimPrefix(s, "- ")
	i := strings.IndexAny(s, ":={")
	if i <= 0 {
		return ""
	}
	k := strings.TrimSpace(s[:i])
	k = strings.Trim(k, "\"'` ")
	if k == "" || strings.ContainsAny(k, " \t(") {
		return ""
	}
	return k
}
