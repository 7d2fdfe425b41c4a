package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigCostIsBounded: a configuration cannot make the scan slow by
// the size of its patterns' programs, alone or together; a repository's
// rules need keywords; a configuration file is refused by its size before
// it is parsed. Each refusal is one line naming the file and line, exit 2.
func TestConfigCostIsBounded(t *testing.T) {
	rule := func(id, regex, keywords string) string {
		return fmt.Sprintf("[[rules]]\nid = %q\nchecklist = \"env-key\"\n%sregex = '''%s'''\n", id, keywords, regex)
	}
	var heavy strings.Builder
	heavy.WriteString("[[allowlists]]\nregexes = [")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&heavy, "'''[a-z]{900}%d''',", i)
	}
	heavy.WriteString("]\n")
	for _, tc := range []struct {
		name, config, want string
	}{
		{"a program of 1003 instructions", rule("slow", "[a-z ]{1000}Q", "keywords = [\"abc\"]\n"), ".aaiguard.toml:5: rule slow: regex: compiles to 1003 instructions: at most 1000 are allowed"},
		{"an allowlist of 1003 instructions", "[[allowlists]]\nregexes = ['''.{1001}x''']\n", ".aaiguard.toml:1: allowlist regex"},
		{"60 patterns of 900 instructions", heavy.String(), ".aaiguard.toml: the patterns compile to"},
		{"a rule without keywords", rule("nokw", "tok_[a-z]{20}", ""), ".aaiguard.toml:1: rule nokw: keywords are required in a repository's configuration"},
		{"a one-letter keyword", rule("e", "tok_[a-z]{20}", "keywords = [\"e\"]\n"), `.aaiguard.toml:4: rule e: keyword "e": a repository's rules need keywords of at least 3 bytes`},
		{"a million-rule file", strings.Repeat("[[rules]]\n", 120_000), ".aaiguard.toml: larger than 1048576 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".aaiguard.toml": tc.config, "app.py": leakLine})
			code, _, errs := runCLI(t, "scan", dir)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q, want %q", code, errs, tc.want)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("not one line: %q", errs)
			}
		})
	}
	// The user's own --config is trusted with keyword-less rules, but not
	// with its size.
	own := filepath.Join(t.TempDir(), "mine.toml")
	os.WriteFile(own, []byte(rule("mine", "itok_[a-z0-9]{16}", "")), 0o644)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "t = itok_q8f3k2m9x7q1w5e6\n"})
	if code, out, errs := runCLI(t, "scan", dir, "--config", own); code != 1 || !strings.Contains(out, "mine") {
		t.Errorf("--config without keywords: exit %d\n%s\n%s", code, out, errs)
	}
	big := filepath.Join(t.TempDir(), "big.toml")
	os.WriteFile(big, []byte(strings.Repeat("[[rules]]\n", 120_000)), 0o644)
	if code, _, errs := runCLI(t, "scan", dir, "--config", big); code != 2 || !strings.Contains(errs, "larger than 1048576 bytes") {
		t.Errorf("--config of 1.2 MB: exit %d, %q", code, errs)
	}
}
