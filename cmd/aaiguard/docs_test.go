package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's integration snippets are the files the end-to-end tests run
// (scripts/e2e-*.sh); they must stay the same text.
func TestReadmeIncludesExamplesVerbatim(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pre-commit-config.yaml", "github-workflow.yml", "gitlab-ci.yml", "ci.sh"} {
		ex, err := os.ReadFile(filepath.Join("../../docs/examples", name))
		if err != nil {
			t.Fatal(err)
		}
		lang := "yaml"
		if strings.HasSuffix(name, ".sh") {
			lang = "sh"
		}
		if !strings.Contains(string(readme), "```"+lang+"\n"+string(ex)+"```\n") {
			t.Errorf("README.md does not include docs/examples/%s verbatim in a ```%s block", name, lang)
		}
	}
}

// docs/DESIGN.md opens with a package map: every package of the module is
// in it, and everything in it is a package.
func TestDesignPackageMap(t *testing.T) {
	design, err := os.ReadFile("../../docs/DESIGN.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(design)
	start := strings.Index(text, "## Package map")
	open := strings.Index(text[start:], "```\n")
	end := strings.Index(text[start+open+4:], "```\n")
	if start < 0 || open < 0 || end < 0 {
		t.Fatal("no package map block in docs/DESIGN.md")
	}
	mapped := map[string]bool{}
	for _, line := range strings.Split(text[start+open+4:start+open+4+end], "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			mapped[f[0]] = true
		}
	}
	root := filepath.Join("..", "..")
	found := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != root && (name == "testdata" || strings.HasPrefix(name, ".") || name == "docs") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		found[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	covered := func(pkg string) bool {
		if mapped[pkg] {
			return true
		}
		// "analyzers/<name>", "scanner/check/lang/*": a family of packages
		for m := range mapped {
			if prefix, ok := strings.CutSuffix(m, "/*"); ok && strings.HasPrefix(pkg, prefix+"/") {
				return true
			}
			if prefix, ok := strings.CutSuffix(m, "/<name>"); ok && strings.HasPrefix(pkg, prefix+"/") && !strings.Contains(strings.TrimPrefix(pkg, prefix+"/"), "/") {
				return true
			}
		}
		return false
	}
	for pkg := range found {
		if !covered(pkg) {
			t.Errorf("package %s is not in docs/DESIGN.md's package map", pkg)
		}
	}
	for m := range mapped {
		if strings.Contains(m, "*") || strings.Contains(m, "<") {
			continue
		}
		if !found[m] {
			t.Errorf("docs/DESIGN.md's package map names %s, which is not a package", m)
		}
	}
}
