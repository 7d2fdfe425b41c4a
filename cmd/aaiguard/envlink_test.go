package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymlinkedEnvFileWording: a committed .env.production that is a
// symbolic link is reported as a committed link, not as "deleted from the
// work tree".
func TestSymlinkedEnvFileWording(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n.env.local\n.env.*.local\n", "app.py": "x = 1\n"})
	if err := os.Symlink("../secrets/prod.env", filepath.Join(dir, ".env.production")); err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "x")
	_, rep, errs := checkReport(t, "scan", dir)
	var msg string
	for _, f := range rep.Findings {
		if f.File == ".env.production" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, ".env.production is committed as a symbolic link (to ../secrets/prod.env)") || strings.Contains(msg, "deleted") {
		t.Errorf("message %q\n%s", msg, errs)
	}
}
