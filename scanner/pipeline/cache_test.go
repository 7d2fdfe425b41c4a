package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"

	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/scancache"
)

const (
	cacheKey1 = "3f6a9c2e8b1d4f7a0c5e9b2d6f8a1c4e"
	cacheKey2 = "9b2d6f8a1c4e3f6a9c2e8b1d4f7a0c5e"
)

// infos records the Info lines of a run.
type infos struct {
	silent
	mu    sync.Mutex
	lines []string
}

func (o *infos) Info(msg string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lines = append(o.lines, msg)
}

func (o *infos) has(s string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, l := range o.lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// cacheRepo makes a repository with a key in its first commit, packed, with
// a dangling blob (staged, then replaced), so that the record has
// unreachable objects to keep.
func cacheRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write := func(name, content string) {
		t.Helper()
		gitfixture.Write(t, dir, map[string]string{name: content})
	}
	write("app/config.py", "ASSEMBLYAI_API_KEY = \""+cacheKey1+"\"\n")
	write("README.md", "hello\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "one")
	write("notes.txt", "staged then replaced\n")
	git(t, dir, "add", "notes.txt")
	write("notes.txt", "replaced\n")
	git(t, dir, "add", "notes.txt")
	git(t, dir, "commit", "-q", "-m", "two")
	git(t, dir, "gc", "-q")
	return dir
}

func commitFile(t *testing.T, dir, name, content, msg string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", name)
	git(t, dir, "commit", "-q", "-m", msg)
}

// historyJSON runs history (with the cache in cacheDir when set) and
// returns its JSON report without the duration.
func historyJSON(t *testing.T, dir, cacheDir string, obs Observer) string {
	t.Helper()
	return reportJSON(t, CommandHistory, dir, cacheDir, obs)
}

func reportJSON(t *testing.T, command Command, dir, cacheDir string, obs Observer) string {
	t.Helper()
	if obs == nil {
		obs = silent{}
	}
	rep, err := Scan(context.Background(), command, Options{Root: dir, MaxFileSize: 10 << 20, Version: "test",
		History: HistoryOptions{CacheDir: cacheDir}, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	rep.Summary.DurationMS = 0
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A cached scan reports exactly what an uncached one does, after each new
// commit: a new key, the same key at a new path (a new finding), the same
// key at its old path again (none), an old blob brought back, a binary.
func TestCacheEqualsUncached(t *testing.T) {
	dir := cacheRepo(t)
	cache := t.TempDir()
	want := historyJSON(t, dir, "", nil)
	if !strings.Contains(want, "config.py") {
		t.Fatalf("the fixture's key is not found:\n%s", want)
	}
	obs := &infos{}
	if got := historyJSON(t, dir, cache, obs); got != want {
		t.Fatalf("first cached run (recording):\n%s\nwant\n%s", got, want)
	}
	if obs.has("not recorded") {
		t.Fatalf("the scan was not recorded: %q", obs.lines)
	}
	steps := []struct{ name, content string }{
		{"b.py", "key = \"" + cacheKey2 + "\" # assemblyai\n"},
		{"copy/config.py", "ASSEMBLYAI_API_KEY = \"" + cacheKey1 + "\"\n"},
		{"app/config.py", "# rotated\n"},
		{"app/config.py", "ASSEMBLYAI_API_KEY = \"" + cacheKey1 + "\"\n"},
		{"logo.bin", "\x00\x01\x02binary"},
	}
	for i, s := range steps {
		commitFile(t, dir, s.name, s.content, fmt.Sprint("step ", i))
		want := historyJSON(t, dir, "", nil)
		obs := &infos{}
		got := historyJSON(t, dir, cache, obs)
		if got != want {
			t.Fatalf("step %d (%s): cached\n%s\nwant\n%s", i, s.name, got, want)
		}
		if !obs.has("recorded commits not read again; 1 new commit") {
			t.Errorf("step %d: the record was not resumed: %q", i, obs.lines)
		}
	}
	// check folds the history into the work tree's findings: the same
	// with the cache (but for the files it did not read).
	commitFile(t, dir, "c.py", "k = \""+cacheKey2+"\" # assemblyai\n", "for check")
	if got, want := sameReport(t, checkRun(t, dir, cache)), sameReport(t, checkRun(t, dir, "")); got != want {
		t.Fatalf("check: cached\n%s\nwant\n%s", got, want)
	}
	// What a record cannot follow declines it, and the scan is whole and
	// the same: a rewritten branch, a repack.
	for _, c := range []struct {
		name string
		do   func()
	}{
		{"rewrite", func() {
			git(t, dir, "reset", "-q", "--hard", "HEAD~2")
			commitFile(t, dir, "c.py", "print('rewritten')\n", "rewritten")
		}},
		{"repack", func() { git(t, dir, "gc", "-q") }},
	} {
		c.do()
		want := historyJSON(t, dir, "", nil)
		obs := &infos{}
		if got := historyJSON(t, dir, cache, obs); got != want {
			t.Fatalf("%s: cached\n%s\nwant\n%s", c.name, got, want)
		}
		if !obs.has("the record was not used") {
			t.Errorf("%s: the record was not declined: %q", c.name, obs.lines)
		}
	}
}

// A change of the rules (a repository configuration) is another key: the
// record is not used, and the result is the new rules' result.
func TestCacheRuleChangeInvalidates(t *testing.T) {
	dir := cacheRepo(t)
	cache := t.TempDir()
	historyJSON(t, dir, cache, nil)
	commitFile(t, dir, ".aaiguard.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"assemblyai-api-key\"]\n", "config")
	want := historyJSON(t, dir, "", nil)
	obs := &infos{}
	if got := historyJSON(t, dir, cache, obs); got != want {
		t.Fatalf("after a rule change: cached\n%s\nwant\n%s", got, want)
	}
	if obs.has("not read again") {
		t.Errorf("a record of other rules was used: %q", obs.lines)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "*.aaic"))
	if len(files) != 2 {
		t.Errorf("%d records, want one per rule set: %v", len(files), files)
	}
}

// A damaged record (a flipped byte, a truncation, garbage) is ignored with
// a note and the history scanned whole: never trusted.
func TestCacheDamagedIsIgnored(t *testing.T) {
	dir := cacheRepo(t)
	cache := t.TempDir()
	historyJSON(t, dir, cache, nil)
	files, _ := filepath.Glob(filepath.Join(cache, "*.aaic"))
	if len(files) != 1 {
		t.Fatalf("records: %v", files)
	}
	good, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	commitFile(t, dir, "b.py", "key = \""+cacheKey2+"\" # assemblyai\n", "three")
	uncached := historyJSON(t, dir, "", nil)
	flip := bytes.Clone(good)
	flip[len(flip)/2] ^= 0x10
	for name, data := range map[string][]byte{"flipped": flip, "truncated": good[:len(good)-9], "empty": nil, "garbage": []byte("not a record")} {
		if err := os.WriteFile(files[0], data, 0o600); err != nil {
			t.Fatal(err)
		}
		got := historyJSON(t, dir, cache, nil)
		if !strings.Contains(got, "corrupt or truncated cache record") || !strings.Contains(got, "ignored; the history was scanned whole") {
			t.Errorf("%s record: no note saying it was ignored:\n%s", name, got)
		}
		if strip(got) != strip(uncached) {
			t.Errorf("%s record: result differs from an uncached scan:\n%s\nwant\n%s", name, got, uncached)
		}
	}
	// The damaged record was replaced by a good one.
	obs := &infos{}
	if got := historyJSON(t, dir, cache, obs); got != uncached || !obs.has("not read again") {
		t.Errorf("after a damaged record: %q\n%s", obs.lines, got)
	}
}

// strip drops the notes of a JSON report (a run that ignored a record
// says so).
func strip(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "cache") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A record of another repository (same rules, same version) is not used.
func TestCacheOtherRepository(t *testing.T) {
	a, b := cacheRepo(t), cacheRepo(t)
	commitFile(t, b, "b.py", "key = \""+cacheKey2+"\" # assemblyai\n", "three")
	cacheA, cacheB := t.TempDir(), t.TempDir()
	historyJSON(t, a, cacheA, nil)
	files, _ := filepath.Glob(filepath.Join(cacheA, "*.aaic"))
	if len(files) != 1 {
		t.Fatalf("records: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if err := os.WriteFile(filepath.Join(cacheB, filepath.Base(files[0])), data, 0o600); err != nil {
		t.Fatal(err)
	}
	want := historyJSON(t, b, "", nil)
	got := historyJSON(t, b, cacheB, nil)
	if !strings.Contains(got, "written for another repository") {
		t.Errorf("no note about the other repository's record:\n%s", got)
	}
	if strip(got) != strip(want) {
		t.Errorf("result with another repository's record:\n%s\nwant\n%s", got, want)
	}
}

// A cache directory inside the work tree (a symbolic link the repository
// ships, pointing anywhere) is refused and nothing is written through it;
// so is a record file that is a link.
func TestCacheDirPlantedInRepo(t *testing.T) {
	dir := cacheRepo(t)
	target := t.TempDir()
	if err := os.Symlink(target, filepath.Join(dir, "cache")); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "cache")
	git(t, dir, "commit", "-q", "-m", "planted link")
	want := historyJSON(t, dir, "", nil)
	for _, c := range []string{filepath.Join(dir, "cache"), filepath.Join(dir, "sub")} {
		got := historyJSON(t, dir, c, nil)
		if !strings.Contains(got, "inside the scanned work tree") {
			t.Errorf("--cache %s: no note refusing it:\n%s", c, got)
		}
		if strip(got) != strip(want) {
			t.Errorf("--cache %s: result differs:\n%s\nwant\n%s", c, got, want)
		}
	}
	// A link outside the work tree that leads into it is refused too.
	outside := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(dir, "app"), outside); err != nil {
		t.Fatal(err)
	}
	if got := historyJSON(t, dir, outside, nil); !strings.Contains(got, "inside the scanned work tree") {
		t.Errorf("a link into the work tree was accepted:\n%s", got)
	}
	if ents, _ := os.ReadDir(target); len(ents) != 0 {
		t.Errorf("written through the planted link: %v", ents)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "app")); len(ents) != 1 {
		t.Errorf("written into the work tree: %v", ents)
	}
	// Inside .git is fine: a clone cannot ship it.
	obs := &infos{}
	historyJSON(t, dir, filepath.Join(dir, ".git", "aaiguard-cache"), obs)
	if obs.has("not recorded") {
		t.Errorf("--cache inside .git: %q", obs.lines)
	}
	// A record that is a symbolic link is not read.
	cache := t.TempDir()
	historyJSON(t, dir, cache, nil)
	files, _ := filepath.Glob(filepath.Join(cache, "*.aaic"))
	if len(files) != 1 {
		t.Fatalf("records: %v", files)
	}
	moved := filepath.Join(t.TempDir(), "rec")
	if err := os.Rename(files[0], moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(moved, files[0]); err != nil {
		t.Fatal(err)
	}
	if got := historyJSON(t, dir, cache, nil); !strings.Contains(got, "ignored; the history was scanned whole") {
		t.Errorf("a record that is a link was read:\n%s", got)
	}
}

// Concurrent writers and readers of one record: every read is a whole
// record some writer wrote, never a mixture or a fragment.
func TestCacheConcurrentWriters(t *testing.T) {
	dir, err := scancache.Open(t.TempDir(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	key := scancache.Key([]byte("k"))
	recs := make([]*scancache.Record, 4)
	for i := range recs {
		r := &scancache.Record{Key: key, Repo: "r", Blobs: int64(i)}
		for j := 0; j < 2000*(i+1); j++ {
			var h scancache.Hash
			h[0], h[1], h[2] = byte(j>>16), byte(j>>8), byte(j)
			r.Commits = append(r.Commits, h)
		}
		recs[i] = r
	}
	var wg sync.WaitGroup
	for i := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 10; n++ {
				if err := dir.Save(recs[i]); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	done := make(chan bool)
	go func() {
		defer close(done)
		for n := 0; n < 50; n++ {
			r, err := dir.Load(key, "r")
			if err != nil {
				t.Errorf("read while written: %v", err)
				return
			}
			if r != nil && len(r.Commits) != 2000*int(r.Blobs+1) {
				t.Errorf("a mixed record: %d commits for writer %d", len(r.Commits), r.Blobs)
			}
		}
	}()
	wg.Wait()
	<-done
}

// Gitlinks (submodules, not followed) are counted by a resumed scan as the
// full pass counts them, so a repository with submodules is recorded and
// resumed: a commit leaving the gitlink's tree alone, one adding a gitlink
// at the root, one moving a gitlink to another commit.
func TestCacheSubmodules(t *testing.T) {
	dir := cacheRepo(t)
	gitlink := func(path string, b byte) {
		t.Helper()
		git(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat(fmt.Sprintf("%02x", b), 20)+","+path)
		git(t, dir, "commit", "-q", "-m", "gitlink "+path)
	}
	gitlink("vendor/lib", 0xab)
	cache := t.TempDir()
	want := historyJSON(t, dir, "", nil)
	if !strings.Contains(want, "1 submodule entries") {
		t.Fatalf("the fixture's gitlink is not noted:\n%s", want)
	}
	obs := &infos{}
	if got := historyJSON(t, dir, cache, obs); got != want || obs.has("not recorded") {
		t.Fatalf("recording run: %q\n%s\nwant\n%s", obs.lines, got, want)
	}
	for i, step := range []func(){
		func() { commitFile(t, dir, "docs/a.md", "a\n", "docs") },
		func() { gitlink("tools", 0xcd) },
		func() { gitlink("vendor/lib", 0xef) },
	} {
		step()
		want := historyJSON(t, dir, "", nil)
		obs := &infos{}
		if got := historyJSON(t, dir, cache, obs); got != want {
			t.Fatalf("step %d: cached\n%s\nwant\n%s", i, got, want)
		}
		if !obs.has("recorded commits not read again; 1 new commit") {
			t.Errorf("step %d: the record was not resumed: %q", i, obs.lines)
		}
	}
	if want := historyJSON(t, dir, "", nil); !strings.Contains(want, "4 submodule entries") {
		t.Errorf("the trees' gitlinks, each tree once, are 4 (vendor twice, two roots with tools):\n%s", want)
	}
}

// New commits are attributed in graph order, not by their clocks: a key
// added, removed and added back is reported once, at the commit that first
// added it, even when the later commits carry earlier dates (a rebase, a
// skewed clock), cached or not.
func TestCacheNewCommitsInGraphOrder(t *testing.T) {
	dir := cacheRepo(t)
	cache := t.TempDir()
	historyJSON(t, dir, cache, nil) // the record
	key := "key = \"" + cacheKey2 + "\" # assemblyai\n"
	t.Setenv("GIT_COMMITTER_DATE", "2030-01-03T00:00:00Z")
	commitFile(t, dir, "late.py", key, "adds the key, dated last")
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	first := strings.TrimSpace(string(out))
	t.Setenv("GIT_COMMITTER_DATE", "2030-01-02T00:00:00Z")
	git(t, dir, "rm", "-q", "late.py")
	git(t, dir, "commit", "-q", "-m", "removes it")
	t.Setenv("GIT_COMMITTER_DATE", "2030-01-01T00:00:00Z")
	commitFile(t, dir, "late.py", key, "adds it back, dated first")
	want := historyJSON(t, dir, "", nil)
	if !strings.Contains(want, `"commit": "`+first+`"`) {
		t.Fatalf("the uncached scan does not give the key to the commit that first added it (%s):\n%s", first, want)
	}
	obs := &infos{}
	if got := historyJSON(t, dir, cache, obs); got != want {
		t.Fatalf("cached\n%s\nwant\n%s", got, want)
	}
	if !obs.has("3 new commit(s)") {
		t.Errorf("the record was not resumed: %q", obs.lines)
	}
}
