package main

import (
	"os/exec"
	"strings"
	"testing"
)

// gitRun runs the real git in dir (these tests need git's own commits).
func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// A key committed and removed on the base branch is reported by a full
// check but not by check --range base..head of a clean change.
func TestCheckRange(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	leak := "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "old.py": leak})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "leak")
	gitRun(t, dir, "rm", "-q", "old.py")
	gitRun(t, dir, "commit", "-q", "-m", "remove")
	base := gitRun(t, dir, "rev-parse", "HEAD")
	writeFiles(t, dir, map[string]string{"util.py": "x = 1\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "clean change")

	if code, out, _ := runCLI(t, "check", dir, "--no-color"); code != 1 || !strings.Contains(out, "old.py") {
		t.Errorf("full check: exit %d\n%s", code, out)
	}
	code, out, errs := runCLI(t, "check", dir, "--range", base+"..HEAD", "--no-color")
	if strings.Contains(out, "old.py") || code != 0 {
		t.Errorf("check --range: exit %d\n%s%s", code, out, errs)
	}
	// The same change adding a key is reported.
	writeFiles(t, dir, map[string]string{"new.py": leak})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "add a key")
	gitRun(t, dir, "rm", "-q", "new.py")
	gitRun(t, dir, "commit", "-q", "-m", "and remove it")
	if code, out, _ := runCLI(t, "check", dir, "--range", base+"..HEAD", "--no-color"); code != 1 || !strings.Contains(out, "new.py") {
		t.Errorf("check --range with a key in the range: exit %d\n%s", code, out)
	}
	if code, _, errs := runCLI(t, "check", dir, "--range", base+"..HEAD", "--branch", "main"); code != 2 || !strings.Contains(errs, "cannot be combined") {
		t.Errorf("--range with --branch: exit %d %q", code, errs)
	}
}
