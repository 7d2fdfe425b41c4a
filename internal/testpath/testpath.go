// Package testpath says which files are tests, the same way for every
// language aaiguard checks: the Go analyzers, the Go stage and the
// JS/TS/Python code rules skip them unless asked (--tests), while the
// secret scan reports keys wherever they are.
package testpath

import (
	"path"
	"strings"
)

// dirs are directory names that hold tests (and their fixtures) in the
// ecosystems aaiguard checks: Go's testdata, JavaScript's __tests__ and
// __mocks__ (Jest), test/ and tests/ (Node, pytest, Go projects' e2e
// suites), spec/ (Jasmine, RSpec-style layouts).
var dirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "__mocks__": true,
	"spec": true, "testdata": true,
}

// jsExts are the extensions of JavaScript and TypeScript modules, for the
// name.test.ts and name.spec.js conventions.
var jsExts = map[string]bool{
	".js": true, ".jsx": true, ".mjs": true, ".cjs": true,
	".ts": true, ".tsx": true, ".mts": true, ".cts": true,
}

// Is reports whether the slash-separated path p is a test file: its name
// is a test file's name (IsName) or one of its directories is a test
// directory. p must be relative to the scanned root: the directories above
// it (a checkout under /home/ci/test/) say nothing about the file.
func Is(p string) bool {
	if IsName(path.Base(p)) {
		return true
	}
	dir := path.Dir(p)
	if dir == "." || dir == "/" {
		return false
	}
	for _, elem := range strings.Split(strings.TrimPrefix(dir, "/"), "/") {
		if dirs[elem] {
			return true
		}
	}
	return false
}

// IsName reports whether a file name (no directory) is a test file's name:
// x_test.go; x.test.ts, x.spec.js and the other JS/TS extensions;
// test_x.py, x_test.py and conftest.py (pytest).
func IsName(name string) bool {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	switch {
	case ext == ".go":
		return strings.HasSuffix(stem, "_test")
	case ext == ".py":
		return strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") || stem == "conftest"
	case jsExts[ext]:
		return strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec")
	}
	return false
}
