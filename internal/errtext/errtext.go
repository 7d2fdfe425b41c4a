// Package errtext is the text of the messages aaiguard prints about what
// went wrong (errors on stderr and in a report's summary): one line, secrets
// redacted the way findings are, and long paths cut in the middle.
//
// Errors quote what they are about: a configuration value with a typo (an
// allowlist regex for one known key), a flag, a path. A key the user
// pasted there must not reach a CI log in full any more than a finding's.
package errtext

import (
	"strings"
	"unicode/utf8"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// MaxToken is the longest run of non-space bytes (a path, a pattern) a
// message keeps whole; longer ones keep both ends (a 10 KB path of a deep
// directory keeps its first and last 96 bytes).
const MaxToken = 200

// Clean is the message as aaiguard prints it: one line (newlines and tabs
// become spaces), key-shaped values redacted (Redact), over-long tokens cut
// (Cut).
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	return cutTokens(Redact(s))
}

// Redact hides every run of 32 or more hex digits (an AssemblyAI key, also
// with a typo beside it) but its first 4, as findings are shown. Runs of
// exactly 40 or 64 digits are object names (SHA-1, SHA-256), which error
// messages about a repository must keep.
func Redact(s string) string {
	return redactRuns(s, isHex, func(run string) bool { n := len(run); return n >= 32 && n != 40 && n != 64 })
}

// redactRuns replaces each maximal run of bytes in class that secret
// accepts with its redacted form.
func redactRuns(s string, class func(byte) bool, secret func(run string) bool) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !class(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && class(s[j]) {
			j++
		}
		if secret(s[i:j]) {
			b.WriteString(s[last:i])
			b.WriteString(finding.Redact(s[i:j]))
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// RedactValues is Redact for messages that quote configuration values
// (patterns, rule ids, checklist values, key names): it also hides tokens
// shaped like other services' credentials (16 or more letters, digits, '_',
// '-', '+', '=' with at least two digits and two letters: sk_live_…,
// ghp_…, AKIA…), which a rule for another vendor's keys may hold.
func RedactValues(s string) string {
	return redactRuns(Redact(s), isToken, func(run string) bool {
		digits, letters := 0, 0
		for _, c := range []byte(run) {
			switch {
			case c >= '0' && c <= '9':
				digits++
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				letters++
			}
		}
		return len(run) >= 16 && digits >= 2 && letters >= 2
	})
}

// Cut shortens p to at most about MaxToken bytes, keeping both ends (the
// start says where, the end what) and cutting on character boundaries.
func Cut(p string) string {
	if len(p) <= MaxToken {
		return p
	}
	keep := (MaxToken - len("…")) / 2
	head, tail := keep, len(p)-keep
	for head > 0 && !utf8.RuneStart(p[head]) {
		head--
	}
	for tail < len(p) && !utf8.RuneStart(p[tail]) {
		tail++
	}
	return p[:head] + "…" + p[tail:]
}

// cutTokens applies Cut to every space-separated token.
func cutTokens(s string) string {
	if len(s) <= MaxToken {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s) - i
		}
		b.WriteString(Cut(s[i : i+j]))
		if i+j < len(s) {
			b.WriteByte(' ')
		}
		i += j + 1
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isToken(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c == '+' || c == '='
}
