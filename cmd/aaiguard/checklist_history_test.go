package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// A history that could not be read whole (a blob is missing) makes env-key
// unknown, naming why, and the run exits 2: no pass over objects that were
// never read.
func TestEnvKeyUnknownWhenHistoryUnread(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		"app.py":     "import os\nimport assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n",
		".gitignore": ".env\n.env.local\n.env.*.local\n",
	}, "app.py", ".gitignore")
	c := histCommit(t, dir, map[string]string{"old/config.py": "X = 1\n"}, "old")
	repo, _ := git.PlainOpen(dir)
	co, _ := repo.CommitObject(c)
	tree, _ := co.Tree()
	e, err := tree.FindEntry("old/config.py")
	if err != nil {
		t.Fatal(err)
	}
	h := e.Hash.String()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "check", "-q", "--format", "json", dir)
	if code != exitError {
		t.Fatalf("exit %d, want 2 (a missing object): %s", code, errs)
	}
	for _, it := range histReport(t, out).Checklist {
		if it.ID != "env-key" {
			continue
		}
		if it.Status != "unknown" || !strings.Contains(it.Reason, "could not be read") {
			t.Errorf("env-key %s: %q", it.Status, it.Reason)
		}
	}
}

// With the history whole, the same repository's env-key passes (the case
// above fails only because of the missing object).
func TestEnvKeyPassesWithWholeHistory(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		"app.py":     "import os\nimport assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n",
		".gitignore": ".env\n.env.local\n.env.*.local\n",
	}, "app.py", ".gitignore")
	histCommit(t, dir, map[string]string{"old/config.py": "X = 1\n"}, "old")
	_, out, errs := runCLI(t, "check", "-q", "--format", "json", dir)
	for _, it := range histReport(t, out).Checklist {
		if it.ID == "env-key" && it.Status != "pass" {
			t.Errorf("env-key %s: %q (stderr %s)", it.Status, it.Reason, errs)
		}
	}
}
