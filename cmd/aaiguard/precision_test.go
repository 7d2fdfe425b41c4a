package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// TestProseKeyInHistory: issue 11 saw "Use key <hex> for the AssemblyAI
// demo." in a Markdown file missed, in the work tree and in history.
func TestProseKeyInHistory(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"README.md": "# Demo\n\nUse key " + fakeKey + " for the AssemblyAI demo.\n"})
	if fs := scanFindings(t, dir); len(byRule(fs, "assemblyai-api-key")) != 1 {
		t.Errorf("work tree: %+v", fs)
	}
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "docs")
	writeFiles(t, dir, map[string]string{"README.md": "# Demo\n\nAsk for a key.\n"})
	gitRun(t, dir, "commit", "-q", "-am", "remove the key")
	code, out, errs := runCLI(t, "history", "-q", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("history: exit %d: %s", code, errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].File != "README.md" || rep.Findings[0].Line != 3 || rep.Findings[0].Commit == "" {
		t.Errorf("history findings %+v", rep.Findings)
	}
}

// TestGoKeyAtTheLiteral: issue 11 saw a Go key held by a constant reported
// at its uses only. It is reported once, at the line that holds the
// literal, with the uses as related locations, whether or not the secret
// scanner also recognises the name.
func TestGoKeyAtTheLiteral(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go toolchain: the Go stage is tested in gostage_test.go")
	}
	for _, tc := range []struct{ name, decl string }{
		{"a name the secret scanner does not know", "const demoKey = \"" + fakeKey + "\""},
		{"a name the secret scanner knows", "const assemblyAIKey = \"" + fakeKey + "\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := strings.Fields(tc.decl)[1]
			dir := t.TempDir()
			writeModule(t, dir, map[string]string{
				"main.go": "package main\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\n" + tc.decl + "\n\nfunc main() {\n\t_ = aai.NewClient(" + name + ")\n\t_ = aai.NewClient(" + name + ")\n}\n",
			})
			var keys []string
			for _, f := range scanFindings(t, dir) {
				if f.Checklist == "env-key" && f.File == "main.go" {
					keys = append(keys, f.Rule+"@"+itoa(f.Line))
					if f.Line == 5 && len(f.Also) != 2 {
						t.Errorf("%s at the literal: related locations %+v, want the two uses", f.Rule, f.Also)
					}
				}
			}
			if len(keys) != 1 || !strings.HasSuffix(keys[0], "@5") {
				t.Errorf("key findings %v, want one at line 5", keys)
			}
		})
	}
}
