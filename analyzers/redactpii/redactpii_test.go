package redactpii_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/redactpii"
)

// testdata is the GOPATH tree shared by the analyzers: it holds the stub of
// the SDK (v1.10.0 signatures) once, next to each analyzer's cases.
var testdata = filepath.Join("..", "testdata")

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, abs(t, testdata), redactpii.Analyzer, "redactpii/a", "redactpii/dot", "redactpii/jsonstr", "redactpii/jsonnohost", "beta/redactpii")
}

func TestTestFiles(t *testing.T) {
	a := redactpii.New(redactpii.Config{RequirePolicies: true, Tests: true, Policies: redactpii.DefaultPolicies})
	analysistest.Run(t, abs(t, testdata), a, "redactpii/tests")
}

func TestPoliciesOptional(t *testing.T) {
	a := redactpii.New(redactpii.DefaultConfig())
	if err := a.Flags.Set("require-policies", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, abs(t, testdata), a, "redactpii/nopolicies")
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
