package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// apiStub answers GET /v2/transcript like AssemblyAI: 200 for fakeKey
// when live, 401 otherwise.
func apiStub(t *testing.T, live bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path != "/v2/transcript" || r.Header.Get("Authorization") != fakeKey {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if !live {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"page_details":{"limit":1},"transcripts":[]}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestVerifyLiveKeyIsCritical(t *testing.T) {
	srv, n := apiStub(t, true)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"app.py":  "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
		"test.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
	})
	code, out, errs := runCLI(t, "scan", dir, "--verify", "--api-base-url", srv.URL, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests for one unique key", n.Load())
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 2 {
		t.Fatalf("findings %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Severity != "critical" || f.Verification != "live" || !strings.Contains(f.Message, "rotate it now") {
			t.Errorf("%+v", f)
		}
	}
	if !strings.Contains(strings.Join(rep.Summary.Notes, "\n"), "1 live (rotate now)") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
	if strings.Contains(out+errs, fakeKey) {
		t.Error("raw key printed")
	}
}

func TestVerifyRevokedKeyText(t *testing.T) {
	srv, _ := apiStub(t, false)
	dir := leakyDir(t)
	code, out, _ := runCLI(t, "scan", dir, "--verify", "--api-base-url", srv.URL, "--no-color")
	if code != 1 || !strings.Contains(out, "verified: invalid") || !strings.Contains(out, "1 rejected (revoked or invalid)") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if strings.Contains(out, fakeKey) {
		t.Error("raw key printed")
	}
}

func TestVerifyNetworkDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ln.Close()
	// Findings: still exit 1 (from the findings), each key unknown.
	code, out, errs := runCLI(t, "scan", leakyDir(t), "--verify", "--api-base-url", base, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Verification != "unknown" || rep.Findings[0].Severity != "high" || len(rep.Summary.Errors) != 0 {
		t.Errorf("%+v %+v", rep.Findings, rep.Summary)
	}
	if !strings.Contains(strings.Join(rep.Summary.Notes, "\n"), "connection refused (1 key)") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
	// No findings: exit 0 even though nothing could be reached.
	clean := t.TempDir()
	writeFiles(t, clean, map[string]string{"a.py": "import os\n"})
	if code, out, errs := runCLI(t, "scan", clean, "--verify", "--api-base-url", base); code != 0 {
		t.Errorf("clean: exit %d\n%s%s", code, out, errs)
	}
}

func TestVerifyOffByDefault(t *testing.T) {
	srv, n := apiStub(t, true)
	code, out, _ := runCLI(t, "scan", leakyDir(t), "--api-base-url", srv.URL, "--format", "json")
	if code != 1 || n.Load() != 0 || strings.Contains(out, `"verification"`) {
		t.Errorf("exit %d, %d requests\n%s", code, n.Load(), out)
	}
}

func TestVerifyBadBaseURLIsUsageError(t *testing.T) {
	for _, base := range []string{"http://api.assemblyai.com", "https://example.com", "not a url"} {
		code, _, errs := runCLI(t, "scan", leakyDir(t), "--verify", "--api-base-url", base)
		if code != 2 || !strings.Contains(errs, "--api-base-url") {
			t.Errorf("%s: exit %d, %q", base, code, errs)
		}
	}
}

func TestVerifySkipsBaselinedKeys(t *testing.T) {
	srv, n := apiStub(t, true)
	dir := leakyDir(t)
	bl := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errs := runCLI(t, "baseline", dir, "--output", bl); code != 0 {
		t.Fatalf("baseline: exit %d %s", code, errs)
	}
	code, out, errs := runCLI(t, "scan", dir, "--verify", "--api-base-url", srv.URL, "--baseline", bl, "--format", "json")
	if code != 0 || n.Load() != 0 {
		t.Errorf("exit %d, %d requests for a baselined key\n%s%s", code, n.Load(), out, errs)
	}
	// A new key next to the baselined one is still verified.
	writeFiles(t, dir, map[string]string{"new.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"})
	if code, _, _ := runCLI(t, "scan", dir, "--verify", "--api-base-url", srv.URL, "--baseline", bl); code != 1 || n.Load() != 1 {
		t.Errorf("exit %d, %d requests", code, n.Load())
	}
}

// The pre-commit path (staged) verifies only when asked.
func TestVerifyStaged(t *testing.T) {
	isolateGitConfig(t)
	srv, n := apiStub(t, true)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"app.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"})
	gitRun(t, dir, "add", "app.py")
	if code, out, errs := runCLI(t, "staged", dir, "--api-base-url", srv.URL); code != 1 || n.Load() != 0 {
		t.Errorf("staged: exit %d, %d requests\n%s%s", code, n.Load(), out, errs)
	}
	code, out, errs := runCLI(t, "staged", dir, "--verify", "--api-base-url", srv.URL, "--no-color")
	if code != 1 || n.Load() != 1 || !strings.Contains(out, "verified: live") {
		t.Errorf("staged --verify: exit %d, %d requests\n%s%s", code, n.Load(), out, errs)
	}
}
