package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A build without cgo (the macOS release archives, CGO_ENABLED=0) has no
// code parsers: `version` says so, and a scan of JS/TS/Python code that
// uses AssemblyAI exits 2 saying the code rules did not run, with their
// checklist items unknown, never passing. Built for real here.
func TestBuildWithoutCgo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "aaiguard")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.Contains(string(out), "built without cgo") {
		t.Errorf("version: %v %q", err, out)
	}

	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{
		".gitignore": ".env\n.env.local\n.env.*.local\n",
		"app.py":     "import assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\ntranscript = aai.Transcriber().transcribe(\"call.mp3\")\n",
	})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "app")

	cmd := exec.Command(bin, "check", dir, "--format", "json", "--quiet")
	stdout, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitError {
		t.Fatalf("check: %v, want exit 2", err)
	}
	if !strings.Contains(string(ee.Stderr), "the code rules did not run") {
		t.Errorf("stderr %q", ee.Stderr)
	}
	var rep struct {
		Checklist []struct{ ID, Status, Reason string }
	}
	if err := json.Unmarshal(stdout, &rep); err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Checklist {
		if c.ID == "pii-redaction" && (c.Status != "unknown" || !strings.Contains(c.Reason, "built without cgo")) {
			t.Errorf("pii-redaction: %s (%s)", c.Status, c.Reason)
		}
		if c.Status == "pass" && c.ID != "gitignore-env" {
			t.Errorf("%s passes in a build that could not check the code: %s", c.ID, c.Reason)
		}
	}
	// The cgo build (this test binary) checks the same code.
	if code, out, _ := runCLI(t, "check", dir, "--no-color"); code != exitFindings || !strings.Contains(out, "aai-pii-redaction-missing") {
		t.Errorf("cgo build: exit %d\n%s", code, out)
	}
}
