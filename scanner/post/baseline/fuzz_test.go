package baseline_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// FuzzLoad: any --baseline file loads or fails with one line naming the
// file; a loaded baseline hides exactly the findings whose fingerprints it
// lists.
func FuzzLoad(f *testing.F) {
	f.Add(`{"tool":{"name":"aaiguard","version":"1"},"findings":[{"rule":"r","fingerprint":"abc","secret":"c5c5…"}]}`)
	f.Add(`{"tool":{"name":"aaiguard"},"findings":[{"rule":"r"}]}`)
	f.Add(`{"tool":{"name":"aaiguard"},"findings":[]}`)
	f.Add(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[]}`)
	f.Add("\xef\xbb\xbf{}")
	f.Add("")
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(t.TempDir(), "base.json")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := baseline.Load(p)
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, p) {
				t.Fatalf("error is not one line naming the file: %q", msg)
			}
			return
		}
		fs := []finding.Finding{{Rule: "r", Fingerprint: "abc"}, {Rule: "r", Fingerprint: "zzz-not-a-fingerprint"}}
		kept, hidden := b.Split(fs)
		if len(kept)+len(hidden) != len(fs) {
			t.Fatalf("split %d findings into %d and %d", len(fs), len(kept), len(hidden))
		}
		rep, err := report.ReadJSON(strings.NewReader(content))
		if err != nil {
			t.Fatalf("loaded a baseline that is not a report: %v", err)
		}
		listed := map[string]bool{}
		for _, f := range rep.Findings {
			listed[f.Fingerprint] = true
		}
		for _, f := range fs {
			if listed[f.Fingerprint] != slices.ContainsFunc(hidden, func(h finding.Finding) bool { return h.Fingerprint == f.Fingerprint }) {
				t.Fatalf("%s: listed %v, hidden %v", f.Fingerprint, listed[f.Fingerprint], !listed[f.Fingerprint])
			}
		}
	})
}
