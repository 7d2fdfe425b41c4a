package staged_test

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/staged"
)

// Fake keys (random, never issued).
const (
	key1 = "5d0e9c8b7a6f5e4d3c2b1a0f9e8d7c6b"
	key2 = "c4b3a29180f7e6d5c4b3a29180f7e6d6"
)

func keyLine(k string) string { return "ASSEMBLYAI_API_KEY = \"" + k + "\"\n" }

type repo struct {
	t   *testing.T
	dir string
	g   *git.Repository
	wt  *git.Worktree
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	dir := t.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := g.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &repo{t: t, dir: dir, g: g, wt: wt}
}

func (r *repo) write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *repo) add(paths ...string) {
	r.t.Helper()
	for _, p := range paths {
		if _, err := r.wt.Add(p); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r *repo) commit(msg string) plumbing.Hash {
	r.t.Helper()
	sig := &object.Signature{Name: "Dev", Email: "dev@example.com", When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func scan(t *testing.T, dir, prefix string) *staged.Result {
	t.Helper()
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	hr, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer hr.Close()
	res, err := staged.Scan(hr, detect.New(cfg), staged.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("error: %v", e)
	}
	return res
}

func found(res *staged.Result) []string {
	var out []string
	for _, f := range res.Findings {
		what := f.Rule // findings without a secret (a staged env file)
		if s := f.Secret.Reveal(); s != "" {
			what = s[:4]
		}
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, what, f.Source))
	}
	return out
}

func expect(t *testing.T, res *staged.Result, want ...string) {
	t.Helper()
	if got := found(res); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}

func TestStagedVersusUnstaged(t *testing.T) {
	r := newRepo(t)
	r.write("app/config.py", "import os\n")
	r.write("README.md", "hi\n")
	r.add("app/config.py", "README.md")
	r.commit("init")
	expect(t, scan(t, r.dir, ""))

	// Changed in the work tree only: not staged, not scanned.
	r.write("app/config.py", "import os\n"+keyLine(key1))
	expect(t, scan(t, r.dir, ""))

	// Staged: found, at the staged line.
	r.add("app/config.py")
	expect(t, scan(t, r.dir, ""), "app/config.py:2 5d0e staged")

	// The work tree moves the key down without staging: the line reported
	// is still the staged one.
	r.write("app/config.py", "import os\n\n\n\n"+keyLine(key1))
	expect(t, scan(t, r.dir, ""), "app/config.py:2 5d0e staged")

	// Committed: nothing staged any more.
	r.commit("key")
	res := scan(t, r.dir, "")
	expect(t, res)
	if res.Files != 0 {
		t.Errorf("scanned %d files with nothing staged", res.Files)
	}
}

func TestStagedWithoutHead(t *testing.T) {
	r := newRepo(t)
	r.write("k.env", keyLine(key1))
	r.write("sub/ok.txt", "fine\n")
	r.add("k.env", "sub/ok.txt")
	res := scan(t, r.dir, "")
	expect(t, res, "k.env:1 5d0e staged")
	if !res.NoHead || res.Files != 2 {
		t.Errorf("no head %v files %d", res.NoHead, res.Files)
	}
}

func TestStagedDetachedHead(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "a\n")
	r.add("a.txt")
	c := r.commit("init")
	if err := r.g.Storer.SetReference(plumbing.NewHashReference(plumbing.HEAD, c)); err != nil {
		t.Fatal(err)
	}
	r.write("b.env", keyLine(key2))
	r.add("b.env")
	expect(t, scan(t, r.dir, ""), "b.env:1 c4b3 staged")
}

func TestStagedPrefix(t *testing.T) {
	r := newRepo(t)
	r.write("svc/a.env", keyLine(key1))
	r.write("other/b.env", keyLine(key2))
	r.add("svc/a.env", "other/b.env")
	expect(t, scan(t, r.dir, "svc"), "a.env:1 5d0e staged")
}

// During a merge the index holds the merged result (stage 0) and, for
// conflicts, the three versions (stages 1-3). What the merge brings in is
// staged and scanned; conflicted paths are noted.
func TestStagedDuringMerge(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "a\n")
	r.write("c.txt", "base\n")
	r.add("a.txt", "c.txt")
	head := r.commit("init")
	idx, err := r.g.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	blob := func(s string) plumbing.Hash {
		o := r.g.Storer.NewEncodedObject()
		o.SetType(plumbing.BlobObject)
		w, _ := o.Writer()
		w.Write([]byte(s))
		w.Close()
		h, err := r.g.Storer.SetEncodedObject(o)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	// Merged from the other branch: a new file with a key.
	idx.Entries = append(idx.Entries, &index.Entry{Name: "merged.env", Hash: blob(keyLine(key1)), Mode: filemode.Regular})
	// c.txt conflicts: stages 1, 2, 3 instead of 0.
	var kept []*index.Entry
	for _, e := range idx.Entries {
		if e.Name != "c.txt" {
			kept = append(kept, e)
		}
	}
	for st, content := range map[index.Stage]string{index.AncestorMode: "base\n", index.OurMode: "ours\n", index.TheirMode: keyLine(key2)} {
		kept = append(kept, &index.Entry{Name: "c.txt", Hash: blob(content), Mode: filemode.Regular, Stage: st})
	}
	idx.Entries = kept
	if err := r.g.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, ".git", "MERGE_HEAD"), []byte(head.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := scan(t, r.dir, "")
	expect(t, res, "merged.env:1 5d0e staged")
	if res.Unmerged != 1 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "conflicts") {
		t.Errorf("unmerged %d notes %q", res.Unmerged, res.Notes)
	}
}

// With a cache tree (git writes one on commit and keeps the directories
// that git add did not touch valid), directories equal to HEAD are skipped
// without reading HEAD's trees below them.
func TestStagedUsesCacheTree(t *testing.T) {
	r := newRepo(t)
	for i := 0; i < 20; i++ {
		r.write(fmt.Sprintf("a/%d/f.txt", i), "x\n")
		r.add(fmt.Sprintf("a/%d/f.txt", i))
	}
	r.write("b/g.txt", "y\n")
	r.add("b/g.txt")
	c := r.commit("init")
	co, err := r.g.CommitObject(c)
	if err != nil {
		t.Fatal(err)
	}
	root, err := co.Tree()
	if err != nil {
		t.Fatal(err)
	}
	treeOf := func(p string) plumbing.Hash {
		if p == "" {
			return root.Hash
		}
		e, err := root.FindEntry(p)
		if err != nil {
			t.Fatal(err)
		}
		return e.Hash
	}
	r.write("b/g.txt", "y\n"+keyLine(key1))
	r.add("b/g.txt")
	idx, err := r.g.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	// As git leaves it after `git add b/g.txt`: root and b invalid, a
	// valid. go-git does not write the extension, so the test appends it
	// to the index file as git would.
	_ = idx
	entries := []index.TreeEntry{{Path: "", Entries: -1, Trees: 2}, {Path: "a", Entries: 20, Trees: 0, Hash: treeOf("a")}, {Path: "b", Entries: -1, Trees: 0}}
	writeCacheTree(t, filepath.Join(r.dir, ".git", "index"), entries)
	res := scan(t, r.dir, "")
	expect(t, res, "b/g.txt:2 5d0e staged")
	if res.TreesRead > 2 {
		t.Errorf("read %d HEAD trees; want the root and b only", res.TreesRead)
	}
	// Without the cache tree (go-git writes none) every directory's HEAD
	// tree is read.
	if err := r.g.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	res = scan(t, r.dir, "")
	expect(t, res, "b/g.txt:2 5d0e staged")
	if res.TreesRead < 22 {
		t.Errorf("read %d HEAD trees without a cache tree", res.TreesRead)
	}
}

func TestStagedBadInput(t *testing.T) {
	cfg, _ := rules.Default()
	b := t.TempDir()
	if _, err := git.PlainInit(b, true); err != nil {
		t.Fatal(err)
	}
	hr, err := gitrepo.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	defer hr.Close()
	if _, err := staged.Scan(hr, detect.New(cfg), staged.Options{}); err != staged.ErrBare {
		t.Errorf("bare: %v", err)
	}
	// A staged blob that is missing from the object database.
	r := newRepo(t)
	r.write("k.env", keyLine(key1))
	r.add("k.env")
	idx, _ := r.g.Storer.Index()
	h := idx.Entries[0].Hash.String()
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	hr2, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer hr2.Close()
	res, err := staged.Scan(hr2, detect.New(cfg), staged.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "k.env") || !strings.Contains(res.Errors[0].Error(), h) {
		t.Errorf("missing staged blob: %v", res.Errors)
	}
}

// writeCacheTree adds a TREE extension (git's cache tree) to an index file
// and rewrites its checksum.
func writeCacheTree(t *testing.T, path string, entries []index.TreeEntry) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body := b[:len(b)-20]
	var ext []byte
	for _, e := range entries {
		ext = append(ext, e.Path...)
		ext = append(ext, 0)
		ext = append(ext, fmt.Sprintf("%d %d\n", e.Entries, e.Trees)...)
		if e.Entries >= 0 {
			ext = append(ext, e.Hash[:]...)
		}
	}
	out := append([]byte{}, body...)
	out = append(out, "TREE"...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(ext)))
	out = append(out, ext...)
	sum := sha1.Sum(out)
	out = append(out, sum[:]...)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// git commit -a runs the hook with a temporary index in GIT_INDEX_FILE:
// that index is the one scanned.
func TestStagedHonoursGitIndexFile(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "a\n")
	r.add("a.txt")
	r.commit("init")
	r.write("a.txt", "a\n"+keyLine(key1))
	r.add("a.txt")
	idx, err := r.g.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "index.lock")
	f, err := os.Create(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if err := index.NewEncoder(f).Encode(idx); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// The repository's own index goes back to the committed state.
	r.write("a.txt", "a\n")
	r.add("a.txt")
	expect(t, scan(t, r.dir, ""))
	t.Setenv("GIT_INDEX_FILE", tmp)
	expect(t, scan(t, r.dir, ""), "a.txt:2 5d0e staged")
}

// Visit is told of each staged file that differs from HEAD, first without
// content, then with the content as staged when it was read; what it
// returns is reported with the file's findings. Files only in the work
// tree, unchanged staged files and binaries (content) are not visited.
func TestStagedVisit(t *testing.T) {
	r := newRepo(t)
	r.write("README.md", "hi\n")
	r.write("svc/old.txt", "old\n")
	r.add("README.md", "svc/old.txt")
	r.commit("init")
	r.write("svc/old.txt", "changed\n")
	r.write("svc/new.txt", "new\n")
	r.write("svc/bin.dat", "a\x00b")
	r.write("svc/unstaged.txt", "x\n")
	r.add("svc/old.txt", "svc/new.txt", "svc/bin.dat")
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	hr, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer hr.Close()
	var calls []string
	res, err := staged.Scan(hr, detect.New(cfg), staged.Options{Prefix: "svc", Visit: func(f staged.File, content []byte) []finding.Finding {
		calls = append(calls, fmt.Sprintf("%s head=%v %q", f.Path, f.InHead, content))
		if content != nil && f.Path == "new.txt" {
			return []finding.Finding{{Rule: "visited", File: f.Path}}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`bin.dat head=false ""`, `new.txt head=false ""`, `new.txt head=false "new\n"`, `old.txt head=true ""`, `old.txt head=true "changed\n"`}
	if strings.Join(calls, "|") != strings.Join(want, "|") {
		t.Errorf("visits\n got %q\nwant %q", calls, want)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "visited" {
		t.Errorf("findings %+v", res.Findings)
	}
}
