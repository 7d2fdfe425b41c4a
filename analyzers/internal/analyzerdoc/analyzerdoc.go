// Package analyzerdoc extracts an analyzer's documentation from the
// "# Analyzer <name>" section of its package's doc.go, so that doc.go is the
// one place the documentation lives (go doc, pkg.go.dev, -help and
// golangci-lint all show the same text).
package analyzerdoc

import (
	"fmt"
	"strings"
)

// MustExtract returns the section "# Analyzer name" of the doc comment in
// content (the text of a doc.go file), in the form go/analysis expects: the
// summary after "name: " on the first line, then the rest. It panics when
// the section is missing, which a test catches.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract that returns an error.
func Extract(content, name string) (string, error) {
	var lines []string
	for _, l := range strings.Split(content, "\n") {
		if !strings.HasPrefix(l, "//") {
			if len(lines) > 0 && strings.HasPrefix(l, "package ") {
				break
			}
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		lines = append(lines, l)
	}
	heading := "# Analyzer " + name
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == heading {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", fmt.Errorf("doc.go has no %q section", heading)
	}
	var body []string
	for _, l := range lines[start:] {
		if strings.HasPrefix(l, "# ") {
			break
		}
		body = append(body, l)
	}
	text := strings.TrimSpace(strings.Join(body, "\n"))
	prefix := name + ": "
	if !strings.HasPrefix(text, prefix) {
		return "", fmt.Errorf("section %q must start with %q", heading, prefix)
	}
	return strings.TrimPrefix(text, prefix), nil
}
