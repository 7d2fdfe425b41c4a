package gitobj_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// packedRepo builds a repository whose objects are in one pack with
// deltas (go-git's encoder), plus one loose object.
func packedRepo(t *testing.T) (string, *git.Repository) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	body := strings.Repeat("a line of text that repeats and deltas well\n", 300)
	for i := 0; i < 15; i++ {
		p := filepath.Join(dir, "doc.txt")
		if err := os.WriteFile(p, []byte(body+fmt.Sprintf("revision %d\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add("doc.txt"); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "a", Email: "a@example.com", When: time.Unix(int64(1700000000+i), 0)}
		if _, err := wt.Commit(fmt.Sprint(i), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, ".git", "objects"))
	for _, e := range ents {
		if len(e.Name()) == 2 {
			os.RemoveAll(filepath.Join(dir, ".git", "objects", e.Name()))
		}
	}
	// One loose object besides the pack.
	o := repo.Storer.NewEncodedObject()
	o.SetType(plumbing.BlobObject)
	w, _ := o.Writer()
	w.Write([]byte("loose\n"))
	w.Close()
	if _, err := repo.Storer.SetEncodedObject(o); err != nil {
		t.Fatal(err)
	}
	return dir, repo
}

// Reader and Walk return exactly what go-git reads, for every object.
func TestReaderAndWalkMatchGoGit(t *testing.T) {
	dir, repo := packedRepo(t)
	db, err := gitobj.Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[plumbing.Hash]string{}
	iter, err := repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		r, _ := o.Reader()
		b, _ := io.ReadAll(r)
		r.Close()
		want[o.Hash()] = o.Type().String() + "\x00" + string(b)
		return nil
	})
	if len(want) < 40 {
		t.Fatalf("only %d objects", len(want))
	}
	rd := db.NewReader(1 << 20)
	for h, w := range want {
		typ, b, err := rd.Read(h)
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		if got := typ.String() + "\x00" + string(b); got != w {
			t.Errorf("%s: Read differs", h)
		}
	}
	// Walks, with the pack's headers read in one pass and in two halves.
	for _, split := range []bool{false, true} {
		if split {
			defer gitobj.SetPlanSplitMin(1)()
		}
		walkMatches(t, db, want)
	}
}

func walkMatches(t *testing.T, db *gitobj.DB, want map[plumbing.Hash]string) {
	t.Helper()
	var mu sync.Mutex
	seen := map[plumbing.Hash]int{}
	deltas := 0
	errs := db.Walk(gitobj.WalkOptions{
		Phases:  [][]gitobj.Type{{gitobj.BlobObject, gitobj.CommitObject, gitobj.TagObject}, {gitobj.TreeObject}},
		Workers: 3,
		Spans:   func(gitobj.Type) bool { return true },
		Visit: func(o *gitobj.Object) {
			mu.Lock()
			defer mu.Unlock()
			seen[o.Hash]++
			if o.Spans != nil {
				deltas++
			}
			if got := o.Type.String() + "\x00" + string(o.Data); got != want[o.Hash] {
				t.Errorf("%s: Walk differs", o.Hash)
			}
			idx := -1
			if i, ok := db.Index(o.Hash); ok {
				idx = i
			}
			if o.Index != idx {
				t.Errorf("%s: Index %d, DB.Index %d", o.Hash, o.Index, idx)
			}
		},
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(seen) != len(want) {
		t.Errorf("walk visited %d objects, want %d", len(seen), len(want))
	}
	if deltas == 0 {
		t.Error("no delta visited: the test pack has no deltas")
	}
}

func TestMissingObject(t *testing.T) {
	dir, _ := packedRepo(t)
	db, err := gitobj.Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := plumbing.NewHash(strings.Repeat("ab", 20))
	if _, _, err := db.NewReader(0).Read(h); err == nil || !strings.Contains(err.Error(), h.String()) {
		t.Errorf("missing: %v", err)
	}
	if db.Has(h) {
		t.Error("Has")
	}
}

func TestBadPackIndex(t *testing.T) {
	dir, _ := packedRepo(t)
	idx, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	b, _ := os.ReadFile(idx[0])
	if err := os.WriteFile(idx[0], b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := gitobj.Open(filepath.Join(dir, ".git", "objects"))
	if err == nil || !strings.Contains(err.Error(), idx[0]) {
		t.Errorf("truncated index: %v", err)
	}
	if _, err := gitobj.Open(filepath.Join(dir, "nope")); err == nil {
		t.Error("missing objects directory accepted")
	}
}

func TestParseCommitAndTree(t *testing.T) {
	c, err := gitobj.ParseCommit([]byte("tree " + strings.Repeat("1", 40) + "\nparent " + strings.Repeat("2", 40) +
		"\nauthor Ann Lee <ann@example.com> 1700000000 +0130\ncommitter C <c@x> 1700000100 -0500\n\nmsg\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.AuthorName != "Ann Lee" || c.AuthorEmail != "ann@example.com" || len(c.Parents) != 1 || c.CommitTime != 1700000100 ||
		c.AuthorTime.Format(time.RFC3339) != "2023-11-14T23:43:20+01:30" {
		t.Errorf("%+v %s", c, c.AuthorTime.Format(time.RFC3339))
	}
	// Shared zones for the usual offsets, made ones for the rest: the
	// same offsets and names either way.
	for _, tz := range []string{"+0000", "-0000", "+0545", "-1200", "+1400", "-0931", "+2359", "+9900"} {
		c, err := gitobj.ParseCommit([]byte("tree " + strings.Repeat("1", 40) + "\nauthor A <a@x> 1700000000 " + tz + "\n\n"))
		if err != nil {
			t.Fatal(err)
		}
		name, off := c.AuthorTime.Zone()
		want := (int(tz[1]-'0')*10+int(tz[2]-'0'))*3600 + (int(tz[3]-'0')*10+int(tz[4]-'0'))*60
		if tz[0] == '-' {
			want = -want
		}
		if name != tz || off != want || c.AuthorTime.Unix() != 1700000000 {
			t.Errorf("%s: zone %s %d, time %d", tz, name, off, c.AuthorTime.Unix())
		}
	}
	if _, err := gitobj.ParseCommit([]byte("parent x\n\n")); err == nil {
		t.Error("commit without tree accepted")
	}
	var tree bytes.Buffer
	tree.WriteString("100644 a.txt\x00" + strings.Repeat("\x01", 20) + "40000 dir\x00" + strings.Repeat("\x02", 20))
	it := gitobj.NewTreeIter(tree.Bytes())
	var names []string
	for {
		mode, name, _, _, ok := it.Next()
		if !ok {
			break
		}
		names = append(names, fmt.Sprintf("%o %s", mode, name))
	}
	if strings.Join(names, ",") != "100644 a.txt,40000 dir" || it.Err() != nil {
		t.Errorf("%v %v", names, it.Err())
	}
	it = gitobj.NewTreeIter([]byte("100644 trunc\x00abc"))
	if _, _, _, _, ok := it.Next(); ok || it.Err() == nil {
		t.Error("truncated tree entry accepted")
	}
}
