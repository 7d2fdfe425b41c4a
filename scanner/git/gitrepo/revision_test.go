package gitrepo_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// Ancestry operators resolve over the object database to what git
// rev-parse gives: first parents, nth parents, through annotated tags.
func TestResolveAncestry(t *testing.T) {
	dir := t.TempDir()
	gitCmd(t, dir, "init", "-q", "-b", "main")
	commit := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		gitCmd(t, dir, "add", name)
		gitCmd(t, dir, "commit", "-q", "-m", name)
	}
	commit("a")
	commit("b")
	gitCmd(t, dir, "checkout", "-q", "-b", "side")
	commit("s1")
	commit("s2")
	gitCmd(t, dir, "checkout", "-q", "main")
	commit("c")
	gitCmd(t, dir, "merge", "-q", "--no-ff", "-m", "merge", "side")
	gitCmd(t, dir, "tag", "-a", "-m", "v1", "v1", "main~1")
	gitCmd(t, dir, "gc", "-q") // packed, as the history pass reads it
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	for _, rev := range []string{"main~0", "main~1", "main~3", "main^", "main^1", "main^2", "main^^", "main^2~1", "main~1^0",
		"v1~1", "v1^0", "v1~0", "HEAD~2", "side~1", "refs/heads/main~2", "main~~"} {
		cmd := exec.Command("git", "rev-parse", "--verify", "-q", rev)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git rev-parse %s: %v", rev, err)
		}
		h, err := repo.Resolve(rev)
		if err != nil {
			t.Errorf("%s: %v", rev, err)
			continue
		}
		if want := strings.TrimSpace(string(out)); h.String() != want {
			t.Errorf("%s: %s, git rev-parse %s", rev, h, want)
		}
	}
	for _, rev := range []string{"main~9", "main^3", "nosuchref~1"} {
		if h, err := repo.Resolve(rev); err == nil {
			t.Errorf("%s resolved to %s", rev, h)
		}
	}
}
