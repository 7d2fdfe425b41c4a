package worktree_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

const key = "5497b70622dcf17fcc04f8077d2d4d0b" // fake

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newRepo initialises a repository in a temp dir, writes files, and commits
// the ones named in track (with go-git, at run time).
func newRepo(t *testing.T, files map[string]string, track ...string) string {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	for rel, c := range files {
		write(t, dir, rel, c)
	}
	if len(track) == 0 {
		return dir
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range track {
		if _, err := wt.Add(p); err != nil {
			t.Fatalf("add %s: %v", p, err)
		}
	}
	sig := &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}
	if _, err := wt.Commit("init", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func paths(fs []worktree.File) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return out
}

// isolateGitConfig keeps the user's global excludes out of the test.
func isolateGitConfig(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	return home
}

func TestGitAwareListing(t *testing.T) {
	isolateGitConfig(t)
	dir := newRepo(t, map[string]string{
		".gitignore":          ".env\n*.local\nbuild/\ndist/\n!keep.local\n",
		"dist/bundle.js":      "b\n",
		"app.py":              "print(1)\n",
		".env":                "ASSEMBLYAI_API_KEY=" + key + "\n",
		"settings.local":      "x\n",
		"keep.local":          "x\n",
		"new_untracked.txt":   "y\n",
		"build/out.js":        "z\n",
		"build/tracked.js":    "z\n",
		"sub/.gitignore":      "secret.txt\n",
		"sub/secret.txt":      "s\n",
		"sub/code.go":         "package sub\n",
		"vendor/forced.local": "forced\n",
	}, ".gitignore", "app.py", "sub/.gitignore", "sub/code.go", "build/tracked.js")
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := paths(tree.Files)
	want := []string{".gitignore", "app.py", "build/tracked.js", "keep.local", "new_untracked.txt", "sub/.gitignore", "sub/code.go"}
	if !slices.Equal(got, want) {
		t.Errorf("files %v\nwant  %v", got, want)
	}
	ign := paths(tree.Ignored)
	for _, p := range []string{".env", "settings.local", "sub/secret.txt", "vendor/forced.local", "build/out.js"} {
		if !slices.Contains(ign, p) {
			t.Errorf("%s not listed as ignored: %v", p, ign)
		}
	}
	if slices.Contains(ign, "dist/bundle.js") {
		t.Error("an ignored directory without tracked files was descended")
	}
	if !tree.IsIgnored(".env.local", false) || tree.IsIgnored("app.py", false) || !tree.IsIgnored("build/x/y.js", false) {
		t.Error("IsIgnored")
	}
	if !tree.IsTracked("app.py") || tree.IsTracked(".env") {
		t.Error("IsTracked")
	}
}

func TestTrackedIgnoredFileIsScanned(t *testing.T) {
	isolateGitConfig(t)
	// Commit .env first, ignore it afterwards: git keeps tracking it.
	dir := newRepo(t, map[string]string{".env": "ASSEMBLYAI_API_KEY=" + key + "\n"}, ".env")
	write(t, dir, ".gitignore", ".env\n")
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(paths(tree.Files), ".env") {
		t.Fatalf("tracked .env not scanned: %v", paths(tree.Files))
	}
	res := worktree.Scan(tree, engine(t), worktree.ScanOptions{})
	if len(res.Findings) != 1 || res.Findings[0].File != ".env" {
		t.Errorf("findings %v", res.Findings)
	}
}

func TestExcludeSources(t *testing.T) {
	home := isolateGitConfig(t)
	dir := newRepo(t, map[string]string{"a.txt": "a", "b.txt": "b", "c.txt": "c", "d.txt": "d"}, "a.txt")
	write(t, dir, ".git/info/exclude", "b.txt\n")
	write(t, home, ".config/git/ignore", "c.txt\n")
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(tree.Files); !slices.Equal(got, []string{"a.txt", "d.txt"}) {
		t.Errorf("files %v (info/exclude and the global excludes file must apply)", got)
	}
	// core.excludesFile in ~/.gitconfig replaces the XDG default.
	write(t, home, ".gitconfig", "[core]\n\texcludesfile = "+filepath.Join(home, "my-ignore")+"\n")
	write(t, home, "my-ignore", "d.txt\n")
	tree, err = worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(tree.Files); !slices.Equal(got, []string{"a.txt", "c.txt"}) {
		t.Errorf("files %v with core.excludesFile", got)
	}
}

func TestSubdirectoryRoot(t *testing.T) {
	isolateGitConfig(t)
	dir := newRepo(t, map[string]string{
		".gitignore":       "*.env\n",
		"svc/app.env":      "ASSEMBLYAI_API_KEY=" + key + "\n",
		"svc/main.py":      "x = 1\n",
		"svc/deep/util.py": "y = 2\n",
	}, ".gitignore", "svc/main.py")
	tree, err := worktree.List(filepath.Join(dir, "svc"))
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(tree.Files); !slices.Equal(got, []string{"deep/util.py", "main.py"}) {
		t.Errorf("files %v (paths relative to the scanned root; the root .gitignore applies)", got)
	}
	if got := paths(tree.Ignored); !slices.Equal(got, []string{"app.env"}) {
		t.Errorf("ignored %v", got)
	}
}

func TestPlainDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", "ASSEMBLYAI_API_KEY="+key+"\n")
	write(t, dir, ".gitignore", ".env\n") // meaningless without a repository
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Repo != nil || !slices.Contains(paths(tree.Files), ".env") {
		t.Fatalf("plain directory: repo %v files %v", tree.Repo, paths(tree.Files))
	}
	res := worktree.Scan(tree, engine(t), worktree.ScanOptions{})
	if len(res.Findings) != 1 {
		t.Errorf("findings %v", res.Findings)
	}
}

func TestSymlinksNotFollowed(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.env", "ASSEMBLYAI_API_KEY="+key+"\n")
	dir := t.TempDir()
	write(t, dir, "a.txt", "a\n")
	if err := os.Symlink(filepath.Join(outside, "secret.env"), filepath.Join(dir, "link.env")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(tree.Files); !slices.Equal(got, []string{"a.txt"}) {
		t.Errorf("files %v: symlinks must not be followed", got)
	}
}

func TestBinaryLargeAndVanishedFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "image.png", "\x89PNG\r\n\x1a\n\x00\x00ASSEMBLYAI_API_KEY="+key)
	write(t, dir, "big.txt", strings.Repeat("x", 2000)+"\nASSEMBLYAI_API_KEY="+key+"\n")
	write(t, dir, "small.env", "ASSEMBLYAI_API_KEY="+key+"\n")
	write(t, dir, "gone.txt", "soon deleted\n")
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	res := worktree.Scan(tree, engine(t), worktree.ScanOptions{MaxFileSize: 1000})
	if res.Binary != 1 {
		t.Errorf("binary %d", res.Binary)
	}
	if len(res.TooLarge) != 1 || res.TooLarge[0].Path != "big.txt" || res.TooLarge[0].Size <= 1000 {
		t.Errorf("too large %v", res.TooLarge)
	}
	if len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Error(), "gone.txt: ") {
		t.Errorf("errors %v", res.Errors)
	}
	if len(res.Findings) != 1 || res.Findings[0].File != "small.env" || res.Files != 1 {
		t.Errorf("findings %v files %d", res.Findings, res.Files)
	}
	// No limit.
	res = worktree.Scan(tree, engine(t), worktree.ScanOptions{MaxFileSize: -1})
	if len(res.TooLarge) != 0 || len(res.Findings) != 2 {
		t.Errorf("without a limit: %v %v", res.TooLarge, res.Findings)
	}
}

func TestRootErrors(t *testing.T) {
	if _, err := worktree.List("/nonexistent/dir"); err == nil || !strings.Contains(err.Error(), "/nonexistent/dir") {
		t.Errorf("missing root: %v", err)
	}
	f := filepath.Join(t.TempDir(), "file")
	write(t, filepath.Dir(f), "file", "x")
	if _, err := worktree.List(f); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file root: %v", err)
	}
	// A corrupt index is an error naming it, not a silent plain scan.
	dir := newRepo(t, map[string]string{"a.txt": "a"}, "a.txt")
	write(t, dir, ".git/index", "DIRC garbage")
	if _, err := worktree.List(dir); err == nil || !strings.Contains(err.Error(), "index") {
		t.Errorf("corrupt index: %v", err)
	}
}

func engine(t *testing.T) *detect.Engine {
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(cfg)
}
