package main

// How a repository is found and opened (issues 13 and 14): reader-safe
// extensions, GIT_DIR and GIT_WORK_TREE. Repositories are built at test
// time with git.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// keyRepo is a repository (real git) whose one commit holds fakeKey in
// app.py.
func keyRepo(t *testing.T) string {
	t.Helper()
	isolateGitConfig(t)
	notInCI(t)
	os.Unsetenv("GIT_DIR") // (git refuses an empty one; notInCI restores it)
	os.Unsetenv("GIT_WORK_TREE")
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"app.py": leakLine})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "leak")
	return dir
}

// TestWorktreeConfigExtension: git sparse-checkout init sets
// extensions.worktreeConfig (repository format 1); go-git refuses it
// ("core.repositoryformatversion does not support extension:
// worktreeconfig"), but it changes nothing a reader sees: the repository
// opens and its history is scanned, in check, history and staged.
func TestWorktreeConfigExtension(t *testing.T) {
	dir := keyRepo(t)
	gitRun(t, dir, "sparse-checkout", "init")
	if v := gitRun(t, dir, "config", "extensions.worktreeConfig"); v != "true" {
		t.Fatalf("extensions.worktreeConfig = %q", v)
	}
	for _, args := range [][]string{{"history", dir}, {"check", dir}} {
		code, out, errs := runCLI(t, append(args, "--format", "json")...)
		if code != exitFindings || strings.Contains(out+errs, "extension") {
			t.Errorf("%s: exit %d, stderr %q", args[0], code, errs)
		}
		if rep := histReport(t, out); rep.Summary.Commits != 1 {
			t.Errorf("%s: %d commits scanned", args[0], rep.Summary.Commits)
		}
	}
	if code, _, errs := runCLI(t, "staged", dir); code != exitOK {
		t.Errorf("staged: exit %d %q", code, errs)
	}
}

// TestGitDirAndWorkTreeHonoured: with the git directory elsewhere
// (GIT_DIR) and GIT_WORK_TREE naming the scanned directory, as git sees
// it: the history is the one GIT_DIR holds. Without the variables the
// same directory is plain files; with GIT_DIR naming no repository the
// scan is an error, as it is for git.
func TestGitDirAndWorkTreeHonoured(t *testing.T) {
	dir := keyRepo(t)
	store := filepath.Join(t.TempDir(), "store.git")
	if err := os.Rename(filepath.Join(dir, ".git"), store); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "history", dir); code != exitError || !strings.Contains(errs, "not in a git repository") {
		t.Errorf("without GIT_DIR: exit %d %q", code, errs)
	}
	t.Setenv("GIT_DIR", store)
	t.Setenv("GIT_WORK_TREE", dir)
	for _, args := range [][]string{{"history", dir}, {"check", dir}, {"history", filepath.Join(dir)}} {
		code, out, errs := runCLI(t, append(args, "--format", "json")...)
		rep := histReport(t, out)
		if code != exitFindings || rep.Summary.Commits != 1 {
			t.Errorf("%v: exit %d, %d commits, stderr %q", args, code, rep.Summary.Commits, errs)
		}
	}
	// The bare git directory itself, named as the path.
	if code, _, errs := runCLI(t, "history", store); code != exitFindings {
		t.Errorf("history GIT_DIR: exit %d %q", code, errs)
	}
	// GIT_DIR relative to the current directory, the work tree the current
	// directory (GIT_WORK_TREE unset), as in a hook.
	t.Setenv("GIT_WORK_TREE", "")
	t.Chdir(dir)
	rel, err := filepath.Rel(dir, store)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_DIR", rel)
	if code, _, errs := runCLI(t, "history", "."); code != exitFindings {
		t.Errorf("relative GIT_DIR, work tree the current directory: exit %d %q", code, errs)
	}
	t.Setenv("GIT_DIR", filepath.Join(t.TempDir(), "none"))
	if code, _, errs := runCLI(t, "history", "."); code != exitError || !strings.Contains(errs, "GIT_DIR") {
		t.Errorf("GIT_DIR naming no repository: exit %d %q", code, errs)
	}
}
