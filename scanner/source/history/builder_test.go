package history_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// builder writes commits into a go-git repository directly as objects, so
// that tests control parents (merges), trees (conflict resolutions) and
// dates exactly. Each commit is given its whole file set.
type builder struct {
	t    testing.TB
	dir  string
	repo *git.Repository
	when time.Time
}

func newBuilder(t testing.TB, bare bool) *builder {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, bare)
	if err != nil {
		t.Fatal(err)
	}
	return &builder{t: t, dir: dir, repo: repo, when: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (b *builder) store(o interface {
	Encode(plumbing.EncodedObject) error
}) plumbing.Hash {
	b.t.Helper()
	obj := b.repo.Storer.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		b.t.Fatal(err)
	}
	h, err := b.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		b.t.Fatal(err)
	}
	return h
}

func (b *builder) blob(content string) plumbing.Hash {
	b.t.Helper()
	obj := b.repo.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := w.Write([]byte(content)); err != nil {
		b.t.Fatal(err)
	}
	w.Close()
	h, err := b.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		b.t.Fatal(err)
	}
	return h
}

// special file contents: a gitlink entry.
const gitlinkPrefix = "\x00gitlink:"

// tree builds the tree for files (slash paths).
func (b *builder) tree(files map[string]string) plumbing.Hash {
	b.t.Helper()
	type node struct {
		files map[string]string
		dirs  map[string]map[string]string
	}
	n := node{files: map[string]string{}, dirs: map[string]map[string]string{}}
	for p, c := range files {
		if d, rest, ok := strings.Cut(p, "/"); ok {
			if n.dirs[d] == nil {
				n.dirs[d] = map[string]string{}
			}
			n.dirs[d][rest] = c
		} else {
			n.files[p] = c
		}
	}
	var t object.Tree
	for name, c := range n.files {
		if h, ok := strings.CutPrefix(c, gitlinkPrefix); ok {
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Submodule, Hash: plumbing.NewHash(h)})
			continue
		}
		t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: b.blob(c)})
	}
	for name, sub := range n.dirs {
		t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: b.tree(sub)})
	}
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	slices.SortFunc(t.Entries, func(x, y object.TreeEntry) int { return strings.Compare(key(x), key(y)) })
	return b.store(&t)
}

// commit writes a commit with the given files and parents, one hour after
// the previous one.
func (b *builder) commit(msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	b.t.Helper()
	b.when = b.when.Add(time.Hour)
	return b.commitAt(b.when, msg, files, parents...)
}

func (b *builder) commitAt(when time.Time, msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	b.t.Helper()
	sig := object.Signature{Name: "Dev " + msg, Email: "dev@example.com", When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: b.tree(files), ParentHashes: parents}
	return b.store(c)
}

func (b *builder) ref(name string, h plumbing.Hash) {
	b.t.Helper()
	if err := b.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), h)); err != nil {
		b.t.Fatal(err)
	}
}

func (b *builder) deleteRef(name string) {
	b.t.Helper()
	if err := b.repo.Storer.RemoveReference(plumbing.ReferenceName(name)); err != nil {
		b.t.Fatal(err)
	}
}

// annotatedTag writes a tag object for target and a ref to it.
func (b *builder) annotatedTag(name string, target plumbing.Hash) {
	b.t.Helper()
	tag := &object.Tag{Name: name, Tagger: object.Signature{Name: "t", Email: "t@example.com", When: b.when},
		Message: "release", TargetType: plumbing.CommitObject, Target: target}
	b.ref("refs/tags/"+name, b.store(tag))
}

// repack packs every object (go-git's encoder, with deltas) and removes
// the loose copies.
func (b *builder) repack() {
	b.t.Helper()
	if err := b.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		b.t.Fatal(err)
	}
	// RepackObjects leaves loose objects; remove those now packed.
	objects := b.gitDir("objects")
	ents, _ := os.ReadDir(objects)
	for _, e := range ents {
		if len(e.Name()) == 2 {
			os.RemoveAll(filepath.Join(objects, e.Name()))
		}
	}
}

// packEverything packs every object, reachable or not (RepackObjects
// packs only what refs reach), and removes the loose ones.
func (b *builder) packEverything() {
	b.t.Helper()
	var hs []plumbing.Hash
	iter, err := b.repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := iter.ForEach(func(o plumbing.EncodedObject) error { hs = append(hs, o.Hash()); return nil }); err != nil {
		b.t.Fatal(err)
	}
	w, err := b.repo.Storer.(storer.PackfileWriter).PackfileWriter()
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := packfile.NewEncoder(w, b.repo.Storer, false).Encode(hs, 10); err != nil {
		b.t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.t.Fatal(err)
	}
	objects := b.gitDir("objects")
	ents, _ := os.ReadDir(objects)
	for _, e := range ents {
		if len(e.Name()) == 2 {
			os.RemoveAll(filepath.Join(objects, e.Name()))
		}
	}
}

// gitDir returns a path inside the git directory.
func (b *builder) gitDir(elem ...string) string {
	if _, err := os.Stat(filepath.Join(b.dir, ".git")); err == nil {
		return filepath.Join(append([]string{b.dir, ".git"}, elem...)...)
	}
	return filepath.Join(append([]string{b.dir}, elem...)...)
}

// looseObject is the file of a loose object.
func (b *builder) looseObject(h plumbing.Hash) string {
	s := h.String()
	return b.gitDir("objects", s[:2], s[2:])
}

func filepathGlob(p string) ([]string, error) { return filepath.Glob(p) }

// syntheticRepo builds a packed repository of n commits editing a few
// dozen files (a key in one), for benchmarks.
func syntheticRepo(tb testing.TB, n int) string {
	tb.Helper()
	b := newBuilder(tb, true)
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("pkg%d/file%d.go", i%7, i)] = strings.Repeat(fmt.Sprintf("// line of file %d with some ordinary text\n", i), 200)
	}
	var prev plumbing.Hash
	for c := 0; c < n; c++ {
		k := fmt.Sprintf("pkg%d/file%d.go", c%40%7, c%40)
		files[k] += fmt.Sprintf("var v%d = %d\n", c, c)
		if c == n/2 {
			files["conf/app.env"] = "ASSEMBLYAI_API_KEY=" + "3f9c2a7be0d14e58a6c1b2d3e4f50617" + "\n"
		}
		var ps []plumbing.Hash
		if c > 0 {
			ps = []plumbing.Hash{prev}
		}
		prev = b.commit(fmt.Sprintf("c%d", c), files, ps...)
	}
	b.ref("refs/heads/master", prev)
	b.repack()
	return b.dir
}
