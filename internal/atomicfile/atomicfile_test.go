package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
)

func TestWriteReplacesWholeAndKeepsOpenReaders(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := atomicfile.Write(p, []byte("new content"), atomicfile.PermOr(p, 0o644)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new content" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", st.Mode().Perm())
	}
	old := make([]byte, 3)
	if n, _ := held.Read(old); string(old[:n]) != "old" {
		t.Errorf("a reader of the old file saw %q", old[:n])
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
}

func TestWriteErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := atomicfile.Write(filepath.Join(dir, "missing-dir", "f"), []byte("x"), 0o644); err == nil {
		t.Fatal("no error for a missing directory")
	}
	// Renaming onto a directory fails after the temporary file was written.
	target := filepath.Join(dir, "d")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(target, []byte("x"), 0o644); err == nil {
		t.Fatal("replaced a non-empty directory")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary file left after a failed rename: %v", ents)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("target", link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink("new", dangling); err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(target)
	for in, want := range map[string]string{link: real, dangling: filepath.Join(dir, "new"), target: target, filepath.Join(dir, "none"): filepath.Join(dir, "none")} {
		if got := atomicfile.Resolve(in); got != want {
			t.Errorf("Resolve(%s) = %s, want %s", in, got, want)
		}
	}
	if atomicfile.PermOr(filepath.Join(dir, "none"), 0o640) != 0o640 {
		t.Error("PermOr default")
	}
}
