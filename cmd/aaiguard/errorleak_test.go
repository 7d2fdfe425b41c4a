package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// plantedKey is pasted into every value an error message may quote.
const plantedKey = fakeKey

// unquoted are the cases whose message does not quote the value at all.
var unquoted = map[string]bool{"value of the wrong type": true, "TOML syntax": true, "unterminated string": true, "--baseline content": true, "merge shard": true}

// TestNoKeyInErrorMessages: every error path reachable from the command
// line with a key planted in the value it is about (a configuration value
// with a typo, a flag, a path, a revision, a baseline, a shard, go.mod)
// names the problem with the key redacted, on stderr and in every report.
func TestNoKeyInErrorMessages(t *testing.T) {
	repo := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	k := plantedKey
	config := func(toml string) func(t *testing.T) string {
		return func(t *testing.T) string {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".aaiguard.toml": toml, "a.py": "x = 1\n"})
			return dir
		}
	}
	inRepo := func(t *testing.T) string { return repo }
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	os.WriteFile(baseline, []byte(`{"tool":{"name":"aaiguard"},"findings":[{"rule":"`+k+`","secret":`+k+`}]}`), 0o644)
	shard := filepath.Join(t.TempDir(), "shard.json")
	os.WriteFile(shard, []byte(`{"tool": "`+k+`"`), 0o644)
	for _, tc := range []struct {
		name  string
		dir   func(t *testing.T) string
		args  []string // DIR is replaced by the directory
		code  int
		probe string // a word the message must still hold
	}{
		{"allowlist regex", config("[[allowlists]]\nregexes = ['" + k + "(']\n"), []string{"scan", "DIR"}, 2, "missing closing"},
		{"allowlist path", config("[[allowlists]]\npaths = ['" + k + "[']\n"), []string{"scan", "DIR"}, 2, "allowlist path"},
		{"allowlist stopword-only target", config("[[allowlists]]\nregexTarget = '" + k + "'\nstopwords = ['x']\n"), []string{"scan", "DIR"}, 2, "regexTarget"},
		{"rule regex", config("[[rules]]\nid = 'x'\nchecklist = 'env-key'\nkeywords = ['xyz']\nregex = '" + k + "('\n"), []string{"scan", "DIR"}, 2, "regex"},
		{"rule path", config("[[rules]]\nid = 'x'\nchecklist = 'env-key'\nkeywords = ['xyz']\nregex = 'x'\npath = '" + k + "('\n"), []string{"scan", "DIR"}, 2, "path"},
		{"rule id", config("[[rules]]\nid = '" + k + "!'\nchecklist = 'env-key'\nregex = 'x'\n"), []string{"scan", "DIR"}, 2, "rule id"},
		{"rule checklist", config("[[rules]]\nid = 'x'\nchecklist = '" + k + "'\nregex = 'x'\n"), []string{"scan", "DIR"}, 2, "checklist"},
		{"rule severity", config("[[rules]]\nid = 'x'\nchecklist = 'env-key'\nseverity = '" + k + "'\nregex = 'x'\n"), []string{"scan", "DIR"}, 2, "severity"},
		{"evidence pattern", config("[[rules]]\nid = 'x'\nchecklist = 'env-key'\nkeywords = ['xyz']\nregex = 'x'\n[rules.evidence]\nstrong = ['" + k + "(']\n"), []string{"scan", "DIR"}, 2, "evidence.strong"},
		{"unknown key", config(k + " = 1\n"), []string{"scan", "DIR"}, 2, "unknown key"},
		{"unknown nested key", config("[[rules]]\nid = 'x'\n" + k + " = 'y'\n"), []string{"scan", "DIR"}, 2, "unknown key"},
		{"disabled rule", config("[extend]\ndisabledRules = ['" + k + "']\n"), []string{"scan", "DIR"}, 2, "disabledRules"},
		{"value of the wrong type", config("[extend]\nuseDefault = '" + k + "'\n"), []string{"scan", "DIR"}, 2, ".aaiguard.toml:2"},
		{"TOML syntax", config("title = " + k + "\n"), []string{"scan", "DIR"}, 2, ".aaiguard.toml:1"},
		{"unterminated string", config("title = '" + k + "\n"), []string{"scan", "DIR"}, 2, ".aaiguard.toml:1"},
		{"--config file", inRepo, []string{"scan", "DIR", "--config", k + ".toml"}, 2, "config"},
		{"unknown flag", inRepo, []string{"scan", "DIR", "--" + k}, 2, "unknown flag"},
		{"path", inRepo, []string{"scan", filepath.Join(t.TempDir(), k)}, 2, "no such file"},
		{"--format", inRepo, []string{"scan", "DIR", "--format", k}, 2, "--format"},
		{"--max-file-size", inRepo, []string{"scan", "DIR", "--max-file-size", k}, 2, "--max-file-size"},
		{"--exit-code", inRepo, []string{"scan", "DIR", "--exit-code", k}, 2, "exit-code"},
		{"--since", inRepo, []string{"history", "DIR", "--since", k}, 2, "--since"},
		{"--range", inRepo, []string{"history", "DIR", "--range", k + "..HEAD"}, 2, "revision"},
		{"--branch", inRepo, []string{"history", "DIR", "--branch", k + "x"}, 2, "revision"},
		{"--baseline missing", inRepo, []string{"scan", "DIR", "--baseline", filepath.Join(t.TempDir(), k+".json")}, 2, "baseline"},
		{"--baseline content", inRepo, []string{"scan", "DIR", "--baseline", baseline}, 2, "baseline"},
		{"--api-base-url", inRepo, []string{"scan", "DIR", "--verify", "--api-base-url", "https://" + k + ".example.com"}, 2, "api-base-url"},
		{"merge shard", inRepo, []string{"merge", shard}, 2, "merge"},
		{"merge missing shard", inRepo, []string{"merge", filepath.Join(t.TempDir(), k+".json")}, 2, "merge"},
		{"install-hook path", inRepo, []string{"install-hook", filepath.Join(t.TempDir(), k)}, 2, k[:4]},
		{"rules", inRepo, []string{"rules", filepath.Join(t.TempDir(), k)}, 2, k[:4]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir(t)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			code, out, errs := runCLI(t, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout %q\nstderr %q", code, tc.code, out, errs)
			}
			if strings.Contains(out+errs, k) {
				t.Fatalf("the key is printed in full:\nstdout %q\nstderr %q", out, errs)
			}
			if !strings.Contains(errs, tc.probe) {
				t.Errorf("stderr %q lacks %q", errs, tc.probe)
			}
			// Messages that quote the value show it redacted, as findings.
			if !unquoted[tc.name] && !strings.Contains(errs, k[:4]+"…") {
				t.Errorf("stderr %q lacks the redacted key", errs)
			}
		})
	}
}

// TestNoKeyInReportErrors: an error met during a scan (go.mod with a key
// in a bad directive, which the Go stage reports when a package of the
// module mentions AssemblyAI) is redacted in every format's summary and on
// stderr.
func TestNoKeyInReportErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.22\n\n" + plantedKey + " v1.0.0\n",
		"main.go": "package main\n\nconst api = \"https://api.assemblyai.com/v2\"\n\nfunc main() {}\n",
	})
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		code, out, errs := runCLI(t, "scan", dir, "--format", format)
		if code != 2 {
			t.Fatalf("%s: exit %d\n%s\n%s", format, code, out, errs)
		}
		if strings.Contains(out+errs, plantedKey) {
			t.Fatalf("%s: the key is printed in full:\nstdout %q\nstderr %q", format, out, errs)
		}
		if !strings.Contains(out+errs, "c5c5…") {
			t.Errorf("%s: no redacted key in the error:\n%s\n%s", format, out, errs)
		}
	}
}

// TestLongPathsAreCut: an error about a 10 KB path keeps its first and
// last bytes on one short line; a key at the bottom of 2000 nested
// directories is found (the walk no longer costs depth cubed).
func TestLongPathsAreCut(t *testing.T) {
	long := filepath.Join(t.TempDir(), strings.Repeat("x/", 5000)+"end-of-path")
	code, _, errs := runCLI(t, "scan", long)
	if code != 2 || len(errs) > 400 || !strings.Contains(errs, "…") || !strings.Contains(errs, "x/x/end-of-path: ") {
		t.Errorf("exit %d, %d bytes: %q", code, len(errs), errs)
	}
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	for i := 0; i < 2000; i++ {
		os.Mkdir("d", 0o755)
		os.Chdir("d")
	}
	os.WriteFile("app.py", []byte(leakLine), 0o644)
	os.Chdir(wd)
	code, rep, errs := checkReport(t, "scan", dir)
	keys := 0
	for _, f := range rep.Findings {
		if f.Rule == "assemblyai-api-key" && f.File == strings.Repeat("d/", 2000)+"app.py" {
			keys++
		}
	}
	if code != 1 || keys != 1 || len(rep.Summary.Errors) != 0 {
		t.Fatalf("exit %d, %d key findings, errors %q\n%s", code, keys, rep.Summary.Errors, errs)
	}
}
