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
