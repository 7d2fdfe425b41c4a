package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOwnDescriptor(t *testing.T) {
	for p, want := range map[string]bool{"/dev/stdout": true, "/dev/stderr": true, "/dev/fd/3": true, "/proc/self/fd/12": true,
		"/dev/fd/x": false, "/dev/fd/": false, "/dev/sda": false, "dev/stdout": false} {
		if OwnDescriptor(p) != want {
			t.Errorf("OwnDescriptor(%q) = %v", p, !want)
		}
	}
}

// TestLinkedParent is the directory check alone: only links inside the
// untrusted roots count; a link outside them (macOS's /tmp) is followed.
func TestLinkedParent(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(base, "repo")
	real := filepath.Join(base, "real")
	os.MkdirAll(filepath.Join(repo, "sub"), 0o755)
	os.MkdirAll(real, 0o755)
	os.Symlink(real, filepath.Join(repo, "sub", "out"))
	os.Symlink(repo, filepath.Join(base, "alias"))
	for _, c := range []struct {
		path string
		want string
	}{
		{filepath.Join(repo, "sub", "out", "r.json"), filepath.Join(repo, "sub", "out")},
		{filepath.Join(repo, "sub", "r.json"), ""},
		{filepath.Join(base, "alias", "sub", "r.json"), ""},
		{filepath.Join(base, "alias", "sub", "out", "r.json"), filepath.Join(repo, "sub", "out")},
		{filepath.Join(real, "r.json"), ""},
		{filepath.Join(base, "missing", "r.json"), ""},
	} {
		got, _ := LinkedParent(c.path, []string{repo})
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.path, got, c.want)
		}
	}
}

// TestWriteRefusesLinks: a link as the path, or a directory link inside
// an untrusted root, is refused with the flag's name and nothing is
// written; with FollowLinks the link's target is written; a new regular
// file is created whole.
func TestWriteRefusesLinks(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	os.MkdirAll(repo, 0o755)
	os.MkdirAll(outside, 0o755)
	victim := filepath.Join(outside, "victim")
	os.WriteFile(victim, []byte("keep\n"), 0o644)
	os.Symlink(victim, filepath.Join(repo, "r.sarif"))
	os.Symlink(outside, filepath.Join(repo, "reports"))
	for _, p := range []string{filepath.Join(repo, "r.sarif"), filepath.Join(repo, "reports", "r.json")} {
		tg := Target{Path: p, Untrusted: []string{repo}}
		if err := tg.Check(); err == nil || !strings.Contains(err.Error(), "--output-follow-symlinks") {
			t.Errorf("Check(%s): %v", p, err)
		}
		if err := tg.Write([]byte("report")); err == nil {
			t.Errorf("Write(%s) wrote through a link", p)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep\n" {
		t.Errorf("victim changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(outside, "r.json")); err == nil {
		t.Error("a report was created through the directory link")
	}
	if err := (Target{Path: filepath.Join(repo, "r.sarif"), Untrusted: []string{repo}, FollowLinks: true}).Write([]byte("mine")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "mine" {
		t.Errorf("FollowLinks: victim %q", b)
	}
	fresh := filepath.Join(repo, "new.json")
	if err := (Target{Path: fresh, Untrusted: []string{repo}}).Write([]byte("{}")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(fresh); string(b) != "{}" {
		t.Errorf("new file %q", b)
	}
}
