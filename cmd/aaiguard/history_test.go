package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// A fake key (random, never issued).
const histKey = "0a9b8c7d6e5f40312f1e0d9c8b7a6958"

func histCommit(t *testing.T, dir string, files map[string]string, msg string) plumbing.Hash {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if c == "" {
			if _, err := wt.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "Ann", Email: "ann@example.com", When: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func histReport(t *testing.T, out string) *report.Report {
	t.Helper()
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return rep
}

func TestHistoryCommand(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"README.md": "# x\n"}, "README.md")
	added := histCommit(t, dir, map[string]string{"config.py": "import assemblyai as aai\naai.settings.api_key = \"" + histKey + "\"\n"}, "add key")
	histCommit(t, dir, map[string]string{"config.py": ""}, "remove key")

	// The work tree is clean; the history is not.
	if code, out, errs := runCLI(t, "scan", dir); code != exitOK {
		t.Fatalf("scan: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, "history", dir, "--format", "json")
	if code != exitFindings {
		t.Fatalf("history: exit %d\n%s%s", code, out, errs)
	}
	rep := histReport(t, out)
	if len(rep.Findings) != 1 {
		t.Fatalf("findings %+v", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Commit != added.String() || f.Author != "Ann" || f.Email != "ann@example.com" || f.Date != "2024-05-01T09:00:00Z" ||
		f.File != "config.py" || f.Line != 2 || f.Source != finding.SourceHistory || f.Checklist != "env-key" || f.Fingerprint == "" {
		t.Errorf("finding %+v", f)
	}
	if strings.Contains(out+errs, histKey) {
		t.Error("the key is printed")
	}
	if rep.Summary.Commits != 3 || rep.Summary.Blobs == 0 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if !strings.Contains(errs, "history: 3 commits") {
		t.Errorf("no summary line on stderr: %q", errs)
	}
	// --quiet: no summary line.
	if _, _, errs := runCLI(t, "history", dir, "-q"); errs != "" {
		t.Errorf("--quiet stderr %q", errs)
	}
	// --range over the last commit only: it removed the key, nothing new.
	if code, out, errs := runCLI(t, "history", dir, "--range", added.String()+"..HEAD"); code != exitOK {
		t.Errorf("--range: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "history", dir, "--branch", added.String()); code != exitFindings {
		t.Errorf("--branch SHA: exit %d\n%s%s", code, out, errs)
	}

	// check: the history finding is reported (the work tree is clean) and
	// env-key fails.
	code, out, _ = runCLI(t, "check", dir, "--format", "json")
	rep = histReport(t, out)
	var keys []finding.Finding
	for _, f := range rep.Findings {
		if f.Rule == "assemblyai-api-key" {
			keys = append(keys, f)
		}
	}
	if code != exitFindings || len(keys) != 1 || keys[0].Source != finding.SourceHistory {
		t.Errorf("check: exit %d findings %+v", code, rep.Findings)
	}
	for _, it := range rep.Checklist {
		if it.ID == "env-key" && it.Status != "fail" {
			t.Errorf("env-key %s with a key in history", it.Status)
		}
	}
}

// A key still in the work tree and in history is one finding: the
// work-tree one, with the commit that introduced it.
func TestCheckReportsAKeyOnce(t *testing.T) {
	content := "import assemblyai as aai\naai.settings.api_key = \"" + histKey + "\"\n"
	dir := gitfixture.Repo(t, map[string]string{"README.md": "# x\n"}, "README.md")
	c := histCommit(t, dir, map[string]string{"app/config.py": content}, "add key")
	histCommit(t, dir, map[string]string{"app/config.py": "# moved down\n" + content}, "edit")
	code, out, errs := runCLI(t, "check", dir, "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	rep := histReport(t, out)
	var keys []finding.Finding
	for _, f := range rep.Findings {
		if f.Rule == "assemblyai-api-key" {
			keys = append(keys, f)
		}
	}
	if len(keys) != 1 {
		t.Fatalf("key findings %+v", keys)
	}
	k := keys[0]
	if k.Source != finding.SourceWorktree || k.Line != 3 || len(k.Also) != 1 || k.Also[0].Commit != c.String() || k.Also[0].Line != 2 || k.Also[0].File != "app/config.py" {
		t.Errorf("merged finding %+v", k)
	}
}

func TestHistoryBadInput(t *testing.T) {
	plain := t.TempDir()
	code, _, errs := runCLI(t, "history", plain)
	if code != exitError || !strings.Contains(errs, "not in a git repository") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("not a repository: exit %d %q", code, errs)
	}
	dir := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	for _, args := range [][]string{
		{"--since", "yesterday"}, {"--max-commits", "-1"}, {"--range", "HEAD"}, {"--branch", "nosuch"},
		{"--range", "a..b", "--branch", "main"},
	} {
		code, _, errs := runCLI(t, append([]string{"history", dir, "-q"}, args...)...)
		if code != exitError || errs == "" {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
	// A repository without commits: a note, exit 0.
	empty := t.TempDir()
	if _, err := git.PlainInit(empty, false); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "history", empty, "--format", "json")
	if code != exitOK || !strings.Contains(out, "no commits yet") {
		t.Errorf("empty repository: exit %d %s %s", code, out, errs)
	}
	// A missing object: exit 2, the object named.
	c := histCommit(t, dir, map[string]string{"k.env": "ASSEMBLYAI_API_KEY=" + histKey + "\n"}, "k")
	repo, _ := git.PlainOpen(dir)
	co, _ := repo.CommitObject(c)
	tree, _ := co.Tree()
	e, _ := tree.FindEntry("k.env")
	h := e.Hash.String()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "history", dir)
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, h) {
			line = l
		}
	}
	if code != exitError || !strings.Contains(line, "k.env") || !strings.Contains(line, "missing") || !strings.Contains(errs, "did not complete") {
		t.Errorf("missing blob: exit %d %q %q", code, out, errs)
	}
}

func TestHistoryShallow(t *testing.T) {
	notInCI(t)
	dir := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	c := histCommit(t, dir, map[string]string{"b.txt": "b\n"}, "b")
	if err := os.WriteFile(filepath.Join(dir, ".git", "shallow"), []byte(c.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "history", dir, "--format", "json")
	rep := histReport(t, out)
	if code != exitOK || !rep.Summary.Shallow || !strings.Contains(errs, "shallow") || !strings.Contains(strings.Join(rep.Summary.Notes, " "), "shallow") {
		t.Errorf("shallow: exit %d %+v %q", code, rep.Summary, errs)
	}
	code, _, errs = runCLI(t, "history", dir, "--fail-on-shallow")
	if code != exitError || !strings.Contains(errs, "shallow") {
		t.Errorf("--fail-on-shallow: exit %d %q", code, errs)
	}
	// check: env-key cannot pass on a shallow clone.
	_, out, _ = runCLI(t, "check", dir, "--format", "json")
	for _, it := range histReport(t, out).Checklist {
		if it.ID == "env-key" && it.Status == "pass" {
			t.Errorf("env-key passes on a shallow clone: %+v", it)
		}
	}
}

// A partial clone (--filter) lacks blobs on purpose: a note, like a shallow
// clone, not an error; --fail-on-shallow makes it one. Without the
// partial-clone marker the same missing blob is an error.
func TestHistoryPartialClone(t *testing.T) {
	notInCI(t)
	dir := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	c := histCommit(t, dir, map[string]string{"big.bin": "large content left on the server\n"}, "big")
	repo, _ := git.PlainOpen(dir)
	co, _ := repo.CommitObject(c)
	tree, _ := co.Tree()
	e, _ := tree.FindEntry("big.bin")
	h := e.Hash.String()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	histCommit(t, dir, map[string]string{"k.env": "ASSEMBLYAI_API_KEY=" + histKey + "\n"}, "key")
	cfg := filepath.Join(dir, ".git", "config")
	old, _ := os.ReadFile(cfg)
	partial := string(old) + "[remote \"origin\"]\n\turl = https://example.com/r.git\n\tpromisor = true\n\tpartialclonefilter = blob:none\n[extensions]\n\tpartialClone = origin\n"
	if err := os.WriteFile(cfg, []byte(partial), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "history", dir, "--format", "json")
	rep := histReport(t, out)
	if code != exitFindings || !rep.Summary.Partial || len(rep.Summary.Errors) != 0 || len(rep.Findings) != 1 || !strings.Contains(errs, "partial") {
		t.Errorf("partial clone: exit %d %+v %q", code, rep.Summary, errs)
	}
	if code, _, errs := runCLI(t, "history", dir, "--fail-on-shallow"); code != exitError || !strings.Contains(errs, "partial") {
		t.Errorf("--fail-on-shallow: exit %d %q", code, errs)
	}
	// In CI a partial clone fails closed by default (issue 14).
	t.Setenv("CI", "true")
	if code, _, errs := runCLI(t, "check", dir); code != exitError || !strings.Contains(errs, "partial") || !strings.Contains(errs, "--allow-shallow") {
		t.Errorf("partial clone in CI: exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "check", dir, "--allow-shallow"); code != exitFindings {
		t.Errorf("partial clone in CI, --allow-shallow: exit %d %q", code, errs)
	}
	t.Setenv("CI", "")
	_, out, _ = runCLI(t, "check", dir, "--format", "json")
	for _, it := range histReport(t, out).Checklist {
		if it.ID == "env-key" && it.Status == "pass" {
			t.Errorf("env-key passes on a partial clone: %+v", it)
		}
	}
	if err := os.WriteFile(cfg, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "history", dir, "-q"); code != exitError {
		t.Errorf("a missing blob outside a partial clone: exit %d, want 2", code)
	}
}

func TestStagedCommand(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"a.txt": "a\n"}, "a.txt")
	// Unstaged: nothing.
	writeFiles(t, dir, map[string]string{"k.env": "ASSEMBLYAI_API_KEY=" + histKey + "\n"})
	if code, out, errs := runCLI(t, "staged", dir); code != exitOK {
		t.Errorf("unstaged: exit %d %s %s", code, out, errs)
	}
	repo, _ := git.PlainOpen(dir)
	wt, _ := repo.Worktree()
	if _, err := wt.Add("k.env"); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "staged", dir, "--format", "json")
	if code != exitFindings {
		t.Fatalf("staged: exit %d %s %s", code, out, errs)
	}
	rep := histReport(t, out)
	if len(rep.Findings) != 1 || rep.Findings[0].File != "k.env" || rep.Findings[0].Source != finding.SourceStaged || rep.Findings[0].Commit != "" {
		t.Errorf("findings %+v", rep.Findings)
	}
	code, _, errs = runCLI(t, "staged", t.TempDir())
	if code != exitError || !strings.Contains(errs, "not in a git repository") {
		t.Errorf("not a repository: exit %d %q", code, errs)
	}
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "staged", bare)
	if code != exitError || !strings.Contains(errs, "bare") {
		t.Errorf("bare: exit %d %q", code, errs)
	}
}

// check with a history scope (what a pull-request gate runs) scans part of
// the history: env-key cannot pass then, since a key in an older commit was
// not looked for; the report names the scope. Without a scope it passes.
func TestCheckPartialHistoryIsAGap(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"README.md": "# x\n"}, "README.md")
	first := histCommit(t, dir, map[string]string{"app.py": "import os\nimport assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n"}, "use env")
	histCommit(t, dir, map[string]string{"notes.txt": "n\n"}, "notes")
	envKey := func(args ...string) (string, string, *report.Report) {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"check", dir, "--format", "json"}, args...)...)
		if code == exitError {
			t.Fatalf("check %v: exit 2: %s", args, errs)
		}
		rep := histReport(t, out)
		for _, it := range rep.Checklist {
			if it.ID == "env-key" {
				return string(it.Status), it.Reason, rep
			}
		}
		t.Fatalf("check %v: no env-key item", args)
		return "", "", nil
	}
	if st, why, rep := envKey(); st != "pass" || rep.Summary.HistoryScope != "" {
		t.Fatalf("whole history: env-key %s (%s), scope %q", st, why, rep.Summary.HistoryScope)
	}
	for _, args := range [][]string{
		{"--range", first.String() + "..HEAD"},
		{"--branch", "HEAD"},
		{"--since", "2000-01-01"},
		{"--max-commits", "1"},
	} {
		st, why, rep := envKey(args...)
		if st == "pass" || !strings.Contains(why, "only part of the git history") || !strings.Contains(why, args[0]) {
			t.Errorf("check %v: env-key %s (%s)", args, st, why)
		}
		if rep.Summary.HistoryScope != args[0]+" "+args[1] {
			t.Errorf("check %v: summary.historyScope %q", args, rep.Summary.HistoryScope)
		}
	}
	if code, _, errs := runCLI(t, "check", dir, "--max-commits", "-1"); code != exitError || !strings.Contains(errs, "--max-commits") {
		t.Errorf("--max-commits -1: exit %d %q", code, errs)
	}
}

// The pre-commit hook blocks an env file staged with git add -f (exit 1, a
// gitignore-env finding), and lets a template with placeholders through.
func TestStagedBlocksEnvFile(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": ".env*\n!.env.example\n"}, ".gitignore")
	writeFiles(t, dir, map[string]string{".env.example": "ASSEMBLYAI_API_KEY=your-key-here\n", ".env.production": "PORT=8080\n"})
	repo, _ := git.PlainOpen(dir)
	wt, _ := repo.Worktree()
	if _, err := wt.Add(".env.example"); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "staged", dir); code != exitOK {
		t.Errorf("template: exit %d %s %s", code, out, errs)
	}
	if _, err := wt.Add(".env.production"); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "staged", dir, "--format", "json")
	rep := histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 1 || rep.Findings[0].Rule != "env-file-tracked" || rep.Findings[0].Checklist != "gitignore-env" ||
		rep.Findings[0].File != ".env.production" || rep.Findings[0].Source != finding.SourceStaged {
		t.Errorf("staged .env.production: exit %d %+v %s", code, rep.Findings, errs)
	}
}
