package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gofixture"
)

// writeModule writes a Go module that uses the SDK stub (gofixture).
func writeModule(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	gofixture.WriteModule(t, dir, files)
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// serviceGo is the shared SDK-using fixture (its key is not key-shaped, so
// only the Go analyzer reports it: see TestHardcodedKeyInGoReportedOnce).
const serviceGo = gofixture.ServiceGo

type jsonReport struct {
	Findings []struct {
		Rule, Checklist, Severity, Message, File, Source, Fingerprint string
		Line, Column                                                  int
	}
	Summary struct {
		Errors []string
		Notes  []string
	}
}

func runJSON(t *testing.T, args ...string) (jsonReport, int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"--format", "json", "--quiet"}, args...), strings.NewReader(""), &out, &errb)
	var rep jsonReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("aaiguard %v: exit %d, bad JSON (%v):\n%s\nstderr: %s", args, code, err, out.String(), errb.String())
	}
	return rep, code, errb.String()
}

func goFindings(rep jsonReport) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Source == "go" {
			out = append(out, f.Rule+" "+f.Checklist+" "+f.Severity+" "+f.File+":"+itoa(f.Line))
		}
	}
	return out
}

func itoa(n int) string { return jsonInt(n) }

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestGoStageFindings(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo})
	rep, code, stderr := runJSON(t, "scan", dir)
	if code != exitFindings {
		t.Errorf("exit %d, want %d (stderr %s)", code, exitFindings, stderr)
	}
	got := goFindings(rep)
	want := []string{
		"go-hardcodedkey env-key high main.go:10",
		"go-redactpii pii-redaction high main.go:14",
	}
	if !slices.Equal(got, want) {
		t.Errorf("go findings:\n got %q\nwant %q", got, want)
	}
	// go-contentsafety's two findings become the one project-level
	// content-safety finding (the repository does not say whether its
	// audio is user-generated), at the first call, counting both.
	var cs []string
	for _, f := range rep.Findings {
		if f.Checklist == "content-safety" {
			cs = append(cs, f.Rule+" "+f.File+":"+itoa(f.Line)+" "+f.Message)
		}
	}
	if len(cs) != 1 || !strings.HasPrefix(cs[0], "aai-content-safety-missing main.go:14 2 transcription request(s)") {
		t.Errorf("content-safety findings: %q", cs)
	}
	if len(rep.Summary.Errors) > 0 {
		t.Errorf("unexpected errors: %q", rep.Summary.Errors)
	}
}

// Fingerprints do not depend on the line: a baseline survives edits above.
func TestGoStageFingerprintSurvivesLineShift(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo})
	before, _, _ := runJSON(t, "scan", dir)
	write(t, filepath.Join(dir, "main.go"), strings.Replace(serviceGo, "package main\n", "package main\n\n// A comment that moves everything down.\n\n", 1))
	after, _, _ := runJSON(t, "scan", dir)
	fp := func(r jsonReport) (out []string) {
		for _, f := range r.Findings {
			if f.Source == "go" {
				out = append(out, f.Fingerprint)
			}
		}
		return out
	}
	if len(fp(before)) != 2 || !slices.Equal(fp(before), fp(after)) {
		t.Errorf("fingerprints changed with a line shift: %q -> %q", fp(before), fp(after))
	}
	if after.Findings[0].Line == before.Findings[0].Line {
		t.Error("the edit did not move the findings; the test proves nothing")
	}
}

// A package that does not compile is an error (exit 2) naming file and
// line; the other packages are still analysed and reported. (Both broken
// packages name an AssemblyAI host, so they are selected: see
// TestGoStageSkipsBrokenPackagesThatDoNotMatter.)
func TestGoStageLoadErrorKeepsOtherFindings(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":        serviceGo,
		"broken/b.go":    "package broken\n\nfunc f() {\n\treturn 1\n}\n\nconst host = \"https://api.assemblyai.com\"\n",
		"syntax/s.go":    "package syntax\n\nvar _ = \"api.assemblyai.com\"; func (\n",
		"other/other.go": "package other\n",
	})
	rep, code, _ := runJSON(t, "scan", dir)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if got := goFindings(rep); len(got) != 2 {
		t.Errorf("findings of the packages that load: %q, want 2", got)
	}
	all := strings.Join(rep.Summary.Errors, "\n")
	for _, want := range []string{"broken/b.go:4:", "syntax/s.go:3:"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors %q do not name %s", rep.Summary.Errors, want)
		}
	}
}

// A module whose requirements are not in the module cache cannot be
// loaded without the network, which aaiguard never uses: not a silent
// pass when the package that needs it uses AssemblyAI. The syntactic Go
// rules judge its files instead (a transcription request without
// redaction is still reported), and a note names the missing module and
// says that typed analysis was replaced.
func TestGoStageMissingModule(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.26\n\nrequire example.com/not/in/cache v1.2.3\n")
	write(t, filepath.Join(dir, "m.go"), "package m\n\nimport (\n\t\"bytes\"\n\t\"net/http\"\n\n\t_ \"example.com/not/in/cache\"\n)\n\n"+
		"func submit() {\n\thttp.Post(\"https://api.assemblyai.com/v2/transcript\", \"application/json\", bytes.NewBufferString(`{\"audio_url\": \"https://example.com/a.mp3\"}`))\n}\n")
	rep, code, _ := runJSON(t, "scan", dir)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	notes := strings.Join(rep.Summary.Notes, "\n")
	if !strings.Contains(notes, "example.com/not/in/cache") || !strings.Contains(notes, "typed analysis was replaced") {
		t.Errorf("notes %q do not name the missing module and the fallback", rep.Summary.Notes)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Checklist == "pii-redaction" && f.File == "m.go"
	}
	if !found {
		t.Errorf("the syntactic Go rules did not judge m.go: %+v", rep.Findings)
	}
}

// Modules and packages under testdata are skipped, as go list ./... skips
// them (this repository keeps deliberately bad code there).
func TestGoStageSkipsTestdata(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"ok.go":                    "package svc\n",
		"testdata/bad/bad.go":      serviceGo,
		"testdata/mod/go.mod":      "module example.com/bad\n\ngo 1.26\n",
		"testdata/mod/bad.go":      "package bad\n\nfunc (\n",
		"sub/nested/go.mod":        "module example.com/nested\n\ngo 1.26\n",
		"sub/nested/nested.go":     "package nested\n\nimport \"net/http\"\n\nconst u = \"https://api.assemblyai.com\"\n\nfunc f(r *http.Request) { r.Header.Set(\"Authorization\", \"literal-key\") }\n",
		"sdk/testdata/x/broken.go": "package x\n\nfunc (\n",
	})
	rep, code, _ := runJSON(t, "scan", dir)
	if len(rep.Summary.Errors) > 0 {
		t.Errorf("errors from skipped directories: %q", rep.Summary.Errors)
	}
	// The nested module (not under testdata) is analysed on its own.
	if got := goFindings(rep); !slices.Equal(got, []string{"go-hardcodedkey env-key high sub/nested/nested.go:7"}) {
		t.Errorf("go findings %q", got)
	}
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
}

// aaiguard:allow on the line, and allowlisted paths, drop Go findings.
func TestGoStageAllow(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":        strings.Replace(serviceGo, `"staging-key-do-not-commit")`, `"staging-key-do-not-commit") // aaiguard:allow`, 1),
		"gen/gen.go":     "package gen\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar C = aai.NewClient(\"55fd8f2d7b2808ad9a3aea728cb46ead\")\n",
		".aaiguard.toml": "[[allowlists]]\ndescription = \"generated\"\npaths = ['''^gen/''']\n",
	})
	rep, _, _ := runJSON(t, "scan", dir)
	if got := goFindings(rep); !slices.Equal(got, []string{"go-redactpii pii-redaction high main.go:14"}) {
		t.Errorf("go findings %q", got)
	}
}

func TestRulesListsGoAnalyzers(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"rules"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, id := range []string{"go-hardcodedkey", "go-keyexposure", "go-redactpii", "go-webhookauth", "go-tokenexpiry", "go-contentsafety"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("aaiguard rules does not list %s", id)
		}
	}
}

// Without the go command the Go analyzers cannot run: a note says so and
// the rest of the scan goes on.
func TestGoStageNoToolchain(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo, "deploy.env": "ASSEMBLYAI_API_KEY=55fd8f2d7b2808ad9a3aea728cb46ead\n"})
	t.Setenv("PATH", t.TempDir())
	rep, _, _ := runJSON(t, "scan", dir)
	if got := goFindings(rep); len(got) != 0 {
		t.Errorf("go findings without a toolchain: %q", got)
	}
	if notes := strings.Join(rep.Summary.Notes, "\n"); !strings.Contains(notes, "the Go toolchain (go) is not on PATH: the Go analyzers did not run on 2 module(s) (., sdk)") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
	if len(rep.Findings) == 0 {
		t.Error("the secret scan did not run either")
	}
}

// Scanning a directory inside a module analyses its packages with the
// enclosing module; paths are relative to the scanned directory.
func TestGoStageInsideModule(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":           "package main\n\nfunc main() {}\n",
		"internal/svc/s.go": "package svc\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar C = aai.NewClient(\"dev-key\")\n",
	})
	rep, _, _ := runJSON(t, "scan", filepath.Join(dir, "internal"))
	if got := goFindings(rep); !slices.Equal(got, []string{"go-hardcodedkey env-key high svc/s.go:5"}) {
		t.Errorf("go findings %q", got)
	}
	if len(rep.Summary.Errors) > 0 {
		t.Errorf("errors %q", rep.Summary.Errors)
	}
}

// A fixture directory under a module's testdata is not analysed with the
// module (go would skip it too).
func TestGoStageInsideModuleTestdata(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":                 "package main\n\nfunc main() {}\n",
		"testdata/fixture/bad.go": "package fixture\n\nfunc (\n",
	})
	rep, code, _ := runJSON(t, "scan", filepath.Join(dir, "testdata", "fixture"))
	if len(rep.Summary.Errors) > 0 || code == exitError {
		t.Errorf("exit %d, errors %q", code, rep.Summary.Errors)
	}
}
