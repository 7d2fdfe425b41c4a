package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"time"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// checkRun runs check (with the cache in cacheDir when set) and returns
// its report.
func checkRun(t *testing.T, dir, cacheDir string) *report.Report {
	t.Helper()
	rep, err := Scan(context.Background(), CommandCheck, Options{Root: dir, MaxFileSize: 10 << 20, Version: "test",
		History: HistoryOptions{CacheDir: cacheDir}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// sameReport is a report's JSON without what the cache changes on
// purpose: the counts of files read and proven clean, the duration, and
// the cache's own note.
func sameReport(t *testing.T, rep *report.Report) string {
	t.Helper()
	s := *rep.Summary
	s.FilesScanned, s.BytesScanned, s.FilesProvenClean, s.DurationMS = 0, 0, 0, 0
	s.Notes = nil
	for _, n := range rep.Summary.Notes {
		if !strings.Contains(n, "(--cache) proved clean") {
			s.Notes = append(s.Notes, n)
		}
	}
	r := *rep
	r.Summary = &s
	b, err := json.MarshalIndent(&r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// check --cache reads only the work-tree files the cache cannot vouch
// for, and reports exactly what an uncached check does: after a new
// commit, an unstaged edit that adds a key, a file touched to the same
// content, a racily clean file, an untracked file, a file whose blob has
// a finding, and a change of rules (another record).
func TestCheckCacheSkipsProvenFiles(t *testing.T) {
	// The user's git configuration must not turn conversions on here.
	gitfixture.Isolate(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write := func(name, content string) {
		t.Helper()
		gitfixture.Write(t, dir, map[string]string{name: content})
	}
	for i := 0; i < 20; i++ {
		write("pages/p"+string(rune('a'+i))+".md", strings.Repeat("a page of text\n", i+1))
	}
	write("leak/old.txt", "ASSEMBLYAI_API_KEY="+cacheKey1+"\n") // a blob with a finding
	write("app/main.py", "print('hi')\n")                       // code: always read
	write("same.txt", "same content\n")
	write("edited.txt", "AAI_NOTE=nothing here at all yet, sixty-four bytes long, padded..\n")
	write("racy.txt", "RACY_NOTE=nothing here at all yet, sixty-four bytes long, padded.\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "one")
	// The index is written well after the files: none is racily clean.
	past := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && !strings.Contains(p, string(filepath.Separator)+".git"+string(filepath.Separator)) {
			return os.Chtimes(p, past, past)
		}
		return nil
	})
	git(t, dir, "update-index", "--refresh")
	cache := filepath.Join(t.TempDir(), "cache")

	compare := func(step string) *report.Report {
		t.Helper()
		want := sameReport(t, checkRun(t, dir, ""))
		rep := checkRun(t, dir, cache)
		if got := sameReport(t, rep); got != want {
			t.Errorf("%s: check --cache differs from check:\n%s\nwant\n%s", step, got, want)
		}
		return rep
	}
	findsIn := func(rep *report.Report, file string) bool {
		for _, f := range rep.Findings {
			if f.File == file && f.Source == "worktree" {
				return true
			}
		}
		return false
	}

	// The first cached run proves the files clean by its full pass.
	if rep := compare("first run"); rep.Summary.FilesProvenClean != 23 {
		t.Errorf("first run: %d files proven clean, want 23", rep.Summary.FilesProvenClean)
	}
	commitFile(t, dir, "pages/new.md", "a new page\n", "two")
	rep := compare("new commit")
	// 20 pages, same, edited, racy (the new page's index entry is racy:
	// written in the second of its commit); not the key's file, not code.
	proven := rep.Summary.FilesProvenClean
	if proven != 23 {
		t.Fatalf("new commit: %d files proven clean, want 23", proven)
	}
	if !findsIn(rep, "leak/old.txt") {
		t.Error("new commit: the file whose blob has a key was not scanned")
	}

	// An edit that is not staged, with a key: the stat data differ.
	write("edited.txt", "ASSEMBLYAI_API_KEY="+cacheKey2+"\n")
	rep = compare("unstaged edit")
	if !findsIn(rep, "edited.txt") {
		t.Error("unstaged edit: the key was not found")
	}
	if rep.Summary.FilesProvenClean != proven-1 {
		t.Errorf("unstaged edit: %d proven, want %d", rep.Summary.FilesProvenClean, proven-1)
	}

	// Touched to the same content: read again.
	now := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "same.txt"), now, now); err != nil {
		t.Fatal(err)
	}
	if rep = compare("touched"); rep.Summary.FilesProvenClean != proven-2 {
		t.Errorf("touched: %d proven, want %d", rep.Summary.FilesProvenClean, proven-2)
	}

	// Racily clean: a key put in without changing the size, the mtime
	// set back to what the index recorded, in the second the index was
	// written (only ctime tells, and the racy rule would even without it).
	racy := filepath.Join(dir, "racy.txt")
	st, err := os.Stat(racy)
	if err != nil {
		t.Fatal(err)
	}
	content := "ASSEMBLYAI_API_KEY=" + cacheKey2 + "\n"
	content += strings.Repeat("#", int(st.Size())-len(content)-1) + "\n"
	write("racy.txt", content)
	if err := os.Chtimes(racy, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, ".git", "index"), st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	rep = compare("racily clean")
	if !findsIn(rep, "racy.txt") {
		t.Error("racily clean: the key was not found")
	}

	// An untracked file is never proven.
	write("untracked.txt", "ASSEMBLYAI_API_KEY="+cacheKey1+"\n")
	if rep = compare("untracked"); !findsIn(rep, "untracked.txt") {
		t.Error("untracked: the key was not found")
	}

	// Other rules: another record, scanned whole; the work tree still
	// skips what this run's full pass proved.
	write(".aaiguard.toml", "[extend]\nuseDefault = true\n\n[[allowlists]]\npaths = ['''^nothing/''']\n")
	if err := os.Chtimes(filepath.Join(dir, ".git", "index"), time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	compare("rules changed")
	rep = compare("rules changed, second run")
	if rep.Summary.FilesProvenClean == 0 {
		t.Error("rules changed: nothing proven clean from the new record")
	}
}
