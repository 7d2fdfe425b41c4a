// Package gitfixture builds git repositories for tests at run time with
// go-git, so that no nested repository is ever committed: from a map of
// files, or from a sample project directory under testdata.
//
// Fixture directories cannot hold their dot files under their real names:
// a .gitignore inside testdata/ would change what this repository ignores,
// and a .env there would be ignored by it. A path element spelled
// "dot_NAME" is therefore copied as ".NAME" (dot_gitignore, dot_env.production,
// dot_github/workflows/ci.yml).
package gitfixture

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Isolate points HOME and XDG_CONFIG_HOME at an empty directory, so that the
// machine's global git excludes do not change what the test sees. The go
// command's caches stay where they were (they default to directories under
// HOME, and an empty build cache makes every Go load compile from scratch).
func Isolate(t testing.TB) {
	t.Helper()
	if os.Getenv("GOCACHE") == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			t.Setenv("GOCACHE", filepath.Join(dir, "go-build"))
		}
	}
	if os.Getenv("GOPATH") == "" {
		if home, err := os.UserHomeDir(); err == nil {
			t.Setenv("GOPATH", filepath.Join(home, "go"))
		}
	}
	if os.Getenv("GOENV") == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			t.Setenv("GOENV", filepath.Join(dir, "go", "env"))
		}
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
}

// Write writes files (slash paths relative to dir).
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for rel, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Repo initialises a repository in a new temporary directory, writes files
// and commits the ones named in track. With no track, nothing is committed.
func Repo(t testing.TB, files map[string]string, track ...string) string {
	t.Helper()
	Isolate(t)
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	Write(t, dir, files)
	commit(t, repo, track)
	return dir
}

// Project copies the sample project src into a new temporary directory
// (renaming dot_ elements), initialises a repository there and commits
// what `git add .` would: every file that is not ignored.
func Project(t testing.TB, src string) string {
	t.Helper()
	Isolate(t)
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		dst := filepath.Join(dir, undot(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	// go-git's own `git add --all`: it honours the project's .gitignore
	// files (the test helper does not borrow the product's listing).
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatalf("git add --all: %v", err)
	}
	commitStaged(t, repo)
	return dir
}

func undot(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		if rest, ok := strings.CutPrefix(p, "dot_"); ok {
			parts[i] = "." + rest
		}
	}
	return filepath.FromSlash(strings.Join(parts, "/"))
}

func commit(t testing.TB, repo *git.Repository, paths []string) {
	t.Helper()
	if len(paths) == 0 {
		return
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if _, err := wt.Add(p); err != nil {
			t.Fatalf("git add %s: %v", p, err)
		}
	}
	commitStaged(t, repo)
}

// commitStaged commits the index.
func commitStaged(t testing.TB, repo *git.Repository) {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Unix(1700000000, 0).UTC()}
	if _, err := wt.Commit("initial commit", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
}
