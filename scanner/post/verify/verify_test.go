package verify_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/verify"
)

// Random values, never issued.
const (
	liveKey    = "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f21"
	revokedKey = "8e2d4f6a0c1b3d5e7f9a2c4e6b8d0f13"
	bannedKey  = "5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e58"
	flakyKey   = "b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4"
)

const transcriptList = `{"page_details":{"limit":1,"result_count":0,"current_url":"x","prev_url":null,"next_url":null},"transcripts":[]}`

// fakeAPI answers like AssemblyAI's GET /v2/transcript, by key.
type fakeAPI struct {
	mu       sync.Mutex
	requests map[string]int // by Authorization header
	paths    []string
	inFlight atomic.Int32
	maxSeen  atomic.Int32
	delay    time.Duration
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxSeen.Load()
		if n <= m || f.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	key := r.Header.Get("Authorization")
	f.mu.Lock()
	if f.requests == nil {
		f.requests = map[string]int{}
	}
	f.requests[key]++
	f.paths = append(f.paths, r.Method+" "+r.URL.RequestURI())
	f.mu.Unlock()
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	switch key {
	case liveKey:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(transcriptList))
	case revokedKey:
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"Authentication error, API token missing/invalid"}`))
	case bannedKey:
		w.WriteHeader(http.StatusForbidden)
	default:
		w.WriteHeader(http.StatusInternalServerError)
	}
}

func newVerifier(t *testing.T, base string, opts verify.Options) *verify.Verifier {
	t.Helper()
	opts.BaseURL = base
	v, err := verify.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCheckStatuses(t *testing.T) {
	api := &fakeAPI{}
	srv := httptest.NewServer(api)
	defer srv.Close()
	v := newVerifier(t, srv.URL, verify.Options{UserAgent: "aaiguard-test"})
	for _, tc := range []struct {
		key    string
		want   verify.Status
		reason string
	}{
		{liveKey, verify.Live, ""},
		{revokedKey, verify.Invalid, "HTTP 401"},
		{bannedKey, verify.Invalid, "HTTP 403"},
		{flakyKey, verify.Unknown, "HTTP 500"},
	} {
		got := v.Check(context.Background(), tc.key)
		if got.Status != tc.want || got.Reason != tc.reason {
			t.Errorf("%s…: got %+v, want %s %q", tc.key[:4], got, tc.want, tc.reason)
		}
	}
	for _, p := range api.paths {
		if p != "GET /v2/transcript?limit=1" {
			t.Errorf("request %q, want GET /v2/transcript?limit=1", p)
		}
	}
}

func TestRawKeyInAuthorizationHeaderNoBearer(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Write([]byte(transcriptList))
	}))
	defer srv.Close()
	v := newVerifier(t, srv.URL+"/", verify.Options{UserAgent: "aaiguard/test"})
	if r := v.Check(context.Background(), liveKey); r.Status != verify.Live {
		t.Fatalf("%+v", r)
	}
	if got.Get("Authorization") != liveKey {
		t.Errorf("Authorization %q, want the raw key", got.Get("Authorization"))
	}
	if got.Get("User-Agent") != "aaiguard/test" {
		t.Errorf("User-Agent %q", got.Get("User-Agent"))
	}
}

func TestOKWithoutTranscriptListIsUnknown(t *testing.T) {
	// A gateway or captive portal answering 200 with HTML does not make a
	// key live.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>welcome</html>"))
	}))
	defer srv.Close()
	v := newVerifier(t, srv.URL, verify.Options{})
	if r := v.Check(context.Background(), liveKey); r.Status != verify.Unknown || !strings.Contains(r.Reason, "200") {
		t.Errorf("%+v", r)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	v := newVerifier(t, srv.URL, verify.Options{Timeout: 50 * time.Millisecond})
	r := v.Check(context.Background(), liveKey)
	if r.Status != verify.Unknown || r.Reason != "timeout" {
		t.Errorf("%+v", r)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	v := newVerifier(t, "http://"+addr, verify.Options{Timeout: 2 * time.Second})
	r := v.Check(context.Background(), liveKey)
	if r.Status != verify.Unknown || r.Reason != "connection refused" {
		t.Errorf("%+v", r)
	}
	if strings.Contains(r.Reason, liveKey) {
		t.Error("key in reason")
	}
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Write([]byte(transcriptList))
	}))
	defer other.Close()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/v2/transcript?limit=1", code)
		}))
		v := newVerifier(t, srv.URL, verify.Options{})
		r := v.Check(context.Background(), liveKey)
		srv.Close()
		if r.Status != verify.Unknown || !strings.Contains(r.Reason, "redirect") {
			t.Errorf("%d: %+v", code, r)
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other host received %d requests", n)
	}
}

func TestNotKeyShapedIsNeverSent(t *testing.T) {
	api := &fakeAPI{}
	srv := httptest.NewServer(api)
	defer srv.Close()
	v := newVerifier(t, srv.URL, verify.Options{})
	for _, s := range []string{"sk_live_abc", strings.ToUpper(liveKey), liveKey + "\r\nX-Evil: 1", ""} {
		if r := v.Check(context.Background(), s); r.Status != verify.Unknown {
			t.Errorf("%q: %+v", s, r)
		}
	}
	if len(api.paths) != 0 {
		t.Errorf("requests made: %v", api.paths)
	}
}

func TestParseBaseURL(t *testing.T) {
	for _, ok := range []string{
		"https://api.assemblyai.com", "https://api.eu.assemblyai.com/", "https://API.AssemblyAI.com",
		"http://127.0.0.1:8080", "https://localhost:9", "http://[::1]:80/prefix",
	} {
		if _, err := verify.ParseBaseURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"http://api.assemblyai.com",            // plain http off loopback
		"https://api.assemblyai.com.evil.test", // suffix trick
		"https://evilassemblyai.com",           // not a subdomain
		"https://example.com",
		"https://user:pw@api.assemblyai.com",
		"https://api.assemblyai.com/?x=1",
		"https://api.assemblyai.com/#frag",
		"ftp://api.assemblyai.com",
		"api.assemblyai.com",
		"https://",
		"://",
	} {
		if _, err := verify.ParseBaseURL(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	u, err := verify.ParseBaseURL("http://127.0.0.1:1/gw/")
	if err != nil || u.String() != "http://127.0.0.1:1/gw" {
		t.Errorf("%v %v", u, err)
	}
}

func keyFinding(rule, file, key string) finding.Finding {
	f := finding.Finding{Rule: rule, Checklist: "env-key", Severity: finding.High, Message: "AssemblyAI API key hard-coded", File: file, Line: 1}
	f.SetEvidence(key)
	return f
}

func TestFindingsDedupesAppliesAndBoundsConcurrency(t *testing.T) {
	api := &fakeAPI{delay: 20 * time.Millisecond}
	srv := httptest.NewServer(api)
	defer srv.Close()
	v := newVerifier(t, srv.URL, verify.Options{Concurrency: 2})
	var fs []finding.Finding
	// The same live key in five files, a revoked key twice, a 500 key,
	// a key a custom rule found (not eligible), and a redacted one.
	for _, f := range []string{"a.py", "b.py", "c.py", "d.py", "e.py"} {
		fs = append(fs, keyFinding("assemblyai-api-key", f, liveKey))
	}
	fs = append(fs, keyFinding("assemblyai-api-key", "f.env", revokedKey), keyFinding("assemblyai-api-key", "g.env", revokedKey))
	fs = append(fs, keyFinding("assemblyai-api-key", "h.env", flakyKey))
	fs = append(fs, keyFinding("datadog-key", "i.env", bannedKey))
	var fromReport finding.Finding
	fromReport.Rule = "assemblyai-api-key"
	if err := fromReport.Secret.UnmarshalText([]byte("3f1c…")); err != nil {
		t.Fatal(err)
	}
	fs = append(fs, fromReport)

	sum := v.Findings(context.Background(), fs, func(f *finding.Finding) bool { return f.Rule == "assemblyai-api-key" })
	if sum.Keys != 3 || sum.Live != 1 || sum.Invalid != 1 || sum.Unknown != 1 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.Reasons) != 1 || sum.Reasons[0] != "HTTP 500 (1 key)" {
		t.Errorf("reasons %q", sum.Reasons)
	}
	for k, n := range api.requests {
		if n != 1 {
			t.Errorf("key %s… requested %d times", k[:4], n)
		}
	}
	if api.requests[bannedKey] != 0 {
		t.Error("a key found by another rule was sent")
	}
	if m := api.maxSeen.Load(); m > 2 {
		t.Errorf("%d requests in flight, limit 2", m)
	}
	for i := 0; i < 5; i++ {
		if fs[i].Verification != "live" || fs[i].Severity != finding.Critical || !strings.Contains(fs[i].Message, "rotate it now") {
			t.Errorf("live finding %d: %+v", i, fs[i])
		}
	}
	if fs[5].Verification != "invalid" || fs[5].Severity != finding.High || !strings.Contains(fs[5].Message, "revoked or invalid") {
		t.Errorf("revoked: %+v", fs[5])
	}
	if fs[7].Verification != "unknown" || fs[7].Severity != finding.High {
		t.Errorf("flaky: %+v", fs[7])
	}
	if fs[8].Verification != "" || fs[9].Verification != "" {
		t.Errorf("ineligible findings touched: %q %q", fs[8].Verification, fs[9].Verification)
	}
}

func TestFindingsNetworkDownAllUnknown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	v := newVerifier(t, "http://"+addr, verify.Options{})
	fs := []finding.Finding{keyFinding("k", "a", liveKey), keyFinding("k", "b", revokedKey)}
	sum := v.Findings(context.Background(), fs, func(*finding.Finding) bool { return true })
	if sum.Unknown != 2 || len(sum.Reasons) != 1 || sum.Reasons[0] != "connection refused (2 keys)" {
		t.Errorf("%+v", sum)
	}
	for _, f := range fs {
		if f.Verification != "unknown" || f.Severity != finding.High {
			t.Errorf("%+v", f)
		}
	}
}
