package worktree_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// FuzzGitignore: any content in a repository's .gitignore files (the root
// one and a subdirectory's) lists the tree without error or panic, keeps
// every tracked file in the scan, and agrees with IsIgnored: a file is
// either scanned (and not ignored), listed as ignored (and ignored), or
// inside an ignored directory that was not entered.
func FuzzGitignore(f *testing.F) {
	for _, s := range [][2]string{
		{".env\n", ""},
		{"*\n!.gitignore\n", "!*\n"},
		{"build/\n!build/keep.js\n", "deep/\n"},
		{"/sub\n**/c.env\n", "*.env\n!c.env\n"},
		{"\\#x\n\\!y\n[z\n a \n\x00\xff\n", "***/**/***\n"},
		{strings.Repeat("a/", 200) + "\n", "[a-\n[]\n[!]\n"},
		{"\ufeff.env\r\n", "../x\n/../../etc\n"},
	} {
		f.Add(s[0], s[1])
	}
	dir := gitfixture.Repo(f, map[string]string{
		"a.txt": "a", ".env": "K=1", "sub/b.txt": "b", "sub/deep/c.env": "c", "sub/deep/d.txt": "d",
		"build/out.js": "o", "build/keep.js": "k", "build/new.js": "n", "x.env": "x",
	}, "a.txt", "build/out.js", "sub/deep/d.txt")
	onDisk := []string{".env", "a.txt", "build/keep.js", "build/new.js", "build/out.js", "sub/b.txt", "sub/deep/c.env", "sub/deep/d.txt", "x.env"}
	tracked := []string{"a.txt", "build/out.js", "sub/deep/d.txt"}
	f.Fuzz(func(t *testing.T, root, sub string) {
		if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(root), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sub", ".gitignore"), []byte(sub), 0o644); err != nil {
			t.Fatal(err)
		}
		tree, err := worktree.List(dir)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if len(tree.Errors) > 0 {
			t.Fatalf("errors: %v", tree.Errors)
		}
		scanned := map[string]bool{}
		for _, fl := range tree.Files {
			scanned[fl.RepoRel] = true
			if !fl.Tracked && tree.IsIgnored(fl.RepoRel, false) {
				t.Errorf("%s is scanned but IsIgnored says git ignores it", fl.RepoRel)
			}
		}
		ignored := map[string]bool{}
		for _, fl := range tree.Ignored {
			ignored[fl.RepoRel] = true
			if !tree.IsIgnored(fl.RepoRel, false) {
				t.Errorf("%s is listed as ignored but IsIgnored disagrees", fl.RepoRel)
			}
		}
		for _, p := range tracked {
			if !scanned[p] {
				t.Errorf("tracked %s is not scanned", p)
			}
		}
		for _, p := range onDisk {
			if !scanned[p] && !ignored[p] && !tree.IsIgnored(p, false) {
				t.Errorf("%s is neither scanned nor ignored", p)
			}
		}
		for p := range scanned {
			if strings.HasPrefix(p, ".git/") || !slices.Contains(onDisk, p) && p != ".gitignore" && p != "sub/.gitignore" {
				t.Errorf("unexpected file %s", p)
			}
		}
	})
}
