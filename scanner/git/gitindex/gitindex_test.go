package gitindex_test

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/aaiguard/aaiguard/scanner/git/gitindex"
)

// gitRepo makes a repository with git itself, with files in nested
// directories, one commit, then runs extra commands (staging, index
// versions, intent-to-add).
func gitRepo(t *testing.T, extra ...[]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	for _, f := range []string{"a.txt", "dir/b.txt", "dir/sub/c.txt", "dir/sub/a-much-longer-name-to-exercise-padding.md", "z/é.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("add", ".")
	run("commit", "-q", "-m", "one")
	for _, args := range extra {
		run(args...)
	}
	return dir
}

func readIndex(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every index version parses to what go-git's decoder reads from the same
// file, cache tree included.
func TestParseMatchesGoGit(t *testing.T) {
	for name, extra := range map[string][][]string{
		"v2":               nil,
		"v3 intent-to-add": {{"update-index", "--index-version", "3"}},
		"v4":               {{"update-index", "--index-version", "4"}},
		"v2 changed dir":   {{"rm", "-q", "--cached", "dir/b.txt"}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := gitRepo(t, extra...)
			if strings.Contains(name, "intent") {
				// git add -N writes an extended-flags entry (version 3).
				if err := os.WriteFile(filepath.Join(dir, "dir", "later.txt"), []byte("x\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("git", "add", "-N", "dir/later.txt")
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%v %s", err, out)
				}
			}
			data := readIndex(t, dir)
			got, err := gitindex.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			want := &index.Index{}
			if err := index.NewDecoder(bytes.NewReader(data)).Decode(want); err != nil {
				t.Fatal(err)
			}
			if got.Version != int(want.Version) || len(got.Entries) != len(want.Entries) {
				t.Fatalf("version %d/%d, %d/%d entries", got.Version, want.Version, len(got.Entries), len(want.Entries))
			}
			ita := 0
			for i, e := range want.Entries {
				g := got.Entries[i]
				if g.Name != e.Name || g.Mode != uint32(e.Mode) || g.Hash != gitindex.Hash(e.Hash) || g.Stage != int(e.Stage) || g.IntentToAdd != e.IntentToAdd || g.SkipWorktree != e.SkipWorktree {
					t.Errorf("entry %d: got %+v, want %s %o %s stage %d ita %v", i, g, e.Name, e.Mode, e.Hash, e.Stage, e.IntentToAdd)
				}
				// The stat data, as go-git decodes it.
				st := g.Stat
				secs := func(t time.Time) uint32 {
					if t.IsZero() {
						return 0 // go-git's reading of 0
					}
					return uint32(t.Unix())
				}
				if st.MtimeSec != secs(e.ModifiedAt) || st.MtimeNsec != uint32(e.ModifiedAt.Nanosecond()) ||
					st.CtimeSec != secs(e.CreatedAt) || st.CtimeNsec != uint32(e.CreatedAt.Nanosecond()) ||
					st.Dev != e.Dev || st.Ino != e.Inode || st.UID != e.UID || st.GID != e.GID || st.Size != e.Size || st.Mode != uint32(e.Mode) || g.AssumeValid {
					t.Errorf("entry %d (%s): stat %+v, go-git %v %v dev %d ino %d uid %d gid %d size %d", i, g.Name, st, e.ModifiedAt, e.CreatedAt, e.Dev, e.Inode, e.UID, e.GID, e.Size)
				}
				if e.Size == 0 && !strings.Contains(e.Name, "later") {
					t.Errorf("entry %d (%s): size 0", i, g.Name)
				}
				if g.IntentToAdd {
					ita++
				}
			}
			if strings.Contains(name, "intent") && ita == 0 {
				t.Error("no intent-to-add entry")
			}
			// The cache tree: exactly the directories left unchanged are
			// valid, each with HEAD's tree for it. (go-git's decoder stops
			// at the first invalidated directory, so git is the reference.)
			var wantValid []string
			switch name {
			case "v2", "v4":
				wantValid = []string{"", "dir", "dir/sub", "z"}
			default: // a change under dir invalidates dir and the root
				wantValid = []string{"dir/sub", "z"}
			}
			if len(got.Tree) != len(wantValid) {
				t.Errorf("cache tree has %d valid directories %v, want %q", len(got.Tree), got.Tree, wantValid)
			}
			for _, d := range wantValid {
				h, ok := got.Tree[d]
				cmd := exec.Command("git", "rev-parse", "HEAD:"+d)
				cmd.Dir = dir
				out, err := cmd.Output()
				if !ok || err != nil || strings.TrimSpace(string(out)) != fmt.Sprintf("%x", h) {
					t.Errorf("cache tree %q: %x (valid %v), HEAD has %s", d, h, ok, out)
				}
			}
		})
	}
}

// A damaged index is an error, never a partial list.
func TestParseRejectsDamage(t *testing.T) {
	good := readIndex(t, gitRepo(t))
	resum := func(b []byte) []byte {
		b = bytes.Clone(b[:len(b)-sha1.Size])
		s := sha1.Sum(b)
		return append(b, s[:]...)
	}
	flip := bytes.Clone(good)
	flip[len(flip)/2] ^= 1
	badVersion := bytes.Clone(good)
	badVersion[7] = 9
	manyEntries := bytes.Clone(good)
	manyEntries[8], manyEntries[9] = 0x7f, 0xff
	split := bytes.Clone(good[:len(good)-sha1.Size])
	split = append(split, []byte("link\x00\x00\x00\x14")...)
	split = append(split, make([]byte, 20)...)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"empty":     {nil, "truncated"},
		"truncated": {good[:len(good)-7], "checksum mismatch"},
		"bit flip":  {flip, "checksum mismatch"},
		"version":   {resum(badVersion), "version 9 is not supported"},
		"count":     {resum(manyEntries), "cannot fit"},
		"split":     {resum(append(split, make([]byte, sha1.Size)...)), `required extension "link"`},
		"not index": {resum(append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00"), make([]byte, sha1.Size)...)), "no DIRC signature"},
	} {
		if _, err := gitindex.Parse(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, body []byte) {
		// The fuzzer's input is the body; the checksum is made valid so
		// that the parser, not the checksum, is exercised.
		s := sha1.Sum(body)
		idx, err := gitindex.Parse(append(bytes.Clone(body), s[:]...))
		if err != nil {
			return
		}
		for _, e := range idx.Entries {
			if e.Stage < 0 || e.Stage > 3 {
				t.Fatalf("stage %d", e.Stage)
			}
		}
	})
}

// An index written with index.skipHash (git 2.40+, feature.manyFiles) ends
// in twenty zero bytes instead of its checksum: git reads it without
// verifying, and so do we; damage its structure shows is still an error.
func TestParseSkipHash(t *testing.T) {
	good := readIndex(t, gitRepo(t))
	want, err := gitindex.Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	zero := func(body []byte) []byte { return append(bytes.Clone(body), make([]byte, sha1.Size)...) }
	got, err := gitindex.Parse(zero(good[:len(good)-sha1.Size]))
	if err != nil {
		t.Fatalf("skipHash index: %v", err)
	}
	if fmt.Sprint(got.Entries) != fmt.Sprint(want.Entries) || fmt.Sprint(got.Tree) != fmt.Sprint(want.Tree) {
		t.Errorf("skipHash index parsed to\n%v\nwant\n%v", got, want)
	}
	if _, err := gitindex.Parse(zero(good[:len(good)-sha1.Size-9])); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated skipHash index: %v, want an error", err)
	}
}
