package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// TestRepoRulesOverBudget: a repository's rules that spend their time
// budget are no longer run, and the run says so as an error (the CLI
// exits 2); the default rules still report. (A negative budget is spent
// before the run starts.)
func TestRepoRulesOverBudget(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		".aaiguard.toml": "[[rules]]\nid = \"internal-token\"\nchecklist = \"env-key\"\nkeywords = [\"itok_\"]\nregex = '''itok_\\w{20}'''\n",
	}
	for i := 0; i < 20; i++ {
		files["f"+strings.Repeat("x", i)+".py"] = "import assemblyai as aai\naai.settings.api_key = \"02af4091e900a9d6cce9fe4826b0a6c8\"\nt = itok_a8f3k2m9x7q1w5e6r4t0\n"
	}
	gitfixture.Write(t, dir, files)
	rep, err := Scan(context.Background(), CommandScan, Options{Root: dir, RepoBudget: -time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Summary.Errors) != 1 || !strings.Contains(rep.Summary.Errors[0], "took longer than their time budget") || !strings.Contains(rep.Summary.Errors[0], ".aaiguard.toml") {
		t.Fatalf("errors %q", rep.Summary.Errors)
	}
	keys := 0
	for _, f := range rep.Findings {
		if f.Rule == "assemblyai-api-key" {
			keys++
		}
	}
	if keys != 20 {
		t.Errorf("%d default-rule findings, want 20", keys)
	}
	// With the real budget, the same scan completes.
	rep, err = Scan(context.Background(), CommandScan, Options{Root: dir})
	if err != nil || len(rep.Summary.Errors) != 0 || len(rep.Findings) < 40 {
		t.Fatalf("err %v, errors %q, %d findings", err, rep.Summary.Errors, len(rep.Findings))
	}
}
