package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sdkSum is go.sum for the real SDK v1.10.0 (checksums are public data).
const sdkSum = "github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 h1:JInE2GaIriJtT6HkOOoEtmMKomdzfUJfCdhl46Y8laI=\n" +
	"github.com/AssemblyAI/assemblyai-go-sdk v1.10.0/go.mod h1:dwv8jDdg+UKPU9ClZzhQNXIVj3Yw68IaTVRuyKRLigw=\n"

// A Go file that imports the SDK is AssemblyAI usage even when its
// package cannot be type-checked (the module is not in the cache): the
// checklist never says "no AssemblyAI usage found"; a note names the
// module and the fix, and the syntactic Go rules judge the files instead
// (so the missing redaction is still reported: exit 1).
func TestCheckUntypedSDKImportIsUsage(t *testing.T) {
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", "-modcacherw")
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/svc\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n")
	write(t, filepath.Join(dir, "go.sum"), sdkSum)
	write(t, filepath.Join(dir, "main.go"), serviceGo)
	var rep struct {
		Checklist []struct{ ID, Status, Reason string }
		Summary   struct{ Errors, Notes []string }
	}
	var out, errb bytes.Buffer
	code := run([]string{"check", "--format", "json", "--quiet", dir}, strings.NewReader(""), &out, &errb)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out.String(), errb.String())
	}
	for _, c := range rep.Checklist {
		if strings.Contains(c.Reason, "no AssemblyAI usage") {
			t.Errorf("%s: %s", c.ID, c.Reason)
		}
	}
	if notes := strings.Join(rep.Summary.Notes, "\n"); !strings.Contains(notes, "github.com/AssemblyAI/assemblyai-go-sdk v1.10.0") || !strings.Contains(notes, "--go-download") || !strings.Contains(notes, "typed analysis was replaced") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
}

// AAIGUARD_GO_DOWNLOAD=1 (as --go-download) lets the go command use the
// configured GOPROXY; a proxy that lacks the module makes the note say it
// could not be downloaded.
func TestGoDownloadFromEnvironment(t *testing.T) {
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", "-modcacherw")
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(t.TempDir()))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("AAIGUARD_GO_DOWNLOAD", "1")
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/svc\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n")
	write(t, filepath.Join(dir, "go.sum"), sdkSum)
	write(t, filepath.Join(dir, "main.go"), serviceGo)
	rep, code, _ := runJSON(t, "scan", dir)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	if notes := strings.Join(rep.Summary.Notes, "\n"); !strings.Contains(notes, "github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 could not be downloaded") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
}

// --tests: code rules and Go analyzers judge test files only when asked,
// in every language; a key in a test file is reported either way.
func TestTestsFlag(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":           "package main\n\nfunc main() {}\n",
		"svc/svc_test.go":   strings.Replace(serviceGo, "package main", "package svc", 1),
		"web/app.test.ts":   "import { AssemblyAI } from 'assemblyai'\nconst client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY })\nawait client.transcripts.transcribe({ audio: 'https://example.com/a.mp3' })\n",
		"tests/test_job.py": "import assemblyai as aai\n\naai.Transcriber().transcribe(\"https://example.com/a.mp3\")\nKEY = \"ASSEMBLYAI_API_KEY=55fd8f2d7b2808ad9a3aea728cb46ead\"\n",
		"tests/fixture.env": "ASSEMBLYAI_API_KEY=55fd8f2d7b2808ad9a3aea728cb46ead\n",
	})
	files := func(rep jsonReport, source string) []string {
		var out []string
		for _, f := range rep.Findings {
			if f.Source == source && !slices.Contains(out, f.File) {
				out = append(out, f.File)
			}
		}
		slices.Sort(out)
		return out
	}
	rep, _, _ := runJSON(t, "scan", dir)
	if got := append(files(rep, "go"), files(rep, "code")...); len(got) != 0 {
		t.Errorf("test files judged without --tests: %q", got)
	}
	if got := files(rep, "worktree"); !slices.Contains(got, "tests/fixture.env") {
		t.Errorf("the key in a test directory was not reported: %q", got)
	}
	rep, _, _ = runJSON(t, "scan", "--tests", dir)
	if got := files(rep, "go"); !slices.Equal(got, []string{"svc/svc_test.go"}) {
		t.Errorf("--tests: go findings in %q", got)
	}
	// (svc_test.go: the repository-level retention finding points at the
	// first transcription request, now that tests count.)
	if got := files(rep, "code"); !slices.Equal(got, []string{"svc/svc_test.go", "tests/test_job.py", "web/app.test.ts"}) {
		t.Errorf("--tests: code findings in %q", got)
	}
}

// aaiguard vet runs the go command under the scan's policy: a go.mod that
// asks for a newer Go does not download a toolchain, and a cgo file that
// would keep the C compiler reading /dev/zero is left out, not compiled.
func TestVetPolicy(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"main.go":          serviceGo,
		"native/native.go": "package native\n\n// #include \"/dev/zero\"\nimport \"C\"\n\nfunc F() {}\n",
		"native/doc.go":    "package native\n",
	})
	out, stderr, code := vet(t, "-C", dir, "./...")
	if code != exitFindings || !strings.Contains(out, "main.go:10:28: hard-coded") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	newer := t.TempDir()
	write(t, filepath.Join(newer, "go.mod"), "module example.com/newer\n\ngo 1.99\n")
	write(t, filepath.Join(newer, "p.go"), "package p\n")
	_, stderr, code = vet(t, "-C", newer, "./...")
	if code != exitError || !strings.Contains(stderr, "GOTOOLCHAIN=local") {
		t.Errorf("go 1.99: exit %d, stderr %s", code, stderr)
	}
}
