package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

const fakeKey = "c5c5285779dea9a4833e676b2d04f46b" // random, never issued

// runCLI runs aaiguard in-process.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func leakyDir(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"app.py":    "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
		"README.md": "# demo\n",
	})
	return dir
}

func TestScanFindsKeyAndExits1(t *testing.T) {
	dir := leakyDir(t)
	code, out, errs := runCLI(t, "scan", dir, "--no-color")
	if code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "app.py") || !strings.Contains(out, "2:25") || !strings.Contains(out, "c5c5…") {
		t.Errorf("output:\n%s", out)
	}
	if strings.Contains(out+errs, fakeKey) {
		t.Error("raw key printed without --show-secrets")
	}
	// A plain directory: the advice says so (no claim about git history).
	if !strings.Contains(out, "fix: This key is in a file outside any git repository") {
		t.Error("no remediation line for a key outside git")
	}
}

func TestCleanDirExits0(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"app.py": "import os\nkey = os.environ['ASSEMBLYAI_API_KEY']\n"})
	if code, out, errs := runCLI(t, "scan", dir); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

func TestDefaultCommandIsCheck(t *testing.T) {
	dir := leakyDir(t)
	code, out, _ := runCLI(t, dir, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary == nil || rep.Summary.Command != "check" || len(rep.Findings) != 1 {
		t.Errorf("report %+v", rep)
	}
}

func TestExitCodeOverride(t *testing.T) {
	dir := leakyDir(t)
	if code, _, _ := runCLI(t, "scan", dir, "--exit-code", "42"); code != 42 {
		t.Errorf("exit %d, want 42", code)
	}
	if code, _, _ := runCLI(t, "scan", dir, "--exit-code", "0"); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestWarningsFailOnlyWhenStrict(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".aaiguard.toml": "[[rules]]\nid = \"internal-token\"\nchecklist = \"env-key\"\nseverity = \"medium\"\nkeywords = [\"itok_\"]\nregex = '''itok_[a-z0-9]{16}'''\n",
		"a.txt":          "t = itok_q8f3k2m9x7q1w5e6\n",
	})
	code, out, _ := runCLI(t, "scan", dir)
	if code != 0 || !strings.Contains(out, "internal-token") {
		t.Errorf("warning: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "scan", dir, "--strict"); code != 1 {
		t.Errorf("--strict: exit %d", code)
	}
}

func TestUsageAndConfigErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".aaiguard.toml": "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = '''(unclosed'''\n"})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", dir}, ".aaiguard.toml:4: rule x: regex: missing closing )"},
		{[]string{"scan", t.TempDir(), "--config", "/nonexistent.toml"}, "/nonexistent.toml"},
		{[]string{"scan", "/nonexistent/path"}, "/nonexistent/path"},
		{[]string{"scan", t.TempDir(), "--format", "yaml"}, "--format \"yaml\""},
		{[]string{"scan", t.TempDir(), "--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"scan", t.TempDir(), "--max-file-size", "ten"}, "--max-file-size"},
		{[]string{"scan", t.TempDir(), "--baseline", "/nonexistent.json"}, "baseline"},
		{[]string{"scan", "a", "b"}, "accepts at most 1 arg"},
	} {
		code, out, errs := runCLI(t, tc.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stdout %q)", tc.args, code, out)
		}
		if !strings.Contains(errs, tc.want) {
			t.Errorf("%v: stderr %q, want %q", tc.args, errs, tc.want)
		}
		if n := strings.Count(strings.TrimSpace(errs), "\n"); n > 0 {
			t.Errorf("%v: error is %d lines: %q", tc.args, n+1, errs)
		}
	}
}

func TestIncompleteScanExits2(t *testing.T) {
	a := &app{opts: globalOpts{exitCode: 1}}
	rep := &report.Report{Summary: &report.Summary{Errors: []string{"x: permission denied"}}}
	err := a.exitFor(rep)
	ee, ok := err.(*exitErr)
	if !ok || ee.code != 2 {
		t.Fatalf("incomplete scan: %v", err)
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	dir := leakyDir(t)
	bl := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errs := runCLI(t, "baseline", dir, "--output", bl); code != 0 {
		t.Fatalf("baseline: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(bl)
	if err != nil || bytes.Contains(data, []byte(fakeKey)) {
		t.Fatalf("baseline file: %v (must not hold the raw key)", err)
	}
	// Shift the key down: the fingerprint is content-based.
	writeFiles(t, dir, map[string]string{"app.py": "import assemblyai as aai\n\n\n# moved\naai.settings.api_key = \"" + fakeKey + "\"\n"})
	code, out, _ := runCLI(t, "scan", dir, "--baseline", bl, "--no-color")
	if code != 0 || !strings.Contains(out, "1 in baseline") {
		t.Errorf("after a line shift: exit %d\n%s", code, out)
	}
	// A different key on the same line is new.
	writeFiles(t, dir, map[string]string{"app.py": "import assemblyai as aai\naai.settings.api_key = \"2ef763e91f8e01127132d43d8c3acb66\"\n"})
	if code, _, _ := runCLI(t, "scan", dir, "--baseline", bl); code != 1 {
		t.Errorf("different key: exit %d", code)
	}
}

func TestDisableCodeRules(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".aaiguard.toml": "[extend]\ndisabledRules = [\"aai-content-safety-missing\"]\n",
		"t.py":           "import assemblyai as aai\nconfig = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=[aai.PIIRedactionPolicy.person_name])\naai.Transcriber().transcribe(\"a.mp3\", config=config)\n",
	})
	_, out, _ := runCLI(t, "scan", dir, "--format", "json")
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Rule == "aai-content-safety-missing" {
			t.Errorf("disabled code rule reported:\n%s", out)
		}
	}
	// Disabling it is noted, naming the line (issue 14).
	if !strings.Contains(out, "the configuration .aaiguard.toml:2 disables aai-content-safety-missing") {
		t.Errorf("no note:\n%s", out)
	}
	writeFiles(t, dir, map[string]string{".aaiguard.toml": "[extend]\ndisabledRules = [\"aai-content-safty-missing\"]\n"})
	code, _, errs := runCLI(t, "scan", dir)
	if code != 2 || !strings.Contains(errs, `.aaiguard.toml:2: disabledRules names unknown rule "aai-content-safty-missing"`) {
		t.Errorf("typo in disabledRules: exit %d %q", code, errs)
	}
}

// A baselined finding no longer fails the checklist (and so the run).
func TestBaselineBeforeChecklist(t *testing.T) {
	dir := leakyDir(t)
	bl := filepath.Join(t.TempDir(), "b.json")
	if code, _, errs := runCLI(t, "baseline", dir, "--output", bl); code != 0 {
		t.Fatalf("baseline: %d %s", code, errs)
	}
	code, out, _ := runCLI(t, "check", dir, "--baseline", bl, "--format", "json")
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Checklist {
		if c.ID == "env-key" && c.Status == "fail" {
			t.Errorf("env-key fails on a baselined key")
		}
	}
	if code != 0 || rep.Summary.Baselined == 0 {
		t.Errorf("exit %d, baselined %d", code, rep.Summary.Baselined)
	}
}

func TestShowSecretsAndJSON(t *testing.T) {
	dir := leakyDir(t)
	_, out, _ := runCLI(t, "scan", dir, "--format", "json")
	if strings.Contains(out, fakeKey) {
		t.Error("raw key in JSON without --show-secrets")
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tool", "findings"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	_, out, _ = runCLI(t, "scan", dir, "--format", "json", "--show-secrets")
	if !strings.Contains(out, fakeKey) {
		t.Error("--show-secrets did not show the key")
	}
}

func TestVersionAndRules(t *testing.T) {
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "aaiguard ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ := runCLI(t, "rules")
	if code != 0 || !strings.Contains(out, "assemblyai-api-key") || !strings.Contains(out, "env-key") || !strings.Contains(out, "webhook-auth") {
		t.Errorf("rules: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "rules", "--format", "json")
	var doc struct {
		Rules     []map[string]string `json:"rules"`
		Checklist []map[string]string `json:"checklist"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Checklist) != 9 || len(doc.Rules) == 0 {
		t.Errorf("rules json: %d\n%s", code, out)
	}
}

func TestNotAGitRepositoryNote(t *testing.T) {
	dir := leakyDir(t)
	_, out, _ := runCLI(t, "scan", dir, "--no-color")
	if !strings.Contains(out, "not in a git repository") {
		t.Errorf("no note for a plain directory:\n%s", out)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"10MiB": 10 << 20, "512": 512, "1K": 1024, "2 GiB": 2 << 30, "0": 0} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("%q: %d %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "-1", "ten", "1.5M"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A key in Go code is one finding: the secret rule's, not also the Go
// analyzer's.
func TestHardcodedKeyInGoReportedOnce(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.22\n",
		"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() {\n\treq, _ := http.NewRequest(\"GET\", \"https://api.assemblyai.com/v2/transcript\", nil)\n\treq.Header.Set(\"Authorization\", \"" + fakeKey + "\")\n\t_ = req\n}\n",
	})
	_, out, errs := runCLI(t, "scan", dir, "--format", "json")
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, errs)
	}
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.Rule)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "assemblyai-api-key" {
		t.Errorf("findings %v, want only assemblyai-api-key", rules)
	}
}
