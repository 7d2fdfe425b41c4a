package baseline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// Fake keys (random, never issued).
const (
	keyA = "c5c5285779dea9a4833e676b2d04f46b"
	keyB = "2ef763e91f8e01127132d43d8c3acb66"
)

func keyFinding(file string, line int, raw string) finding.Finding {
	f := finding.Finding{Rule: "assemblyai-api-key", Checklist: "env-key", Severity: finding.High,
		Message: "AssemblyAI API key hard-coded", File: file, Line: line, Column: 10}
	f.SetEvidence(raw)
	return f
}

// writeBaseline writes fs as aaiguard's JSON report (what `aaiguard
// baseline` writes) and returns its path.
func writeBaseline(t *testing.T, fs ...finding.Finding) string {
	t.Helper()
	var buf bytes.Buffer
	r := &report.Report{Tool: report.Tool{Name: "aaiguard", Version: "test"}, Findings: fs}
	if err := report.WriteJSON(&buf, r, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(keyA)) {
		t.Fatal("the baseline holds a raw key")
	}
	p := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t *testing.T, path string) *baseline.Baseline {
	t.Helper()
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A baselined key that moved to another line (lines added above it, a
// reformat) stays hidden: the fingerprint has no line in it.
func TestLineShiftStaysHidden(t *testing.T) {
	b := load(t, writeBaseline(t, keyFinding("src/app.py", 3, keyA)))
	out, hidden := b.Filter([]finding.Finding{keyFinding("src/app.py", 120, keyA)})
	if len(out) != 0 || hidden != 1 {
		t.Errorf("shifted finding resurfaced: %v (hidden %d)", out, hidden)
	}
	if b.Unused() != 0 {
		t.Errorf("unused %d", b.Unused())
	}
}

// A different key on the very same line is a new finding; so is the known
// key in another file, and the same key found by another rule.
func TestNewSecretsResurface(t *testing.T) {
	b := load(t, writeBaseline(t, keyFinding("src/app.py", 3, keyA)))
	other := keyFinding("src/app.py", 3, keyA)
	other.Rule = "internal-token"
	other.SetEvidence(keyA)
	in := []finding.Finding{
		keyFinding("src/app.py", 3, keyB),   // rotated in place
		keyFinding("src/other.py", 3, keyA), // copied elsewhere
		other,
	}
	out, hidden := b.Filter(in)
	if len(out) != 3 || hidden != 0 {
		t.Errorf("got %d findings, %d hidden; want all 3 new", len(out), hidden)
	}
	if b.Unused() != 1 {
		t.Errorf("the fixed baseline entry is not reported unused: %d", b.Unused())
	}
}

// Filtering keeps the order of what it does not hide.
func TestFilterKeepsOrder(t *testing.T) {
	b := load(t, writeBaseline(t, keyFinding("b.py", 1, keyA)))
	in := []finding.Finding{keyFinding("c.py", 1, keyB), keyFinding("b.py", 9, keyA), keyFinding("a.py", 1, keyB)}
	out, hidden := b.Filter(in)
	if hidden != 1 || len(out) != 2 || out[0].File != "c.py" || out[1].File != "a.py" {
		t.Errorf("%v %d", out, hidden)
	}
}

// A baseline that cannot be used is a one-line error naming the file and
// what is wrong, never an empty baseline that hides nothing silently (or
// everything).
func TestBrokenBaselines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noFP := strings.Replace(string(must(os.ReadFile(writeBaseline(t, keyFinding("a.py", 1, keyA))))), `"fingerprint": "`, `"fingerprint": "" , "x": "`, 1)
	cases := map[string]struct{ path, want string }{
		"missing":        {filepath.Join(dir, "nope.json"), "no such file"},
		"empty":          {write("empty.json", ""), "not valid JSON"},
		"not json":       {write("text.json", "findings:\n  - a\n"), "line 1: not valid JSON"},
		"truncated":      {write("cut.json", "{\n  \"tool\": {\"name\": \"aaiguard\"},\n  \"findings\": [\n    {\"rule\": \"x\",\n"), "not valid JSON"},
		"sarif":          {write("report.sarif", `{"version": "2.1.0", "runs": []}`), `not an aaiguard JSON report (tool.name is ""`},
		"no findings":    {write("nofindings.json", `{"tool": {"name": "aaiguard"}}`), "no findings array"},
		"wrong type":     {write("type.json", "{\"tool\": {\"name\": \"aaiguard\"},\n\"findings\": [{\"line\": \"twelve\"}]}"), "line 2: not an aaiguard JSON report: findings.line is a JSON string"},
		"no fingerprint": {write("nofp.json", noFP), "finding 1 has no fingerprint"},
		"a directory":    {dir, "baseline"},
	}
	for name, c := range cases {
		_, err := baseline.Load(c.path)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, c.path) || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q, want one line naming %s and saying %q", name, msg, c.path, c.want)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
