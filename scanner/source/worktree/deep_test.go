package worktree_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// deepTree makes a chain of depth directories "d" in a repository, a
// .gitignore at the top and one in the middle, a file at the bottom and an
// ignored one beside it. Directories are created relative to their parent
// (a path of 2000 levels is longer than PATH_MAX).
func deepTree(tb testing.TB, depth int) string {
	tb.Helper()
	root := tb.TempDir()
	if _, err := git.PlainInit(root, false); err != nil {
		tb.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, ".gitignore"), []byte("*.log\n"), 0o644)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(root); err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < depth; i++ {
		if err := os.Mkdir("d", 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chdir("d"); err != nil {
			tb.Fatal(err)
		}
		if i == depth/2 {
			os.WriteFile(".gitignore", []byte("secret.txt\n"), 0o644)
		}
	}
	for name, c := range map[string]string{"f.py": "x = 1\n", "debug.log": "l\n", "secret.txt": "s\n"} {
		if err := os.WriteFile(name, []byte(c), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return root
}

// TestDeepTree: a chain of 2000 directories is listed whole, with the
// ignore rules of the top and of the middle applied at the bottom.
func TestDeepTree(t *testing.T) {
	root := deepTree(t, 2000)
	tree, err := worktree.List(root)
	if err != nil {
		t.Fatal(err)
	}
	bottom := strings.Repeat("d/", 2000)
	var files, ignored []string
	for _, f := range tree.Files {
		files = append(files, strings.Replace(f.Path, bottom, "BOTTOM/", 1))
	}
	for _, f := range tree.Ignored {
		ignored = append(ignored, strings.Replace(f.Path, bottom, "BOTTOM/", 1))
	}
	mid := strings.Repeat("d/", 1001) + ".gitignore"
	if fmt.Sprint(files) != fmt.Sprint([]string{".gitignore", mid, "BOTTOM/f.py"}) ||
		fmt.Sprint(ignored) != "[BOTTOM/debug.log BOTTOM/secret.txt]" || len(tree.Errors) != 0 {
		t.Fatalf("files %v, ignored %v, errors %v", files, ignored, tree.Errors)
	}
}

// BenchmarkListDeep: listing cost by depth. Gathering every ancestor's
// patterns again in each directory made it depth cubed (0.67, 5.1 and
// 30 s at 500, 1000 and 2000 levels in the measurements); carried
// down the walk it is the paths' own cost.
func BenchmarkListDeep(b *testing.B) {
	for _, depth := range []int{500, 1000, 2000} {
		root := deepTree(b, depth)
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			for b.Loop() {
				if _, err := worktree.List(root); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSiblingGitignores: .gitignore files in sibling directories four
// levels down (where the walk's stack of path parts has room to be reused)
// each keep their own directory.
func TestSiblingGitignores(t *testing.T) {
	root := t.TempDir()
	if _, err := git.PlainInit(root, false); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a/b/c/x", "a/b/c/y", "a/b/c/z"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
		os.WriteFile(filepath.Join(root, d, "keep.txt"), []byte("k\n"), 0o644)
		os.WriteFile(filepath.Join(root, d, "drop-"+filepath.Base(d)+".txt"), []byte("d\n"), 0o644)
	}
	os.WriteFile(filepath.Join(root, "a/b/c/x/.gitignore"), []byte("drop-x.txt\n"), 0o644)
	os.WriteFile(filepath.Join(root, "a/b/c/y/.gitignore"), []byte("drop-y.txt\n"), 0o644)
	tree, err := worktree.List(root)
	if err != nil {
		t.Fatal(err)
	}
	var ignored []string
	for _, f := range tree.Ignored {
		ignored = append(ignored, f.Path)
	}
	if fmt.Sprint(ignored) != "[a/b/c/x/drop-x.txt a/b/c/y/drop-y.txt]" {
		t.Errorf("ignored %v", ignored)
	}
	for _, p := range []string{"a/b/c/x/drop-x.txt", "a/b/c/y/drop-y.txt"} {
		if !tree.IsIgnored(p, false) {
			t.Errorf("IsIgnored(%s) false after the walk", p)
		}
	}
	if tree.IsIgnored("a/b/c/z/drop-z.txt", false) || tree.IsIgnored("a/b/c/x/drop-y.txt", false) {
		t.Error("a sibling's pattern leaked")
	}
}
