package gitrepo_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

func repoWithCommit(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wt, _ := r.Worktree()
	if _, err := wt.Add("a.txt"); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "a", Email: "a@example.com", When: time.Unix(1700000000, 0)}
	if _, err := wt.Commit("a", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func appendConfig(t *testing.T, dir, text string) {
	t.Helper()
	p := filepath.Join(dir, ".git", "config")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(b, text...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A partial clone (what git clone --filter writes) opens; go-git alone
// refuses it.
func TestOpenPartialClone(t *testing.T) {
	for _, version := range []string{"0", "1"} {
		dir := repoWithCommit(t)
		appendConfig(t, dir, "[core]\n\trepositoryformatversion = "+version+"\n[remote \"origin\"]\n\turl = https://example.com/r.git\n\tpromisor = true\n[extensions]\n\tpartialClone = origin\n")
		if _, err := git.PlainOpen(dir); err == nil {
			t.Fatalf("v%s: go-git opened a partial clone; the workaround may no longer be needed", version)
		}
		r, err := gitrepo.Open(filepath.Join(dir, "sub-does-not-matter", ".."))
		if err != nil {
			t.Fatalf("v%s: %v", version, err)
		}
		if _, err := r.Head(); err != nil {
			t.Errorf("v%s: HEAD: %v", version, err)
		}
		wt, err := r.Worktree()
		if err != nil || wt.Filesystem.Root() != dir {
			t.Errorf("v%s: work tree %v", version, err)
		}
		if _, err := r.Storer.Index(); err != nil {
			t.Errorf("v%s: index: %v", version, err)
		}
	}
}

// An extension that changes how objects are read is still refused.
func TestOpenRefusesOtherExtensions(t *testing.T) {
	dir := repoWithCommit(t)
	appendConfig(t, dir, "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialClone = origin\n\trefStorage = reftable\n")
	_, err := gitrepo.Open(dir)
	if err == nil || !errors.Is(err, git.ErrUnknownExtension) || !strings.Contains(err.Error(), "refstorage") {
		t.Errorf("err %v", err)
	}
}

func TestOpenNotARepository(t *testing.T) {
	if _, err := gitrepo.Open(t.TempDir()); !errors.Is(err, git.ErrRepositoryNotExists) {
		t.Errorf("err %v", err)
	}
}
