package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// shardReport scans files into a JSON report file, as a CI matrix job would.
func shardReport(t *testing.T, files map[string]string, out string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "--output", out); code > 1 {
		t.Fatalf("scan: exit %d: %s", code, errs)
	}
}

func TestMergeCLI(t *testing.T) {
	reports := t.TempDir()
	leak := "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"
	a, b, clean := filepath.Join(reports, "api.json"), filepath.Join(reports, "web.json"), filepath.Join(reports, "docs.json")
	shardReport(t, map[string]string{"app.py": leak}, a)
	shardReport(t, map[string]string{"app.py": leak, "x/y.py": leak}, b)
	shardReport(t, map[string]string{"README.md": "# docs\n"}, clean)

	// Same path and key in both shards: one finding without prefixes.
	code, out, errs := runCLI(t, "merge", a, b, clean)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rep.Findings) != 2 || rep.Summary.FilesScanned != 4 {
		t.Errorf("findings %d, files %d\n%s", len(rep.Findings), rep.Summary.FilesScanned, out)
	}
	// Different repositories: --prefix-paths keeps them apart.
	code, out, _ = runCLI(t, "merge", "--prefix-paths", a, b, clean)
	rep, err = report.ReadJSON(strings.NewReader(out))
	if code != 1 || err != nil || len(rep.Findings) != 3 || rep.Findings[0].File != "api/app.py" {
		t.Errorf("exit %d %v\n%s", code, err, out)
	}
	if strings.Contains(out, fakeKey) {
		t.Error("raw key in merged report")
	}
	// Clean shards merge to exit 0; text output works too.
	if code, out, _ := runCLI(t, "merge", clean, "--format", "text"); code != 0 || !strings.Contains(out, "no findings") {
		t.Errorf("clean: exit %d\n%s", code, out)
	}
}

func TestMergeCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	shardReport(t, map[string]string{"a.py": "x = 1\n"}, good)
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"tool":{"name":"aaiguard"},"findings":[{"rule":"r","severity":"urgent"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "merged.json")
	code, stdout, errs := runCLI(t, "merge", good, bad, "--output", out)
	if code != 2 || !strings.Contains(errs, bad+": finding 1: unknown severity") || strings.Count(errs, "\n") != 1 {
		t.Errorf("exit %d %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil || stdout != "" {
		t.Error("a report was written despite a bad input")
	}
	if code, _, errs := runCLI(t, "merge", good, filepath.Join(dir, "nope.json")); code != 2 || !strings.Contains(errs, "nope.json: no such file") {
		t.Errorf("missing: exit %d %q", code, errs)
	}
	if code, _, _ := runCLI(t, "merge"); code != 2 {
		t.Errorf("no arguments: exit %d", code)
	}
	other := filepath.Join(t.TempDir(), "good.json")
	shardReport(t, map[string]string{"a.py": "x = 1\n"}, other)
	if code, _, errs := runCLI(t, "merge", "--prefix-paths", good, other); code != 2 || !strings.Contains(errs, "same name") {
		t.Errorf("name clash: exit %d %q", code, errs)
	}
}

func TestMergeCLIShardErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(p, []byte(`{"tool":{"name":"aaiguard"},"findings":[],"summary":{"command":"check","errors":["history: corrupt object"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "merge", p)
	if code != 2 || !strings.Contains(out, "broken: history: corrupt object") {
		t.Errorf("exit %d\n%s", code, out)
	}
}
