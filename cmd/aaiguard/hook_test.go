package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
)

func isolateGitConfig(t *testing.T) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", "")
}

func TestInstallUninstallHookCLI(t *testing.T) {
	isolateGitConfig(t)
	repo := t.TempDir()
	if _, err := git.PlainInit(repo, false); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(repo, ".git", "hooks", "pre-commit")
	writeFiles(t, repo, map[string]string{".git/hooks/pre-commit": "#!/bin/sh\necho lint\n"})

	code, out, errs := runCLI(t, "install-hook", repo)
	if code != 2 || !strings.Contains(errs, "not installed by aaiguard") || !strings.Contains(errs, "--force") {
		t.Errorf("foreign: exit %d %q %q", code, out, errs)
	}
	code, out, errs = runCLI(t, "install-hook", repo, "--force")
	if code != 0 || !strings.Contains(out, ".git/hooks/pre-commit") || !strings.Contains(out, "pre-commit.aaiguard-chained") {
		t.Errorf("--force: exit %d %q %q", code, out, errs)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "exec \"$aaiguard\" staged") {
		t.Errorf("hook:\n%s", b)
	}
	// A test binary is a temporary build: the hook looks aaiguard up on PATH.
	if !strings.Contains(string(b), "aaiguard=''") {
		t.Errorf("temporary binary recorded in the hook:\n%s", b)
	}
	if code, out, _ = runCLI(t, "install-hook", repo); code != 0 || !strings.Contains(out, "updated") {
		t.Errorf("reinstall: exit %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "uninstall-hook", repo); code != 0 || !strings.Contains(out, "restored") {
		t.Errorf("uninstall: exit %d %q", code, out)
	}
	if b, _ := os.ReadFile(p); string(b) != "#!/bin/sh\necho lint\n" {
		t.Errorf("not restored: %q", b)
	}
	if code, _, errs = runCLI(t, "uninstall-hook", repo); code != 2 || !strings.Contains(errs, "not installed by aaiguard") {
		t.Errorf("uninstall foreign: exit %d %q", code, errs)
	}
	if code, out, _ = runCLI(t, "install-hook", repo, "--pre-push"); code != 0 || !strings.Contains(out, "pre-push") {
		t.Errorf("pre-push: exit %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "uninstall-hook", repo, "--pre-push"); code != 0 || !strings.Contains(out, "removed") {
		t.Errorf("uninstall pre-push: exit %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "uninstall-hook", repo, "--pre-push"); code != 0 || !strings.Contains(out, "no pre-push hook") {
		t.Errorf("uninstall absent: exit %d %q", code, out)
	}
}

func TestInstallHookOutsideRepository(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	code, _, errs := runCLI(t, "install-hook", dir)
	if code != 2 || !strings.Contains(errs, "not in a git repository") || !strings.Contains(errs, dir) {
		t.Errorf("exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "install-hook", dir, "--verify"); code != 2 || !strings.Contains(errs, "--verify") {
		t.Errorf("--verify: exit %d %q", code, errs)
	}
}
