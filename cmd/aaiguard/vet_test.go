package main

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func vet(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"vet"}, args...), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestVetText(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo})
	out, stderr, code := vet(t, "-C", dir, "./...")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr %s", code, exitFindings, stderr)
	}
	want := "main.go:10:28: hard-coded AssemblyAI API key passed to assemblyai.NewClient: read it from the environment, e.g. os.Getenv(\"ASSEMBLYAI_API_KEY\") (env-key)\n" +
		"main.go:14:81: transcription request (TranscribeFromURL) with nil options: PII redaction is off; set RedactPII and RedactPIIPolicies (pii-redaction)\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestVetJSON(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo})
	out, _, _ := vet(t, "-C", dir, "-json", "./...")
	var got map[string]map[string][]struct {
		Category string `json:"category"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if d := got["example.com/svc"]["hardcodedkey"]; len(d) != 1 || d[0].Category != "env-key" {
		t.Errorf("hardcodedkey diagnostics %+v", d)
	}
}

// Analyzer flags are go vet style: -<analyzer>.<flag>; -<analyzer> selects.
func TestVetFlags(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo + `
func token(ctx context.Context) {
	client.RealTime.CreateTemporaryToken(ctx, 3600)
}
`})
	out, _, _ := vet(t, "-C", dir, "-tokenexpiry", ".")
	if !strings.Contains(out, "expires after 3600 s") || strings.Contains(out, "hard-coded") {
		t.Errorf("-tokenexpiry alone:\n%s", out)
	}
	out, _, code := vet(t, "-C", dir, "-tokenexpiry", "-tokenexpiry.max=7200", ".")
	if out != "" || code != 0 {
		t.Errorf("-tokenexpiry.max=7200: exit %d\n%s", code, out)
	}
	out, _, _ = vet(t, "-C", dir, "-hardcodedkey=false", "-redactpii=false", ".")
	if !strings.Contains(out, "expires after 3600 s") || strings.Contains(out, "hard-coded") || strings.Contains(out, "pii") {
		t.Errorf("-hardcodedkey=false -redactpii=false:\n%s", out)
	}
	// contentsafety is off by default; selecting it turns it on.
	if out, _, _ = vet(t, "-C", dir, "."); strings.Contains(out, "content-safety") {
		t.Errorf("contentsafety reported by default:\n%s", out)
	}
	if out, _, _ = vet(t, "-C", dir, "-contentsafety", "."); !strings.Contains(out, "(content-safety)") {
		t.Errorf("-contentsafety reported nothing:\n%s", out)
	}
	if _, stderr, code := vet(t, "-nosuchflag"); code != exitError || !strings.Contains(stderr, "nosuchflag") {
		t.Errorf("unknown flag: exit %d, stderr %s", code, stderr)
	}
}

// -fix applies the suggested fixes; the result parses, builds, and vets
// clean.
func TestVetFix(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo})
	_, stderr, code := vet(t, "-C", dir, "-fix", "./...")
	if code != 0 {
		t.Errorf("-fix: exit %d, want 0 (all diagnostics fixed); stderr %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, want := range []string{
		`var client = aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))`,
		`&aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: []aai.PIIPolicy{"person_name", "phone_number", "email_address", "credit_card_number", "us_social_security_number"}}`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("fixed file lacks %s:\n%s", want, src)
		}
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "main.go", b, 0); err != nil {
		t.Errorf("fixed file does not parse: %v", err)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("fixed module does not build: %v\n%s", err, out)
	}
	if out, _, code := vet(t, "-C", dir, "./..."); code != 0 || out != "" {
		t.Errorf("after -fix: exit %d\n%s", code, out)
	}
}

func TestVetLoadError(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"main.go": serviceGo, "bad/bad.go": "package bad\n\nfunc (\n"})
	out, stderr, code := vet(t, "-C", dir, "./...")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(stderr, "bad/bad.go:3") {
		t.Errorf("stderr does not name the file and line: %s", stderr)
	}
	if !strings.Contains(out, "main.go:10:28: hard-coded") {
		t.Errorf("diagnostics of the good package are missing:\n%s", out)
	}
}
