package worktree_test

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// unchangedRepo commits a.txt and b.txt, sets every file's mtime an hour
// back and lets git record that in its index (written now).
func unchangedRepo(t *testing.T) string {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q")
	write(t, dir, "a.txt", "alpha\n")
	write(t, dir, "b.txt", "bravo\n")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "one")
	past := time.Now().Add(-time.Hour)
	for _, f := range []string{"a.txt", "b.txt"} {
		if err := os.Chtimes(filepath.Join(dir, f), past, past); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "update-index", "-q", "--refresh")
	return dir
}

func unchanged(t *testing.T, dir string) (map[string]string, string) {
	t.Helper()
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	blobs, why := tree.Unchanged()
	out := map[string]string{}
	for i, h := range blobs {
		if h != nil {
			out[tree.Files[i].Path] = hex.EncodeToString(h[:])
		}
	}
	return out, why
}

// A file whose stat data equal its index entry's holds the entry's blob;
// any change of stat data, a racily clean entry, or a configured
// conversion proves nothing.
func TestUnchanged(t *testing.T) {
	dir := unchangedRepo(t)
	got, why := unchanged(t, dir)
	if why != "" || len(got) != 2 || got["a.txt"] != gitIn(t, dir, "rev-parse", ":a.txt") {
		t.Fatalf("unchanged: %v (%s), want a.txt and b.txt with their blobs", got, why)
	}

	// Touched (same content): the stat data differ.
	now := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), now, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := unchanged(t, dir); len(got) != 1 || got["b.txt"] == "" {
		t.Errorf("after a touch: %v, want b.txt only", got)
	}

	// Racily clean: the index written in the second b.txt was modified.
	st, err := os.Stat(filepath.Join(dir, "b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, ".git", "index")
	if err := os.Chtimes(idx, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, _ := unchanged(t, dir); len(got) != 0 {
		t.Errorf("racily clean: %v proven, want none", got)
	}
	if err := os.Chtimes(idx, time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}

	// Assume-unchanged: git does not look at the file, so neither do we.
	gitIn(t, dir, "update-index", "--assume-unchanged", "b.txt")
	if got, _ := unchanged(t, dir); len(got) != 0 {
		t.Errorf("assume-unchanged: %v proven, want none", got)
	}
	gitIn(t, dir, "update-index", "--no-assume-unchanged", "b.txt")

	// Conversions: an attribute or a setting that makes checkout write
	// other bytes than the blob's proves nothing anywhere.
	for _, c := range []struct{ file, content, want string }{
		{".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n", "filter=lfs"},
		{".gitattributes", "[attr]mine ident\n*.c mine\n", "ident"},
		{"sub/.gitattributes", "* eol=crlf\n", "eol=crlf"},
		{".git/info/attributes", "*.txt working-tree-encoding=UTF-16\n", "working-tree-encoding"},
		{".git/config", "[core]\n\tautocrlf = true\n", "autocrlf"},
		{".git/config", "[include]\n\tpath = other\n", "includes"},
	} {
		p := filepath.Join(dir, filepath.FromSlash(c.file))
		old, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		write(t, dir, c.file, string(old)+c.content)
		got, why := unchanged(t, dir)
		if len(got) != 0 || !strings.Contains(why, c.want) {
			t.Errorf("%s %q: %v proven (%q), want none because of %s", c.file, c.content, got, why, c.want)
		}
		if old == nil {
			os.Remove(p)
		} else {
			write(t, dir, c.file, string(old))
		}
	}
	// text=auto eol=lf (tldr's) converts nothing on checkout.
	write(t, dir, ".gitattributes", "* text=auto eol=lf\n")
	if got, why := unchanged(t, dir); len(got) != 1 || why != "" {
		t.Errorf("text=auto eol=lf: %v (%q), want b.txt", got, why)
	}
}
