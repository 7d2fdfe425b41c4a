package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/pipeline"
)

// runTTY runs aaiguard in-process as if stdout were a terminal.
func runTTY(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, isTTY: func() bool { return true }}
	code := a.execute(args)
	return code, out.String()
}

// Each --format writes a well-formed report of that format, with the key
// redacted, and the exit code for findings (--exit-code too).
func TestEveryFormat(t *testing.T) {
	dir := leakyDir(t)
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		code, out, errs := runCLI(t, "scan", dir, "--format", format, "--exit-code", "7")
		if code != 7 {
			t.Errorf("%s: exit %d, stderr %q", format, code, errs)
		}
		if strings.Contains(out, fakeKey) || !strings.Contains(out, "c5c5…") {
			t.Errorf("%s: the key is not redacted:\n%s", format, out)
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%s: colour when stdout is not a terminal", format)
		}
		switch format {
		case "json":
			if !json.Valid([]byte(out)) {
				t.Errorf("json: not JSON")
			}
		case "sarif":
			var log struct {
				Runs []struct {
					Tool struct {
						Driver struct {
							Rules []struct{ ID string } `json:"rules"`
						} `json:"driver"`
					} `json:"tool"`
					Results []struct {
						RuleID string `json:"ruleId"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
				t.Fatalf("sarif: %v\n%s", err, out)
			}
			// The rules come from the CLI: the catalogue and the code rules.
			ids := map[string]bool{}
			for _, r := range log.Runs[0].Tool.Driver.Rules {
				ids[r.ID] = true
			}
			for _, want := range []string{"assemblyai-api-key", "go-hardcodedkey"} {
				if !ids[want] {
					t.Errorf("sarif: rule %s not listed (%d rules)", want, len(ids))
				}
			}
			for _, cr := range pipeline.Rules(nil) {
				if !ids[cr.ID] {
					t.Errorf("sarif: code rule %s not listed", cr.ID)
				}
			}
		case "junit":
			var doc struct {
				XMLName  xml.Name `xml:"testsuites"`
				Failures int      `xml:"failures,attr"`
			}
			if err := xml.Unmarshal([]byte(out), &doc); err != nil || doc.Failures != 1 {
				t.Errorf("junit: %v, %d failures\n%s", err, doc.Failures, out)
			}
		case "markdown":
			if !strings.Contains(out, "| Severity | File |") || !strings.Contains(out, "<code>app.py</code>") {
				t.Errorf("markdown:\n%s", out)
			}
		case "text":
			if !strings.Contains(out, "app.py\n  2:25") || !strings.Contains(out, "fix:") {
				t.Errorf("text:\n%s", out)
			}
		}
	}
}

// --show-secrets prints the key in every format.
func TestShowSecretsEveryFormat(t *testing.T) {
	dir := leakyDir(t)
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		_, out, _ := runCLI(t, "scan", dir, "--format", format, "--show-secrets")
		if !strings.Contains(out, fakeKey) {
			t.Errorf("%s: --show-secrets did not show the key", format)
		}
	}
}

// An unknown format is a usage error: exit 2, one line, nothing written.
func TestUnknownFormatExit2(t *testing.T) {
	dir := leakyDir(t)
	outFile := filepath.Join(t.TempDir(), "report.out")
	for _, args := range [][]string{
		{"scan", dir, "--format", "xml", "--output", outFile},
		{"check", dir, "--format", "SARIF"},
		{"scan", dir, "-f", ""},
	} {
		code, out, errs := runCLI(t, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "want one of text, json, sarif, junit, markdown") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	if _, err := os.Stat(outFile); err == nil {
		t.Error("a report file was written for an unknown format")
	}
}

// --output replaces a regular file atomically (a new file renamed over
// it: no moment with half a report), keeps its permissions, and leaves no
// temporary file behind.
func TestOutputFileIsReplacedAtomically(t *testing.T) {
	dir := leakyDir(t)
	outDir := t.TempDir()
	p := filepath.Join(outDir, "aaiguard.sarif")
	if err := os.WriteFile(p, []byte("old report that is longer than nothing"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(p)
	// A reader holding the old file keeps reading the old, whole content.
	old, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	code, stdout, errs := runCLI(t, "scan", dir, "--format", "sarif", "--output", p)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Error("the file was rewritten in place, not replaced")
	}
	if after.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", after.Mode().Perm())
	}
	data, _ := os.ReadFile(p)
	if !json.Valid(data) || !bytes.Contains(data, []byte(`"ruleId": "assemblyai-api-key"`)) {
		t.Errorf("report: %s", data)
	}
	if oldData, _ := io.ReadAll(old); string(oldData) != "old report that is longer than nothing" {
		t.Errorf("the old file changed under its reader: %q", oldData)
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// A new file in a directory that does not exist: exit 2 naming it.
	missing := filepath.Join(outDir, "no", "such", "dir", "r.json")
	code, _, errs = runCLI(t, "scan", dir, "--output", missing)
	if code != 2 || !strings.Contains(errs, missing) {
		t.Errorf("missing directory: exit %d, %q", code, errs)
	}
}

// --output /dev/null writes into the device and never replaces it.
func TestOutputDevNull(t *testing.T) {
	st, err := os.Stat(os.DevNull)
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device at", os.DevNull)
	}
	code, out, errs := runCLI(t, "scan", leakyDir(t), "--format", "json", "--output", os.DevNull)
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	after, err := os.Stat(os.DevNull)
	if err != nil || after.Mode()&os.ModeCharDevice == 0 || !os.SameFile(st, after) {
		t.Fatalf("%s was replaced: %v %v", os.DevNull, after.Mode(), err)
	}
}

// --output into a FIFO writes into it (a reader gets the report) and
// leaves the FIFO in place.
func TestOutputFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "report.fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan []byte, 1)
	go func() {
		fh, err := os.Open(p) // blocks until the writer opens
		if err != nil {
			got <- nil
			return
		}
		defer fh.Close()
		data, _ := io.ReadAll(fh)
		got <- data
	}()
	code, _, errs := runCLI(t, "scan", leakyDir(t), "--format", "junit", "--output", p)
	if code != 1 {
		t.Errorf("exit %d: %s", code, errs)
	}
	select {
	case data := <-got:
		if !bytes.Contains(data, []byte("<testsuites")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</testsuites>")) {
			t.Errorf("the reader got %q", data)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing written to the FIFO")
	}
	st, err := os.Lstat(p)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
}

// Colour only on a terminal, never with --no-color, NO_COLOR or --output,
// and never in the machine formats.
func TestColor(t *testing.T) {
	dir := leakyDir(t)
	if _, out := runTTY(t, "scan", dir); !strings.Contains(out, "\x1b[") {
		t.Errorf("no colour on a terminal:\n%q", out)
	}
	if _, out := runTTY(t, "scan", dir, "--no-color"); strings.Contains(out, "\x1b") {
		t.Error("--no-color: colour")
	}
	for _, format := range []string{"json", "sarif", "junit", "markdown"} {
		if _, out := runTTY(t, "scan", dir, "--format", format); strings.Contains(out, "\x1b") {
			t.Errorf("%s: colour in a machine format", format)
		}
	}
	p := filepath.Join(t.TempDir(), "r.txt")
	runTTY(t, "scan", dir, "--output", p)
	if data, _ := os.ReadFile(p); strings.Contains(string(data), "\x1b") || !strings.Contains(string(data), "app.py") {
		t.Errorf("--output file: %q", data)
	}
	t.Setenv("NO_COLOR", "1")
	if _, out := runTTY(t, "scan", dir); strings.Contains(out, "\x1b") {
		t.Error("NO_COLOR: colour")
	}
}

// merge, which reads reports without rule metadata, still lists every
// rule in SARIF: the default catalogue and the code rules.
func TestMergeToSARIFListsRules(t *testing.T) {
	dir := leakyDir(t)
	shard := filepath.Join(t.TempDir(), "shard.json")
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "--output", shard); code != 1 {
		t.Fatalf("scan: %d %s", code, errs)
	}
	code, out, errs := runCLI(t, "merge", shard, "--format", "sarif")
	if code != 1 || !strings.Contains(out, `"id": "assemblyai-api-key"`) || !strings.Contains(out, `"id": "go-hardcodedkey"`) {
		t.Errorf("merge: exit %d, %s\n%s", code, errs, out)
	}
	if strings.Count(out, `"id": "assemblyai-api-key"`) != 1 {
		t.Error("a rule listed twice")
	}
}

// Scanning a directory inside a repository: the JSON report says where it
// is, and SARIF's paths are relative to the repository's top, where code
// scanning resolves them; the other formats keep paths relative to the
// scanned directory.
func TestSARIFPathsFromASubdirectory(t *testing.T) {
	repo := gitfixture.Repo(t, map[string]string{
		"services/api/app.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
		"README.md":           "# x\n",
	}, "services/api/app.py", "README.md")
	sub := filepath.Join(repo, "services", "api")
	_, out, errs := runCLI(t, "scan", sub, "--format", "sarif")
	if !strings.Contains(out, `"uri": "services/api/app.py"`) {
		t.Errorf("sarif: %s\n%s", errs, out)
	}
	_, out, _ = runCLI(t, "scan", sub, "--format", "json")
	if !strings.Contains(out, `"file": "app.py"`) || !strings.Contains(out, `"repoPath": "services/api"`) {
		t.Errorf("json:\n%s", out)
	}
	// At the top, no prefix.
	_, out, _ = runCLI(t, "scan", repo, "--format", "sarif")
	if !strings.Contains(out, `"uri": "services/api/app.py"`) || strings.Contains(out, "repoPath") {
		t.Errorf("sarif at the top:\n%s", out)
	}
}
