package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// TestErrorMessages: each way a command can be called wrongly, or meet
// input it cannot use, exits 2 with one line that says what and where.
func TestErrorMessages(t *testing.T) {
	repo := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	plain := t.TempDir()
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(plain, "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	sarif := filepath.Join(plain, "report.sarif")
	os.WriteFile(sarif, []byte(`{"version":"2.1.0","runs":[]}`), 0o644)
	broken := filepath.Join(plain, "broken.json")
	os.WriteFile(broken, []byte("{\"tool\":{\"name\":\"aaiguard\"},\n\"findings\":[\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"history", repo, "--since", "yesterday"}, `--since "yesterday": want a date (2024-01-31) or an RFC 3339 time`},
		{[]string{"history", repo, "--max-commits", "-1"}, "--max-commits must not be negative"},
		{[]string{"history", repo, "--range", "HEAD"}, `--range "HEAD": want A..B`},
		{[]string{"history", repo, "--range", "a...b"}, "symmetric A...B ranges are not supported"},
		{[]string{"history", repo, "--branch", "nosuch"}, `unknown revision "nosuch"`},
		{[]string{"history", repo, "--range", "a..b", "--branch", "main"}, "--range and --branch cannot be combined"},
		{[]string{"check", repo, "--range", "a..b", "--branch", "main"}, "--range and --branch cannot be combined"},
		{[]string{"history", repo, "--cache", plain, "--since", "2024-01-01"}, "--cache records the whole history: it cannot be combined with"},
		{[]string{"check", repo, "--cache", plain, "--range", "a..b"}, "--cache records the whole history: it cannot be combined with"},
		{[]string{"history", plain}, "is not in a git repository: there is no history to scan"},
		{[]string{"staged", plain}, "is not in a git repository: nothing is staged"},
		{[]string{"staged", bare}, "a bare repository has no index: nothing can be staged"},
		{[]string{"scan", file}, file + ": not a directory"},
		{[]string{"scan", plain + "/nope"}, plain + "/nope: no such file or directory"},
		{[]string{"scan", repo, "--max-file-size", "-5"}, `--max-file-size: invalid size "-5"`},
		{[]string{"scan", repo, "--baseline", sarif}, "baseline " + sarif + ": not an aaiguard JSON report"},
		{[]string{"scan", repo, "--baseline", broken}, "baseline " + broken + ": line 3: not valid JSON: unexpected end of JSON input"},
		{[]string{"merge", sarif}, "merge: " + sarif},
		{[]string{"merge", plain + "/none.json"}, "merge: " + plain + "/none.json"},
		{[]string{"rules", "--config", plain + "/none.toml"}, "read config " + plain + "/none.toml: no such file or directory"},
		{[]string{"install-hook", repo, "--verify"}, "--verify applies to scan, check, history and staged, not install-hook"},
		{[]string{"scan", repo, "--output", plain}, "--output " + plain + ": is a directory"},
	} {
		code, out, errs := runCLI(t, append(tc.args, "-q")...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2 (stdout %q)", tc.args, code, out)
		}
		if !strings.Contains(errs, tc.want) {
			t.Errorf("%v: stderr %q, want %q", tc.args, errs, tc.want)
		}
		if n := strings.Count(strings.TrimSpace(errs), "\n"); n > 0 {
			t.Errorf("%v: %d lines on stderr: %q", tc.args, n+1, errs)
		}
	}
}
