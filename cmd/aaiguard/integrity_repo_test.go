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

// TestUnreachableObjectKeys (issue 13): a key found only in an object no
// ref reaches is a finding, not a note: exit 1 under the normal gate, with
// the rule's severity and a message naming the blob and where it likely
// came from. A packed one came with the clone here (git clone of a local
// path copies every object, as a server's pack may hold a rewritten
// branch): the wording must not call it local or never pushed. A loose one
// was left by a local reset.
func TestUnreachableObjectKeys(t *testing.T) {
	origin := keyRepo(t)
	gitRun(t, origin, "rm", "-q", "app.py")
	writeFiles(t, origin, map[string]string{"README": "clean\n"})
	gitRun(t, origin, "add", "-A")
	gitRun(t, origin, "commit", "-q", "-m", "clean")
	// Rewrite the history: the key's commit is no longer reachable, but
	// stays in the pack.
	gitRun(t, origin, "repack", "-a", "-d", "-q")
	gitRun(t, origin, "checkout", "-q", "--orphan", "fresh")
	gitRun(t, origin, "commit", "-q", "-m", "fresh start")
	gitRun(t, origin, "branch", "-D", "master")
	clone := filepath.Join(t.TempDir(), "clone")
	gitRun(t, filepath.Dir(clone), "clone", "-q", origin, clone)
	if out := gitRun(t, clone, "log", "--all", "--format=%s"); out != "fresh start" {
		t.Fatalf("clone history: %q", out)
	}

	code, out, errs := runCLI(t, "history", clone, "--format", "json")
	rep := histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 1 {
		t.Fatalf("packed unreachable key: exit %d, findings %+v, stderr %q", code, rep.Findings, errs)
	}
	f := rep.Findings[0]
	if f.Severity == "" || !strings.Contains(f.Message, "no commit of any ref reaches") || !strings.Contains(f.Message, "clone") ||
		strings.Contains(f.Message+f.Remediation, "never pushed") || !strings.Contains(f.Remediation, "server") {
		t.Errorf("packed unreachable key: %+v", f)
	}
	for _, n := range rep.Summary.Notes {
		if strings.Contains(n, "local only") {
			t.Errorf("note: %s", n)
		}
	}

	// A second key, committed in the clone and reset away: loose.
	writeFiles(t, clone, map[string]string{"k.env": "ASSEMBLYAI_API_KEY=" + histKey + "\n"})
	gitRun(t, clone, "add", "-A")
	gitRun(t, clone, "commit", "-q", "-m", "oops")
	gitRun(t, clone, "reset", "-q", "--hard", "HEAD~1")
	code, out, errs = runCLI(t, "history", clone, "--format", "json")
	rep = histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 2 {
		t.Fatalf("loose unreachable key: exit %d, findings %+v, stderr %q", code, rep.Findings, errs)
	}
	loose := 0
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "loose object") && strings.Contains(f.Message, "reset") {
			loose++
		}
	}
	if loose != 1 {
		t.Errorf("loose unreachable key: %+v", rep.Findings)
	}
	// Text output names the blob; check's gate fails the same way.
	if code, out, _ := runCLI(t, "check", clone); code != exitFindings || !strings.Contains(out, "no commit of any ref reaches") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
}
