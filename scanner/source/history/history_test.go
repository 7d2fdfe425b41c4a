package history_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/history"
)

// Fake keys (random, never issued).
const (
	key1 = "3f9c2a7be0d14e58a6c1b2d3e4f50617"
	key2 = "8e4d1c0b9a7f6e5d4c3b2a1908f7e6d5"
	key3 = "b7a61f0e2d3c4b5a69788796a5b4c3d2"
)

func keyLine(k string) string { return "ASSEMBLYAI_API_KEY = \"" + k + "\"\n" }

func engine(t testing.TB) *detect.Engine {
	t.Helper()
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(cfg)
}

func scan(t testing.TB, dir string, opts history.Options) *history.Result {
	t.Helper()
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := history.Scan(repo, engine(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	// The whole history is scanned by the full pass; the selective scan
	// (commit by commit) must find exactly the same.
	if !opts.Selective && opts.Range == "" && len(opts.Revs) == 0 && opts.Since.IsZero() && opts.MaxCommits == 0 {
		opts.Selective = true
		sel, err := history.Scan(repo, engine(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		// (Keys in blobs no commit reaches are the full pass's alone: the
		// selective scan reads what the commits reach.)
		attributed := func(fs []finding.Finding) []finding.Finding {
			var out []finding.Finding
			for _, f := range fs {
				if f.Commit != "" {
					out = append(out, f)
				}
			}
			return out
		}
		got, want := strings.Join(summary(attributed(res.Findings)), "\n"), strings.Join(summary(attributed(sel.Findings)), "\n")
		if got != want || res.Commits != sel.Commits || len(res.Errors) != len(sel.Errors) || len(res.TooLarge) != len(sel.TooLarge) {
			t.Errorf("full pass and selective scan differ:\nfull: %s\n%d commits, errors %v, large %v\nselective: %s\n%d commits, errors %v, large %v",
				got, res.Commits, res.Errors, res.TooLarge, want, sel.Commits, sel.Errors, sel.TooLarge)
		}
	}
	return res
}

// summary lists findings as "path:line secret4 commit" (commit = the
// message's word after "Dev ").
func summary(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Secret.Reveal()[:4], strings.TrimPrefix(f.Author, "Dev ")))
	}
	return out
}

func expect(t *testing.T, res *history.Result, want ...string) {
	t.Helper()
	for _, e := range res.Errors {
		t.Errorf("error: %v", e)
	}
	got := summary(res.Findings)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}

func TestKeyAddedThenRemoved(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("init", map[string]string{"README.md": "hello\n"})
	c2 := b.commit("addkey", map[string]string{"README.md": "hello\n", "app/config.py": "import os\n" + keyLine(key1)}, c1)
	c3 := b.commit("removekey", map[string]string{"README.md": "hello\n", "app/config.py": "import os\nASSEMBLYAI_API_KEY = os.environ['ASSEMBLYAI_API_KEY']\n"}, c2)
	b.ref("refs/heads/master", c3)
	res := scan(t, b.dir, history.Options{})
	expect(t, res, "app/config.py:2 3f9c addkey")
	f := res.Findings[0]
	if f.Commit != c2.String() || f.Email != "dev@example.com" || f.Date != "2024-01-01T14:00:00Z" || f.Source != finding.SourceHistory {
		t.Errorf("provenance %+v", f)
	}
	if f.Checklist != "env-key" || f.Fingerprint != finding.Fingerprint(f.Rule, "app/config.py", key1) {
		t.Errorf("checklist %q fingerprint %q", f.Checklist, f.Fingerprint)
	}
	if res.Commits != 3 {
		t.Errorf("commits %d", res.Commits)
	}
}

// A key kept while the file changes around it is one finding, at the
// commit that introduced it, with the line it had there.
func TestKeyKeptAcrossEdits(t *testing.T) {
	b := newBuilder(t, false)
	var prev plumbing.Hash
	for i := 0; i < 40; i++ {
		content := strings.Repeat("# comment\n", i) + keyLine(key1) + fmt.Sprintf("VERSION = %d\n", i)
		var parents []plumbing.Hash
		if i > 0 {
			parents = append(parents, prev)
		}
		prev = b.commit(fmt.Sprintf("c%d", i), map[string]string{"settings.py": content}, parents...)
	}
	b.ref("refs/heads/master", prev)
	res := scan(t, b.dir, history.Options{})
	expect(t, res, "settings.py:1 3f9c c0")
	if res.Blobs != 40 {
		t.Errorf("blobs %d, want 40 (each version once)", res.Blobs)
	}
}

// The same key copied into a second file is a second finding (another
// place to clean up); the same file in two commits is not.
func TestSameKeyTwoPaths(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("one", map[string]string{"a.env": keyLine(key1)})
	c2 := b.commit("two", map[string]string{"a.env": keyLine(key1), "b/copy.env": keyLine(key1)}, c1)
	b.ref("refs/heads/master", c2)
	expect(t, scan(t, b.dir, history.Options{}), "a.env:1 3f9c one", "b/copy.env:1 3f9c two")
}

// A key added on a branch that was merged and then deleted is found at
// the branch commit that added it, not at the merge.
func TestKeyOnDeletedMergedBranch(t *testing.T) {
	b := newBuilder(t, false)
	base := b.commit("base", map[string]string{"main.go": "package main\n"})
	feat := b.commit("feature", map[string]string{"main.go": "package main\n", "conf.env": keyLine(key2)}, base)
	mainC := b.commit("mainwork", map[string]string{"main.go": "package main\n// work\n"}, base)
	merge := b.commit("merge", map[string]string{"main.go": "package main\n// work\n", "conf.env": keyLine(key2)}, mainC, feat)
	b.ref("refs/heads/master", merge)
	b.ref("refs/heads/feature", feat)
	b.deleteRef("refs/heads/feature")
	expect(t, scan(t, b.dir, history.Options{}), "conf.env:1 8e4d feature")
}

// A commit reachable only from a tag (its branch is gone) is scanned.
func TestKeyOnlyFromTag(t *testing.T) {
	for _, annotated := range []bool{false, true} {
		t.Run(fmt.Sprint("annotated=", annotated), func(t *testing.T) {
			b := newBuilder(t, false)
			c1 := b.commit("init", map[string]string{"a.txt": "a\n"})
			tagged := b.commit("tagged", map[string]string{"a.txt": "a\n", "deploy.env": keyLine(key3)}, c1)
			b.ref("refs/heads/master", c1)
			if annotated {
				b.annotatedTag("v1.0", tagged)
			} else {
				b.ref("refs/tags/v1.0", tagged)
			}
			expect(t, scan(t, b.dir, history.Options{}), "deploy.env:1 b7a6 tagged")
			// --branch master does not see it.
			expect(t, scan(t, b.dir, history.Options{Revs: []string{"master"}}))
			expect(t, scan(t, b.dir, history.Options{Revs: []string{"v1.0"}}), "deploy.env:1 b7a6 tagged")
		})
	}
}

// A merge whose conflict resolution writes content present in neither
// parent introduced it: git log -p shows merges without diffs by default,
// and this is where such tools miss keys.
func TestKeyInMergeResolution(t *testing.T) {
	b := newBuilder(t, false)
	base := b.commit("base", map[string]string{"cfg.py": "KEY = None\n"})
	left := b.commit("left", map[string]string{"cfg.py": "KEY = os.environ['A']\n"}, base)
	right := b.commit("right", map[string]string{"cfg.py": "KEY = os.environ['B']\n"}, base)
	merge := b.commit("resolution", map[string]string{"cfg.py": "import os\n" + keyLine(key1)}, left, right)
	// A clean merge that takes one side's version introduces nothing.
	side := b.commit("side", map[string]string{"cfg.py": "import os\n" + keyLine(key1), "x.env": keyLine(key2)}, merge)
	clean := b.commit("cleanmerge", map[string]string{"cfg.py": "import os\n" + keyLine(key1), "x.env": keyLine(key2)}, merge, side)
	b.ref("refs/heads/master", clean)
	expect(t, scan(t, b.dir, history.Options{}), "cfg.py:2 3f9c resolution", "x.env:1 8e4d side")
}

func TestKeyInLastLineOfLargeFile(t *testing.T) {
	b := newBuilder(t, false)
	var sb strings.Builder
	for sb.Len() < 3<<20 {
		sb.WriteString("lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n")
	}
	lines := strings.Count(sb.String(), "\n")
	sb.WriteString(keyLine(key1))
	c := b.commit("big", map[string]string{"data/big.txt": sb.String()})
	b.ref("refs/heads/master", c)
	expect(t, scan(t, b.dir, history.Options{}), fmt.Sprintf("data/big.txt:%d 3f9c big", lines+1))
	// Over the size limit: skipped with a reason, not silently.
	res := scan(t, b.dir, history.Options{MaxFileSize: 1 << 20})
	if len(res.Findings) != 0 || len(res.TooLarge) != 1 || res.TooLarge[0].Path != "data/big.txt" || !strings.Contains(res.TooLarge[0].Reason, "limit") {
		t.Errorf("size limit: %+v %+v", res.Findings, res.TooLarge)
	}
}

func TestRangeAndSince(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("old", map[string]string{"a.env": keyLine(key1)})
	c2 := b.commit("mid", map[string]string{"a.env": keyLine(key1), "b.env": keyLine(key2)}, c1)
	c3 := b.commit("new", map[string]string{"a.env": keyLine(key1), "b.env": keyLine(key2), "c.env": keyLine(key3)}, c2)
	b.ref("refs/heads/master", c3)
	// The range sees only what its commits changed, not a.env which c1
	// (outside the range) introduced.
	res := scan(t, b.dir, history.Options{Range: c1.String() + "..master"})
	expect(t, res, "b.env:1 8e4d mid", "c.env:1 b7a6 new")
	if res.Commits != 2 {
		t.Errorf("range commits %d", res.Commits)
	}
	expect(t, scan(t, b.dir, history.Options{Range: c2.String() + ".." + c3.String()}), "c.env:1 b7a6 new")
	expect(t, scan(t, b.dir, history.Options{Range: c3.String() + ".." + c3.String()}))
	// --since: c2 is at 14:00, c3 at 15:00.
	expect(t, scan(t, b.dir, history.Options{Since: time.Date(2024, 1, 1, 14, 0, 0, 0, time.UTC)}), "b.env:1 8e4d mid", "c.env:1 b7a6 new")
	expect(t, scan(t, b.dir, history.Options{MaxCommits: 1}), "c.env:1 b7a6 new")
}

// Only what is under the prefix is scanned, with paths relative to it.
func TestPrefix(t *testing.T) {
	b := newBuilder(t, false)
	c := b.commit("init", map[string]string{"svc/a/conf.env": keyLine(key1), "other/conf.env": keyLine(key2)})
	b.ref("refs/heads/master", c)
	expect(t, scan(t, b.dir, history.Options{Prefix: "svc"}), "a/conf.env:1 3f9c init")
}

func TestPackedRepository(t *testing.T) {
	b := newBuilder(t, false)
	var prev plumbing.Hash
	body := strings.Repeat("some shared text that deltas well\n", 200)
	for i := 0; i < 12; i++ {
		files := map[string]string{"doc.txt": body + fmt.Sprintf("rev %d\n", i)}
		if i == 5 {
			files["s.env"] = keyLine(key2)
		}
		var ps []plumbing.Hash
		if i > 0 {
			ps = []plumbing.Hash{prev}
		}
		prev = b.commit(fmt.Sprintf("c%d", i), files, ps...)
	}
	b.ref("refs/heads/master", prev)
	b.repack()
	if _, err := os.Stat(b.gitDir("objects", "pack")); err != nil {
		t.Fatal(err)
	}
	expect(t, scan(t, b.dir, history.Options{}), "s.env:1 8e4d c5")
}

func TestBareRepository(t *testing.T) {
	b := newBuilder(t, true)
	c := b.commit("init", map[string]string{"k.env": keyLine(key1)})
	b.ref("refs/heads/master", c)
	expect(t, scan(t, b.dir, history.Options{}), "k.env:1 3f9c init")
}

func TestStashEntriesAreScanned(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("init", map[string]string{"a.txt": "a\n"})
	old := b.commit("oldstash", map[string]string{"a.txt": "a\n", "s.env": keyLine(key1)}, c1)
	cur := b.commit("newstash", map[string]string{"a.txt": "b\n"}, c1)
	b.ref("refs/heads/master", c1)
	b.ref("refs/stash", cur)
	// git keeps older stash entries only in the reflog.
	zero := strings.Repeat("0", 40)
	log := zero + " " + old.String() + " Dev <d@example.com> 1700000000 +0000\tWIP\n" +
		old.String() + " " + cur.String() + " Dev <d@example.com> 1700000001 +0000\tWIP\n"
	if err := os.MkdirAll(b.gitDir("logs", "refs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b.gitDir("logs", "refs", "stash"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, scan(t, b.dir, history.Options{}), "s.env:1 3f9c oldstash")
}

func TestShallowClone(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("c1", map[string]string{"a.env": keyLine(key1)})
	c2 := b.commit("c2", map[string]string{"a.env": keyLine(key1), "b.txt": "x\n"}, c1)
	b.ref("refs/heads/master", c2)
	// A depth-1 clone: c2's parent is not there.
	if err := os.WriteFile(b.gitDir("shallow"), []byte(c2.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(b.looseObject(c1)); err != nil {
		t.Fatal(err)
	}
	res := scan(t, b.dir, history.Options{})
	if !res.Shallow || res.Commits != 1 {
		t.Errorf("shallow %v commits %d", res.Shallow, res.Commits)
	}
	// Everything the boundary commit holds is attributed to it.
	expect(t, res, "a.env:1 3f9c c2")
}

func TestSubmodulesAreNotFollowed(t *testing.T) {
	b := newBuilder(t, false)
	c := b.commit("init", map[string]string{"vendor/lib": gitlinkPrefix + strings.Repeat("ab", 20), "a.txt": "a\n"})
	b.ref("refs/heads/master", c)
	res := scan(t, b.dir, history.Options{})
	expect(t, res)
	if res.Submodules != 1 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "submodule") {
		t.Errorf("submodules %d notes %q", res.Submodules, res.Notes)
	}
}

func TestBinaryBlobsAreSkipped(t *testing.T) {
	b := newBuilder(t, false)
	c := b.commit("init", map[string]string{"img.png": "\x89PNG\x00\x00" + keyLine(key1), "a.txt": "a\n"})
	b.ref("refs/heads/master", c)
	res := scan(t, b.dir, history.Options{})
	expect(t, res)
	if res.Binary != 1 || res.Blobs != 1 {
		t.Errorf("binary %d blobs %d", res.Binary, res.Blobs)
	}
}

// A path allowlisted by the configuration is never reported from history.
func TestAllowlistedPaths(t *testing.T) {
	b := newBuilder(t, false)
	c := b.commit("init", map[string]string{"testdata/k.env": keyLine(key1), "x_test.go": keyLine(key2), "real.env": keyLine(key3)})
	b.ref("refs/heads/master", c)
	cfg, err := rules.Load(".aaiguard.toml", []byte("[[allowlists]]\npaths = ['''(^|/)testdata/''', '''_test\\.go$''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := gitrepo.Open(b.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := history.Scan(repo, detect.New(cfg), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, res, "real.env:1 b7a6 init")
}

// Bad input: each gives an error naming what is wrong, never a panic or a
// silent pass.
func TestMissingBlob(t *testing.T) {
	b := newBuilder(t, false)
	c := b.commit("init", map[string]string{"conf/a.env": keyLine(key1), "b.txt": "b\n"})
	b.ref("refs/heads/master", c)
	blob := b.blob(keyLine(key1))
	if err := os.Remove(b.looseObject(blob)); err != nil {
		t.Fatal(err)
	}
	res := scan(t, b.dir, history.Options{})
	if len(res.Errors) != 1 {
		t.Fatalf("errors %v", res.Errors)
	}
	msg := res.Errors[0].Error()
	if !strings.Contains(msg, blob.String()) || !strings.Contains(msg, "conf/a.env") || !strings.Contains(msg, "missing") {
		t.Errorf("message %q does not name the object and path", msg)
	}
	if !errors.Is(res.Errors[0], gitobj.ErrNotFound) {
		t.Errorf("not ErrNotFound: %v", res.Errors[0])
	}
}

func TestMissingTreeAndParent(t *testing.T) {
	b := newBuilder(t, false)
	c1 := b.commit("c1", map[string]string{"a.txt": "a\n"})
	c2 := b.commit("c2", map[string]string{"a.txt": "a\n", "dir/k.env": keyLine(key1)}, c1)
	b.ref("refs/heads/master", c2)
	sub := b.tree(map[string]string{"k.env": keyLine(key1)})
	if err := os.Remove(b.looseObject(sub)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(b.looseObject(c1)); err != nil {
		t.Fatal(err)
	}
	res := scan(t, b.dir, history.Options{})
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, c1.String()) || !strings.Contains(all, "parent of "+c2.String()) || !strings.Contains(all, sub.String()) || !strings.Contains(all, "dir") {
		t.Errorf("errors do not name the missing parent and tree:\n%s", all)
	}
}

func TestCorruptAndTruncatedPack(t *testing.T) {
	build := func(t *testing.T) *builder {
		b := newBuilder(t, false)
		c := b.commit("init", map[string]string{"a.txt": strings.Repeat("text\n", 1000), "k.env": keyLine(key1)})
		b.ref("refs/heads/master", c)
		b.repack()
		return b
	}
	packFile := func(t *testing.T, b *builder) string {
		m, _ := filepathGlob(b.gitDir("objects", "pack", "*.pack"))
		if len(m) != 1 {
			t.Fatalf("packs %v", m)
		}
		return m[0]
	}
	t.Run("truncated", func(t *testing.T) {
		b := build(t)
		p := packFile(t, b)
		st, _ := os.Stat(p)
		if err := os.Truncate(p, st.Size()/2); err != nil {
			t.Fatal(err)
		}
		// The object database is opened (and its packs checked) on first use.
		repo, err := gitrepo.Open(b.dir)
		if err == nil {
			defer repo.Close()
			_, err = history.Scan(repo, engine(t), history.Options{})
		}
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("open: %v", err)
		}
	})
	t.Run("corrupt", func(t *testing.T) {
		b := build(t)
		p := packFile(t, b)
		data, _ := os.ReadFile(p)
		// Flip bytes in the middle of the compressed data (the trailer
		// checksum stays, so Open accepts the pack).
		for i := 40; i < len(data)-40; i += 7 {
			data[i] ^= 0x5a
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		repo, err := gitrepo.Open(b.dir)
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("open error does not name the pack: %v", err)
			}
			return
		}
		defer repo.Close()
		res, err := history.Scan(repo, engine(t), history.Options{})
		if err == nil && len(res.Errors) == 0 {
			t.Fatalf("corrupt pack scanned without error: %+v", res)
		}
		msg := fmt.Sprint(err, res)
		if err == nil {
			msg = res.Errors[0].Error()
		}
		if !strings.Contains(msg, ".pack") {
			t.Errorf("error does not name the pack: %s", msg)
		}
	})
}

func TestNotARepositoryAndEmptyRepository(t *testing.T) {
	_, err := gitrepo.Open(t.TempDir())
	if !errors.Is(err, gitrepo.ErrNotRepository) {
		t.Errorf("plain directory: %v", err)
	}
	b := newBuilder(t, false)
	res := scan(t, b.dir, history.Options{})
	if res.Commits != 0 || len(res.Errors) != 0 || len(res.Findings) != 0 {
		t.Errorf("empty repository: %+v", res)
	}
	repo, err := gitrepo.Open(b.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	if _, err := history.Scan(repo, engine(t), history.Options{Revs: []string{"nosuchbranch"}}); err == nil || !strings.Contains(err.Error(), "nosuchbranch") {
		t.Errorf("unknown revision: %v", err)
	}
	if _, err := history.Scan(repo, engine(t), history.Options{Range: "a...b"}); err == nil {
		t.Error("symmetric range accepted")
	}
}

// The full pass takes two shortcuts along delta chains (a blob whose base
// has no keyword is searched only around what its delta changed; a tree
// takes the entries its delta copied from the base in hand): a key that a
// delta adds to a keyword-free file, in a directory whose tree is a delta
// of the previous one, is found all the same, at the commit that added it
// (scan compares the full pass with the selective scan, which reads every
// blob and tree whole).
func TestKeyAddedByADelta(t *testing.T) {
	b := newBuilder(t, false)
	files := map[string]string{}
	for i := 0; i < 60; i++ {
		files[fmt.Sprintf("mod%02d/page%02d.md", i%40, i)] = strings.Repeat(fmt.Sprintf("page %d: plain words that compress and delta well\n", i), 40)
	}
	var lines []string
	for i := 0; i < 300; i++ {
		lines = append(lines, fmt.Sprintf("SETTING_%d = %d  # an ordinary setting", i, i*7))
	}
	var prev plumbing.Hash
	for c := 0; c < 30; c++ {
		// Each commit edits one page and shortens settings.py (a smaller
		// newer version is stored as a delta of the older one): the root
		// tree's delta replaces the entries of two of its 40 directories.
		files[fmt.Sprintf("mod%02d/page%02d.md", c%40, c%60)] += fmt.Sprintf("edit %d\n", c)
		lines = lines[:len(lines)-3]
		settings := strings.Join(lines, "\n") + "\n"
		if c >= 20 {
			settings = strings.Join(lines[:100], "\n") + "\n" + keyLine(key1) + strings.Join(lines[100:], "\n") + "\n"
		}
		files["mod05/settings.py"] = settings
		var ps []plumbing.Hash
		if c > 0 {
			ps = []plumbing.Hash{prev}
		}
		prev = b.commit(fmt.Sprintf("c%d", c), files, ps...)
	}
	b.ref("refs/heads/master", prev)
	b.repack()
	res := scan(t, b.dir, history.Options{})
	expect(t, res, "mod05/settings.py:101 3f9c c20")
	edits, copied, parsed := history.PassStats(res)
	t.Logf("blobs keyword-free by delta: %d; tree entries copied %d, parsed %d", edits, copied, parsed)
	if edits == 0 || copied == 0 {
		t.Errorf("the shortcuts were not taken (blobs %d, tree entries %d): the test does not test them", edits, copied)
	}
}

// The blob count is the blobs a tree names: a blob staged and then
// replaced (in no tree) is scanned but not counted, and said so; a tree no
// commit reaches (an amended commit's) still counts its blobs, and that is
// said too. Packed and loose alike.
func TestBlobCount(t *testing.T) {
	for _, packed := range []bool{false, true} {
		b := newBuilder(t, false)
		c1 := b.commit("one", map[string]string{"a.txt": "a\n", "img.bin": "\x00\x01"})
		b.commit("amended away", map[string]string{"a.txt": "a\n", "b.txt": "b\n"}, c1) // no ref reaches it
		b.blob("staged, then replaced\n")
		b.blob("\x00binary, staged, then replaced\n")
		b.ref("refs/heads/master", c1)
		if packed {
			b.packEverything()
			if ls, _ := filepathGlob(b.gitDir("objects", "??")); len(ls) > 0 {
				t.Fatalf("loose objects left: %v", ls)
			}
		}
		res := scan(t, b.dir, history.Options{})
		notes := strings.Join(res.Notes, "\n")
		// a.txt and b.txt (named by the unreachable tree), img.bin.
		if res.Blobs != 2 || res.Binary != 1 {
			t.Errorf("packed %v: blobs %d binary %d, want 2 and 1", packed, res.Blobs, res.Binary)
		}
		if !strings.Contains(notes, "2 blob(s) that no tree names") || !strings.Contains(notes, "1 tree(s) that no commit reaches") {
			t.Errorf("packed %v: notes %q", packed, res.Notes)
		}
		// The tree's likely origin follows how it is stored: a clone
		// brings packed objects, a local rewrite leaves loose ones.
		if want := map[bool]string{true: "a packed object, most likely brought by the clone", false: "a loose object"}[packed]; !strings.Contains(notes, "reaches were read (each "+want) {
			t.Errorf("packed %v: the unreachable tree's origin is not %q: %q", packed, want, res.Notes)
		}
	}
	// A clean history: no such notes.
	b := newBuilder(t, false)
	b.ref("refs/heads/master", b.commit("one", map[string]string{"a.txt": "a\n"}))
	if res := scan(t, b.dir, history.Options{}); res.Blobs != 1 || len(res.Notes) != 0 {
		t.Errorf("clean: blobs %d notes %q", res.Blobs, res.Notes)
	}
}

// Objects stored in two packs (a fetch without a repack) are scanned and
// counted once, and deltas across the packs still take the shortcuts'
// answers (scan compares the full pass with the selective scan).
func TestObjectsInTwoPacks(t *testing.T) {
	b := newBuilder(t, false)
	files := map[string]string{"doc/a.md": strings.Repeat("plain words\n", 50), "doc/b.md": "b\n"}
	c := b.commit("c0", files)
	for i := 1; i < 6; i++ {
		files["doc/a.md"] += fmt.Sprintf("line %d\n", i)
		c = b.commit(fmt.Sprintf("c%d", i), files, c)
	}
	b.packEverything()
	for i := 6; i < 12; i++ {
		files["doc/a.md"] += fmt.Sprintf("line %d\n", i)
		if i == 9 {
			files["doc/conf.env"] = keyLine(key2)
		}
		c = b.commit(fmt.Sprintf("c%d", i), files, c)
	}
	b.ref("refs/heads/master", c)
	b.packEverything() // every object again, the first pack's too
	packs, _ := filepathGlob(b.gitDir("objects", "pack", "*.pack"))
	if len(packs) != 2 {
		t.Fatalf("%d packs, want 2", len(packs))
	}
	res := scan(t, b.dir, history.Options{})
	expect(t, res, "doc/conf.env:1 8e4d c9")
	// doc/a.md: 12 versions; doc/b.md and doc/conf.env: one each.
	if res.Blobs != 14 || len(res.Notes) != 0 {
		t.Errorf("blobs %d (want 14), notes %q", res.Blobs, res.Notes)
	}
}
