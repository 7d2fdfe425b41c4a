package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// notInCI clears the variables that make aaiguard a CI gate, for tests
// of the behaviour outside CI (the test suite itself may run in CI).
func notInCI(t *testing.T) {
	t.Helper()
	for _, v := range []string{"CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TF_BUILD", "GIT_DIR", "GIT_WORK_TREE"} {
		t.Setenv(v, "")
	}
}

func shallowRepo(t *testing.T) string {
	t.Helper()
	dir := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	c := histCommit(t, dir, map[string]string{"b.txt": "b\n"}, "b")
	if err := os.WriteFile(filepath.Join(dir, ".git", "shallow"), []byte(c.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCIFailsClosedOnShallowClones: in CI (CI=true, as actions/checkout's
// default depth of 1 leaves it) a shallow clone is an error with the
// one-line fix, for check, the default command and history;
// --allow-shallow makes it a note again. Outside CI it is a note.
func TestCIFailsClosedOnShallowClones(t *testing.T) {
	notInCI(t)
	dir := shallowRepo(t)
	for _, args := range [][]string{{"check", dir}, {dir}, {"history", dir}} {
		t.Setenv("CI", "true")
		code, _, errs := runCLI(t, args...)
		if code != exitError || !strings.Contains(errs, "fetch-depth: 0") || !strings.Contains(errs, "--allow-shallow") {
			t.Errorf("%v in CI: exit %d %q", args, code, errs)
		}
		code, out, errs := runCLI(t, append(args, "--allow-shallow", "--format", "json")...)
		if code != exitOK || !strings.Contains(out, "the clone is shallow") {
			t.Errorf("%v --allow-shallow: exit %d\n%s", args, code, errs)
		}
		t.Setenv("CI", "")
		t.Setenv("GITHUB_ACTIONS", "true")
		if code, _, _ := runCLI(t, args...); code != exitError {
			t.Errorf("%v with GITHUB_ACTIONS: exit %d", args, code)
		}
		t.Setenv("GITHUB_ACTIONS", "")
		if code, _, errs := runCLI(t, args...); code != exitOK {
			t.Errorf("%v outside CI: exit %d %q", args, code, errs)
		}
	}
	if code, _, errs := runCLI(t, "check", dir, "--allow-shallow", "--fail-on-shallow"); code != exitError || !strings.Contains(errs, "cannot be combined") {
		t.Errorf("both flags: exit %d %q", code, errs)
	}
	// baseline writes what is there: an incomplete history is its note.
	t.Setenv("CI", "true")
	if code, _, errs := runCLI(t, "baseline", dir); code != exitOK {
		t.Errorf("baseline in CI: exit %d %q", code, errs)
	}
}

// TestCIFailsClosedOnGitDir: GIT_DIR pointing at a repository the scanned
// path does not lead to leaves its history unread: an error in CI, a note
// naming the variable outside.
func TestCIFailsClosedOnGitDir(t *testing.T) {
	notInCI(t)
	repo := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	plain := t.TempDir()
	writeFiles(t, plain, map[string]string{"app.py": "x = 1\n"})
	t.Setenv("GIT_DIR", filepath.Join(repo, ".git"))
	code, rep, _ := checkReport(t, "check", plain)
	if code != exitOK || !hasNote(rep, "although GIT_DIR is set") {
		t.Errorf("outside CI: exit %d %q", code, rep.Summary.Notes)
	}
	t.Setenv("CI", "true")
	code, out, errs := runCLI(t, "check", plain)
	if code != exitError || !strings.Contains(out+errs, "GIT_DIR is set") {
		t.Errorf("in CI: exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "check", plain, "--allow-shallow"); code != exitOK {
		t.Errorf("in CI with --allow-shallow: exit %d %q", code, errs)
	}
}
