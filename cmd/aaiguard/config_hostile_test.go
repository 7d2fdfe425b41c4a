package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRepositoryConfigIsDataOnly: a scanned repository's .aaiguard.toml
// cannot run anything, reach the network, make a regex backtrack, or
// exceed the limits on rules and patterns; each refusal is one line naming
// the file (and line), exit 2.
func TestRepositoryConfigIsDataOnly(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	pwned := filepath.Join(t.TempDir(), "pwned")
	rule := func(id, regex string) string {
		return fmt.Sprintf("[[rules]]\nid = %q\nchecklist = \"env-key\"\nregex = '''%s'''\n", id, regex)
	}
	var many, patterns strings.Builder
	for i := 0; i < 501; i++ {
		many.WriteString(rule(fmt.Sprintf("r%d", i), "tok_[a-z]{20}"))
	}
	patterns.WriteString("[[allowlists]]\nregexes = [")
	for i := 0; i < 2001; i++ {
		fmt.Fprintf(&patterns, "'x%d',", i)
	}
	patterns.WriteString("]\n")
	for _, tc := range []struct {
		name, config, want string
	}{
		{"a command to run", rule("r", "a") + "command = \"touch " + pwned + "\"\n", ".aaiguard.toml:5: unknown key rules.command"},
		{"a hook table", "[hooks]\npre-scan = \"touch " + pwned + "\"\n", ".aaiguard.toml:1: unknown key hooks"},
		{"a URL to fetch rules from", "[extend]\nurl = \"" + srv.URL + "/rules.toml\"\n", ".aaiguard.toml:2: unknown key extend.url"},
		{"a path to include", "[extend]\npath = \"/etc/passwd\"\n", ".aaiguard.toml:2: unknown key extend.path"},
		{"a backreference (not RE2)", rule("r", `(a)\1`), ".aaiguard.toml:4: rule r: regex: invalid escape sequence: `\\1`"},
		{"a look-ahead (not RE2)", rule("r", `a(?=b)`), ".aaiguard.toml:4: rule r: regex: invalid or unsupported Perl syntax: `(?=`"},
		{"a pattern of 5000 bytes", rule("r", strings.Repeat("(a|b)", 1000)), ".aaiguard.toml:4: rule r: regex: pattern of 5000 bytes: at most 4096 are allowed"},
		{"501 rules", "[extend]\nuseDefault = false\n" + many.String(), ".aaiguard.toml: 501 rules: at most 500 are allowed"},
		{"2001 patterns", patterns.String(), "patterns: at most 2000 are allowed"},
		{"a key of 600 KB", "[" + strings.Repeat("a.", 300_000) + "a]\n", ".aaiguard.toml:1: unknown key a.a.a."},
		{"escape sequences in an id", "[[rules]]\nid = \"\\u001b[31mred\\u001b]0;t\\u0007\"\nchecklist = \"env-key\"\nregex = '('\n", `.aaiguard.toml:2: rule id "\x1b[31mred\x1b]0;t\a": use lower-case letters`},
		{"nesting 500000 deep", "x = " + strings.Repeat("[", 500_000) + strings.Repeat("]", 500_000) + "\n", "nested more than the maximum of 10000 levels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".aaiguard.toml": tc.config, "app.py": leakLine})
			code, out, errs := runCLI(t, "scan", dir)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstdout %s", code, out)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr %q, want %q", errs, tc.want)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 || len(errs) > 500 {
				t.Errorf("error is not one short line: %d bytes, %d lines", len(errs), strings.Count(errs, "\n"))
			}
			if strings.ContainsRune(errs, '\x1b') {
				t.Errorf("stderr holds an escape character")
			}
		})
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Error("a configuration ran a command")
	}
	if n := hits.Load(); n > 0 {
		t.Errorf("a configuration made %d request(s)", n)
	}

	// RE2: patterns that backtrack catastrophically elsewhere run in
	// linear time over lines built to trigger them, and still match (the
	// second line): a subprocess, so that a hang fails the test instead of
	// stalling it.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".aaiguard.toml": "[[rules]]\nid = \"redos\"\nchecklist = \"env-key\"\nkeywords = [\"aaaa\"]\nregex = '''(a+)+$'''\n" +
			"[[rules]]\nid = \"redos2\"\nchecklist = \"env-key\"\nkeywords = [\"aaaa\"]\nsecretGroup = 1\nregex = '''(?:a|aa)+b([0-9a-f]{16})'''\n",
		"input.txt": strings.Repeat("a", 200_000) + "!\n" + strings.Repeat("a", 200_000) + "b7f3a9c1e5b2d8f40\n",
	})
	r := runProc(t, time.Minute, "scan", dir, "-q", "--format", "json")
	t.Logf("(a+)+$ and (a|aa)+b over 200,000 a's: exit %d in %v", r.code, r.took)
	if r.code != 1 || !strings.Contains(r.stdout, `"rule": "redos2"`) {
		t.Errorf("exit %d, want 1 with a redos2 finding\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
