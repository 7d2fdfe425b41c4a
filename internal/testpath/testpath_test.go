package testpath

import "testing"

func TestIs(t *testing.T) {
	for p, want := range map[string]bool{
		"main.go":                        false,
		"pkg/client_test.go":             true,
		"pkg/test.go":                    false, // a file named test.go is code
		"pkg/contest.go":                 false,
		"pkg/latest_test_helpers.go":     false,
		"test/e2e/main.go":               true,
		"internal/tests/fixtures.go":     true,
		"testdata/fixture.go":            true,
		"src/__tests__/app.tsx":          true,
		"src/__mocks__/api.ts":           true,
		"src/app.test.ts":                true,
		"src/app.spec.jsx":               true,
		"src/app.test.mjs":               true,
		"src/app.ts":                     false,
		"src/latest.ts":                  false,
		"src/contest.spec.d.ts":          false, // a declaration file, not a suite
		"spec/helpers.js":                true,
		"specs/helpers.js":               false,
		"app/test_worker.py":             true,
		"app/worker_test.py":             true,
		"app/conftest.py":                true,
		"app/testing.py":                 false,
		"app/attest.py":                  false,
		"tests/unit/worker.py":           true,
		"notebooks/test_run.ipynb":       false,
		"/home/ci/test/repo/src/main.go": true, // absolute: callers pass root-relative paths
		"config/test.env":                false,
		"testing/helper.go":              false,
		"vendor/x/tests/y.go":            true,
		"contests/x.go":                  false,
		"web/src/test-utils.ts":          false,
	} {
		if got := Is(p); got != want {
			t.Errorf("Is(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestIsName(t *testing.T) {
	for name, want := range map[string]bool{
		"a_test.go": true, "_test.go": true, "a.go": false, "a_test.go.orig": false,
		"a.test.tsx": true, "a.spec.cts": true, "a.test.py": false,
		"test_a.py": true, "a_test.py": true, "test.py": false,
	} {
		if got := IsName(name); got != want {
			t.Errorf("IsName(%q) = %v, want %v", name, got, want)
		}
	}
}
