package merge_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/report/merge"
)

const key = "c5c5285779dea9a4833e676b2d04f46b" // random, never issued

func keyFinding(file, commit string, line int) finding.Finding {
	f := finding.Finding{Rule: "assemblyai-api-key", Checklist: "env-key", Severity: finding.High,
		Message: "AssemblyAI API key hard-coded", File: file, Line: line, Commit: commit}
	f.SetEvidence(key)
	return f
}

// roundTrip writes a report as JSON and reads it back, as merge sees shards.
func roundTrip(t *testing.T, r *report.Report, show bool) *report.Report {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r, report.Options{ShowSecrets: show}); err != nil {
		t.Fatal(err)
	}
	got, err := merge.Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return got
}

func rep(version string, s *report.Summary, items []checklist.Result, fs ...finding.Finding) *report.Report {
	return &report.Report{Tool: report.Tool{Name: "aaiguard", Version: version}, Findings: fs, Checklist: items, Summary: s}
}

func TestParseRejectsWhatIsNotAReport(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "not valid JSON"},
		{"{\n\"tool\": {\"name\": \"aaiguard\"},\n\"findings\": [,]}", "line 3: not valid JSON"},
		{`[]`, "not an aaiguard JSON report"},
		{`{"tool":{"name":"gitleaks"},"findings":[]}`, `tool.name is "gitleaks"`},
		{`{"findings":[]}`, `tool.name is ""`},
		{`{"tool":{"name":"aaiguard"}}`, "no findings array"},
		{`{"tool":{"name":"aaiguard"},"findings":null}`, "no findings array"},
		{`{"tool":{"name":"aaiguard"},"findings":{}}`, "findings is a JSON object"},
		{`{"tool":{"name":"aaiguard"},"findings":[{"rule":"r","severity":"urgent"}]}`, `finding 1: unknown severity "urgent"`},
		{`{"tool":{"name":"aaiguard"},"findings":[{"severity":"high"}]}`, "finding 1: no rule"},
		{`{"tool":{"name":"aaiguard"},"findings":[],"checklist":[{"id":"env-key","status":"great"}]}`, `unknown status "great"`},
		{"{\"tool\":{\"name\":\"aaiguard\"},\"findings\":[]}\n{}", "line 2: not valid JSON: invalid character"},
	} {
		_, err := merge.Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := merge.Parse([]byte(`{"tool":{"name":"aaiguard","version":"x"},"findings":[],"extra":1}`)); err != nil {
		t.Errorf("a newer report's extra fields: %v", err)
	}
}

func TestLoadNamesFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "shard-2.json")
	if err := os.WriteFile(p, []byte("{oops"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := merge.Load(p); err == nil || !strings.HasPrefix(err.Error(), p+": line 1: not valid JSON") {
		t.Errorf("%v", err)
	}
	if _, err := merge.Load(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json: no such file") {
		t.Errorf("%v", err)
	}
}

func TestMergeDedupesAndSums(t *testing.T) {
	a := keyFinding("app.py", "", 2)
	a.Also = []finding.Location{{File: "old.py", Line: 1, Commit: "c1"}}
	b := keyFinding("app.py", "", 2) // the same finding, seen by another shard
	b.Also = []finding.Location{{File: "old.py", Line: 1, Commit: "c1"}, {File: "older.py", Line: 3, Commit: "c0"}}
	b.Verification = "live"
	b.Severity = finding.Critical
	b.Message = "AssemblyAI API key hard-coded — verified LIVE with AssemblyAI: rotate it now"
	hist := keyFinding("app.py", "c2", 2) // same content, other commit: distinct
	other := keyFinding("lib/x.py", "", 9)

	s1 := &report.Summary{Command: "check", FilesScanned: 10, BytesScanned: 100, Commits: 3, Blobs: 7, DurationMS: 50,
		Notes: []string{"shallow clone"}, SkippedLarge: []report.Skip{{Path: "big.bin", Size: 1 << 30, Reason: "too large"}}}
	s2 := &report.Summary{Command: "check", FilesScanned: 5, BytesScanned: 50, Commits: 2, Blobs: 1, DurationMS: 20,
		Errors: []string{"history: object abc: corrupt"}}
	shards := []merge.Shard{
		{Name: "one", Report: roundTrip(t, rep("1.0", s1, nil, a, hist), false)},
		{Name: "two", Report: roundTrip(t, rep("1.0", s2, nil, b, other), false)},
	}
	got := merge.Merge(shards, merge.Options{})
	if len(got.Findings) != 3 {
		t.Fatalf("%d findings: %+v", len(got.Findings), got.Findings)
	}
	// Sorted by file, line, …, commit.
	if got.Findings[0].File != "app.py" || got.Findings[0].Commit != "" || got.Findings[1].Commit != "c2" || got.Findings[2].File != "lib/x.py" {
		t.Errorf("order: %+v", got.Findings)
	}
	dup := got.Findings[0]
	if dup.Severity != finding.Critical || dup.Verification != "live" || !strings.Contains(dup.Message, "rotate") || len(dup.Also) != 2 {
		t.Errorf("duplicate not combined: %+v", dup)
	}
	s := got.Summary
	if s.FilesScanned != 15 || s.BytesScanned != 150 || s.Commits != 5 || s.Blobs != 8 || s.DurationMS != 70 || s.Command != "check" {
		t.Errorf("summary %+v", s)
	}
	if len(s.Errors) != 1 || s.Errors[0] != "two: history: object abc: corrupt" {
		t.Errorf("errors %q", s.Errors)
	}
	if !contains(s.Notes, "one: shallow clone") || !contains(s.Notes, "merged 2 reports") || len(s.SkippedLarge) != 1 {
		t.Errorf("notes %q skipped %+v", s.Notes, s.SkippedLarge)
	}
	if got.Tool.Name != "aaiguard" || got.Tool.Version != "1.0" {
		t.Errorf("tool %+v", got.Tool)
	}
	// The shards themselves are untouched.
	if len(shards[0].Report.Findings[0].Also) != 1 {
		t.Error("input modified")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMergePrefixPaths(t *testing.T) {
	s := &report.Summary{Command: "check"}
	items := []checklist.Result{{ID: "pii-redaction", Title: "PII", Status: checklist.Pass, Evidence: []string{"src/a.py:3: redact_pii=True"}}}
	// Two repositories with the same file and key: two findings.
	shards := []merge.Shard{
		{Name: "acme__api", Report: roundTrip(t, rep("1", s, items, keyFinding("config.py", "", 1)), false)},
		{Name: "acme__web", Report: roundTrip(t, rep("1", s, nil, keyFinding("config.py", "", 1), finding.Finding{Rule: "gitignore", Checklist: "gitignore-env", Severity: finding.Medium}), false)},
	}
	if got := merge.Merge(shards, merge.Options{}); len(got.Findings) != 2 {
		t.Errorf("without prefixes: %d findings", len(got.Findings))
	}
	got := merge.Merge(shards, merge.Options{PrefixPaths: true})
	var files []string
	for _, f := range got.Findings {
		files = append(files, f.File)
	}
	if strings.Join(files, " ") != "acme__api/config.py acme__web acme__web/config.py" {
		t.Errorf("files %q", files)
	}
	if ev := got.Checklist[0].Evidence; len(ev) != 1 || ev[0] != "acme__api/src/a.py:3: redact_pii=True" {
		t.Errorf("evidence %q", ev)
	}
}

func TestMergeChecklistWorstWins(t *testing.T) {
	item := func(st checklist.Status, n int, reason string) []checklist.Result {
		return []checklist.Result{{ID: "env-key", Title: "API key stored in environment variable", Status: st, Findings: n, Reason: reason}}
	}
	s := &report.Summary{Command: "check"}
	mk := func(sts ...checklist.Status) []merge.Shard {
		var out []merge.Shard
		for i, st := range sts {
			n := 0
			if st == checklist.Fail {
				n = 2
			}
			out = append(out, merge.Shard{Name: string(rune('a' + i)), Report: rep("1", s, item(st, n, "because "+string(st)))})
		}
		return out
	}
	for _, tc := range []struct {
		in   []checklist.Status
		want checklist.Status
	}{
		{[]checklist.Status{"unknown", "pass", "unknown"}, "pass"},
		{[]checklist.Status{"pass", "warn", "pass"}, "warn"},
		{[]checklist.Status{"pass", "fail", "warn"}, "fail"},
		{[]checklist.Status{"unknown", "unknown"}, "unknown"},
		{[]checklist.Status{"fail", "fail"}, "fail"},
	} {
		got := merge.Merge(mk(tc.in...), merge.Options{}).Checklist
		if len(got) != 1 || got[0].Status != tc.want {
			t.Errorf("%v: %+v", tc.in, got)
			continue
		}
		fails := 0
		for _, st := range tc.in {
			if st == checklist.Fail {
				fails += 2
			}
		}
		if got[0].Findings != fails {
			t.Errorf("%v: findings %d, want %d", tc.in, got[0].Findings, fails)
		}
		if !strings.Contains(got[0].Reason, "because "+string(tc.want)) || !strings.Contains(got[0].Reason, "of "+string(rune('0'+len(tc.in)))+" reports") {
			t.Errorf("%v: reason %q", tc.in, got[0].Reason)
		}
	}
}

func TestMergeRedactsSecretsShownByAShard(t *testing.T) {
	shown := roundTrip(t, rep("1", &report.Summary{}, nil, keyFinding("a.py", "", 1)), true)
	if shown.Findings[0].Secret.String() != key {
		t.Fatalf("precondition: the shard holds the full key: %q", shown.Findings[0].Secret.String())
	}
	redacted := roundTrip(t, rep("1", &report.Summary{}, nil, keyFinding("b.py", "", 1)), false)
	shards := []merge.Shard{{Name: "a", Report: shown}, {Name: "b", Report: redacted}}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, merge.Merge(shards, merge.Options{}), report.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), key) {
		t.Errorf("full key in merged report:\n%s", buf.String())
	}
	if strings.Count(buf.String(), `"secret": "c5c5…"`) != 2 {
		t.Errorf("secrets not shown redacted:\n%s", buf.String())
	}
	buf.Reset()
	if err := report.WriteJSON(&buf, merge.Merge(shards, merge.Options{ShowSecrets: true}), report.Options{ShowSecrets: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), key) {
		t.Error("--show-secrets lost the full key")
	}
}

// Shards scanned from the same subdirectory keep summary.repoPath (SARIF
// makes paths repository-relative with it); shards that differ get
// repository-relative paths instead. Partial clones and history scopes
// carry over, and checklist counts are summed.
func TestMergeRepoPathAndSummaryFlags(t *testing.T) {
	a := rep("1", &report.Summary{RepoPath: "svc/api", Partial: true, HistoryScope: "--range a..b"},
		[]checklist.Result{{ID: "env-key", Status: checklist.Fail, Findings: 1, Errors: 1, Rules: []string{"assemblyai-api-key"}}},
		keyFinding("main.go", "", 3))
	b := rep("1", &report.Summary{RepoPath: "svc/api"},
		[]checklist.Result{{ID: "env-key", Status: checklist.Warn, Findings: 2, Warnings: 2, Baselined: 1, Rules: []string{"ci-env-literal"}}},
		keyFinding("cmd/x.go", "", 9))
	m := merge.Merge([]merge.Shard{{Name: "a", Report: roundTrip(t, a, false)}, {Name: "b", Report: roundTrip(t, b, false)}}, merge.Options{})
	if m.Summary.RepoPath != "svc/api" || len(m.Findings) != 2 || m.Findings[0].File != "cmd/x.go" || m.Findings[1].File != "main.go" {
		t.Errorf("same repoPath: %q %+v", m.Summary.RepoPath, m.Findings)
	}
	if !m.Summary.Partial || m.Summary.HistoryScope != "--range a..b" {
		t.Errorf("summary flags %+v", m.Summary)
	}
	c := m.Checklist[0]
	if c.Errors != 1 || c.Warnings != 2 || c.Baselined != 1 || strings.Join(c.Rules, ",") != "assemblyai-api-key,ci-env-literal" {
		t.Errorf("checklist counts %+v", c)
	}
	b.Summary.RepoPath = "svc/web"
	m = merge.Merge([]merge.Shard{{Name: "a", Report: roundTrip(t, a, false)}, {Name: "b", Report: roundTrip(t, b, false)}}, merge.Options{})
	var files []string
	for _, f := range m.Findings {
		files = append(files, f.File)
	}
	if m.Summary.RepoPath != "" || strings.Join(files, ",") != "svc/api/main.go,svc/web/cmd/x.go" && strings.Join(files, ",") != "svc/web/cmd/x.go,svc/api/main.go" {
		t.Errorf("different repoPaths: %q %v", m.Summary.RepoPath, files)
	}
}
