package gitrepo_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
	if _, err := gitrepo.Open(t.TempDir()); !errors.Is(err, gitrepo.ErrNotRepository) {
		t.Errorf("err %v", err)
	}
}

func gitCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// The facts each source needs, for a work tree, a linked work tree and a
// bare repository: one type answers them.
func TestOpenFacts(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := repoWithCommit(t)
	dir, _ = filepath.EvalSymlinks(dir)
	wt := filepath.Join(t.TempDir(), "wt")
	gitCmd(t, dir, "worktree", "add", "-q", wt)
	bare := filepath.Join(t.TempDir(), "bare.git")
	gitCmd(t, dir, "clone", "-q", "--bare", dir, bare)
	for _, c := range []struct {
		name, open, gitDir, common, workTree string
	}{
		{"work tree", filepath.Join(dir), filepath.Join(dir, ".git"), filepath.Join(dir, ".git"), dir},
		{"linked work tree", wt, filepath.Join(dir, ".git", "worktrees", "wt"), filepath.Join(dir, ".git"), wt},
		{"bare", bare, bare, bare, ""},
		{"inside a bare repository", filepath.Join(bare, "refs"), bare, bare, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := gitrepo.Open(c.open)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.GitDir != c.gitDir || r.CommonDir != c.common || r.WorkTree != c.workTree || r.Bare != (c.workTree == "") {
				t.Errorf("git dir %s, common %s, work tree %q, bare %v", r.GitDir, r.CommonDir, r.WorkTree, r.Bare)
			}
			refs, err := r.Refs()
			if err != nil || len(refs) == 0 {
				t.Fatalf("refs %v, %v", refs, err)
			}
			h, err := r.Resolve("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			db, err := r.Objects()
			if err != nil || !db.Has(h) {
				t.Errorf("objects: %v; has HEAD %v", err, err == nil && db.Has(h))
			}
		})
	}
}

// Control files are read as untrusted: a HEAD or packed-refs that is a
// FIFO or a link to /dev/zero is an error naming it (no hang); a .git that
// is neither a directory nor a regular file is passed over, as git does.
func TestOpenHostileControlFiles(t *testing.T) {
	for _, c := range []struct{ file, kind string }{
		{"HEAD", "fifo"}, {"HEAD", "zero"}, {"packed-refs", "fifo"}, {"config", "zero"}, {"commondir", "fifo"},
	} {
		t.Run(c.file+"/"+c.kind, func(t *testing.T) {
			dir := repoWithCommit(t)
			p := filepath.Join(dir, ".git", c.file)
			os.Remove(p)
			if c.kind == "fifo" {
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skip(err)
				}
			} else if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				r, err := gitrepo.Open(dir)
				if err == nil {
					_, err = r.Refs()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.file) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("err %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Open hangs")
			}
		})
	}
	for _, kind := range []string{"fifo", "zero"} {
		dir := t.TempDir()
		p := filepath.Join(dir, ".git")
		if kind == "fifo" {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
		} else if err := os.Symlink("/dev/zero", p); err != nil {
			t.Fatal(err)
		}
		if _, err := gitrepo.Open(dir); !errors.Is(err, gitrepo.ErrNotRepository) {
			t.Errorf(".git %s: %v", kind, err)
		}
	}
}
