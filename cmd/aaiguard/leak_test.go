package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// Fake keys (random, never issued), one per place a key can hide.
const (
	leakWorktree = "1f0b6a3c9e8d7f2a4b5c6d7e8f901a2b" // app.py, in the work tree and committed
	leakHistory  = "2e1c7b4d0f9e8a3b5c6d7e8f9a0b1c2d" // committed, then removed
	leakStaged   = "3d2e8c5e1a0f9b4c6d7e8f9a0b1c2d3e" // staged, never committed
	leakJS       = "4c3f9d6f2b1a0c5d7e8f9a0b1c2d3e4f" // browser code
	leakCI       = "5b4a0e7a3c2b1d6e8f9a0b1c2d3e4f5a" // CI configuration
	leakTemplate = "6a5b1f8b4d3c2e7f9a0b1c2d3e4f5a6b" // .env.example
	leakNotebook = "79c62a9c5e4d3f8a0b1c2d3e4f5a6b7c" // Jupyter notebook
	leakGo       = "88d73b0d6f5e4a9b1c2d3e4f5a6b7c8d" // Go source
	leakGoOther  = "staging-key-do-not-commit"        // Go source, not key-shaped (the Go analyzer only)
)

var allLeaks = []string{leakWorktree, leakHistory, leakStaged, leakJS, leakCI, leakTemplate, leakNotebook, leakGo, leakGoOther}

// leakRepo is a repository with a key in every place aaiguard looks. With
// withGo, main.go is part of a Go module, which the Go analyzers load (half
// a second or more per run); without, it is only scanned as a file.
func leakRepo(t *testing.T, withGo bool) string {
	t.Helper()
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"old.py": "import assemblyai as aai\naai.settings.api_key = \"" + leakHistory + "\"\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "leak")
	gitRun(t, dir, "rm", "-q", "old.py")
	goFiles := map[string]string{"main.go": `package main

import aai "github.com/AssemblyAI/assemblyai-go-sdk"

var client = aai.NewClient("` + leakGo + `")
var staging = aai.NewClient("` + leakGoOther + `")

func main() {}
`}
	if withGo {
		writeModule(t, dir, goFiles)
	} else {
		writeFiles(t, dir, goFiles)
	}
	writeFiles(t, dir, map[string]string{
		"app.py":                   "import assemblyai as aai\naai.settings.api_key = \"" + leakWorktree + "\"\n",
		"web/src/App.jsx":          "\"use client\";\nimport { AssemblyAI } from 'assemblyai';\nconst client = new AssemblyAI({ apiKey: '" + leakJS + "' });\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      ASSEMBLYAI_API_KEY: " + leakCI + "\n    steps:\n      - run: make test\n",
		".env.example":             "ASSEMBLYAI_API_KEY=" + leakTemplate + "\n",
		"nb/demo.ipynb":            `{"cells":[{"cell_type":"code","source":["import assemblyai as aai\n","aai.settings.api_key = \"` + leakNotebook + `\"\n"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
		".gitignore":               ".env\n",
	})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "app")
	writeFiles(t, dir, map[string]string{"staged.py": "import assemblyai as aai\naai.settings.api_key = \"" + leakStaged + "\"\n"})
	gitRun(t, dir, "add", "staged.py")
	return dir
}

// TestNoSecretInAnyOutput runs every scanning command in every format, and
// the commands that convert or write reports, and looks for the raw keys
// in stdout, stderr and every file written: none may appear unless
// --show-secrets, and then each key a command finds appears in every
// format (text, JSON, SARIF, JUnit, Markdown all show the secret).
func TestNoSecretInAnyOutput(t *testing.T) {
	dir := leakRepo(t, true)
	// --show-secrets runs need no Go stage: code findings hold no secret,
	// and main.go's hex key is found by the secret scan either way.
	shown := leakRepo(t, false)
	tmp := t.TempDir()
	leaked := func(t *testing.T, what, out string) {
		t.Helper()
		for _, k := range allLeaks {
			if strings.Contains(out, k) {
				t.Errorf("%s: raw key %s in the output", what, k)
			}
		}
	}
	// What each command finds (its keys must show with --show-secrets).
	finds := map[string][]string{
		"scan":    {leakWorktree, leakStaged, leakJS, leakCI, leakTemplate, leakNotebook, leakGo},
		"check":   {leakWorktree, leakHistory, leakStaged, leakJS, leakCI, leakTemplate, leakNotebook, leakGo},
		"history": {leakWorktree, leakHistory, leakJS, leakCI, leakTemplate, leakNotebook, leakGo},
		"staged":  {leakStaged},
	}
	for _, cmd := range []string{"scan", "check", "history", "staged"} {
		for _, format := range report.Formats {
			for _, show := range []bool{false, true} {
				name := cmd + " --format " + format
				args := []string{cmd, dir, "--format", format, "--no-color"}
				if show {
					name += " --show-secrets"
					args = []string{cmd, shown, "--format", format, "--no-color", "--show-secrets"}
				}
				t.Run(name, func(t *testing.T) {
					code, out, errs := runCLI(t, args...)
					if code != 1 {
						t.Fatalf("exit %d, want 1\n%s", code, errs)
					}
					if !show {
						leaked(t, name, out+errs)
						return
					}
					for _, k := range finds[cmd] {
						if !strings.Contains(out, k) {
							t.Errorf("key %s found by %s is not shown with --show-secrets", k, cmd)
						}
					}
				})
			}
		}
	}

	// Reports written to files, converted by merge, and the baseline.
	shard := filepath.Join(tmp, "shard.json")
	if code, _, errs := runCLI(t, "check", dir, "--format", "json", "-o", shard); code != 1 {
		t.Fatalf("check -o: exit %d\n%s", code, errs)
	}
	base := filepath.Join(tmp, "baseline.json")
	if code, out, errs := runCLI(t, "baseline", dir, "-o", base); code != 0 {
		t.Fatalf("baseline: exit %d\n%s", code, errs)
	} else {
		leaked(t, "baseline", out+errs)
	}
	for _, f := range []string{shard, base} {
		b, _ := os.ReadFile(f)
		leaked(t, filepath.Base(f), string(b))
	}
	for _, format := range report.Formats {
		for _, show := range []bool{false, true} {
			args := []string{"merge", shard, "--format", format}
			if show {
				args = append(args, "--show-secrets") // a shard holds only redacted secrets
			}
			code, out, errs := runCLI(t, args...)
			if code != 1 {
				t.Errorf("merge %s: exit %d\n%s", format, code, errs)
			}
			leaked(t, "merge --format "+format, out+errs)
		}
	}

	// vet prints diagnostics go vet style; --verify's errors are scrubbed.
	for _, args := range [][]string{{"vet", "-C", dir, "./..."}, {"vet", "-C", dir, "-json", "./..."}} {
		_, out, errs := runCLI(t, args...)
		leaked(t, strings.Join(args, " "), out+errs)
	}
	code, out, errs := runCLI(t, "scan", dir, "--verify", "--api-base-url", "http://127.0.0.1:1", "--format", "json")
	if code == 0 {
		t.Errorf("scan --verify: exit 0")
	}
	leaked(t, "scan --verify (unreachable API)", out+errs)
}
