package report_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The examples in README.md's "Output formats" section are excerpts of
// golden files, so the README shows what aaiguard really writes.
func TestReadmeExamplesAreGoldenExcerpts(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	start := strings.Index(s, "\n## Output formats\n")
	if start < 0 {
		t.Fatal("README.md has no Output formats section")
	}
	section := s[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	goldens, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, string(data))
	}
	blocks := regexp.MustCompile("(?s)```[a-z]+\n(.*?)```\n").FindAllStringSubmatch(section, -1)
	if len(blocks) < 5 {
		t.Fatalf("%d examples, want one per format", len(blocks))
	}
	for _, b := range blocks {
		found := false
		for _, g := range all {
			found = found || strings.Contains(g, b[1])
		}
		if !found {
			t.Errorf("README example is not in any golden file (regenerate it from testdata/golden):\n%s", b[1])
		}
	}
}
