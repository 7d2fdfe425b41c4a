package checklist_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

func fnd(rule, item string, sev finding.Severity) finding.Finding {
	return finding.Finding{Rule: rule, Checklist: item, Severity: sev, File: "a.ts", Line: 1}
}

func byID(rs []checklist.Result, id string) checklist.Result {
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	return checklist.Result{}
}

func TestGradeOrderAndRemediation(t *testing.T) {
	rs := checklist.Grade(checklist.Input{})
	if len(rs) != len(catalog.Items()) {
		t.Fatalf("%d results", len(rs))
	}
	for i, r := range rs {
		c := catalog.Items()[i]
		if r.ID != c.ID || r.Title != c.Title || r.Remediation != c.Remediation {
			t.Errorf("result %d = %+v, want item %s", i, r, c.ID)
		}
		if r.Status != checklist.Unknown || r.Reason == "" {
			t.Errorf("%s with no input: %s %q", r.ID, r.Status, r.Reason)
		}
		if c.ID != catalog.GitignoreEnv && !strings.Contains(r.Reason, "no AssemblyAI usage") {
			t.Errorf("%s reason %q does not say AssemblyAI is not used", r.ID, r.Reason)
		}
	}
}

// Every item takes every status from its inputs.
func TestGradeEachItemEachStatus(t *testing.T) {
	usage := []string{"main.go:3: imports github.com/AssemblyAI/assemblyai-go-sdk"}
	for _, item := range catalog.Items() {
		id := item.ID
		ev := map[string][]string{id: {"x.go:9: good", "x.go:10: good too"}}
		cases := []struct {
			name   string
			in     checklist.Input
			status checklist.Status
			reason string
		}{
			{"high", checklist.Input{Usage: usage, Evidence: ev, Findings: []finding.Finding{fnd("r1", id, finding.High), fnd("r2", id, finding.Medium)}}, checklist.Fail, "1 error and 1 warning (r1, r2)"},
			{"critical", checklist.Input{Findings: []finding.Finding{fnd("r1", id, finding.Critical)}}, checklist.Fail, "1 error (r1)"},
			{"medium and low", checklist.Input{Usage: usage, Evidence: ev, Findings: []finding.Finding{fnd("r2", id, finding.Medium), fnd("r3", id, finding.Low)}}, checklist.Warn, "2 warnings, no errors (r2, r3)"},
			{"evidence", checklist.Input{Usage: usage, Evidence: ev}, checklist.Pass, ""},
			{"other items' findings do not count", checklist.Input{Usage: usage, Evidence: ev, Findings: []finding.Finding{fnd("r9", otherItem(id), finding.High)}}, checklist.Pass, ""},
			{"no evidence", checklist.Input{Usage: usage}, checklist.Unknown, ""},
			{"stage reason", checklist.Input{Usage: usage, Unknown: map[string]string{id: "because"}}, checklist.Unknown, "because"},
		}
		for _, c := range cases {
			t.Run(id+"/"+c.name, func(t *testing.T) {
				r := byID(checklist.Grade(c.in), id)
				if r.Status != c.status {
					t.Fatalf("status %s (%s), want %s", r.Status, r.Reason, c.status)
				}
				if c.reason != "" && r.Reason != c.reason {
					t.Errorf("reason %q, want %q", r.Reason, c.reason)
				}
				if r.Reason == "" {
					t.Error("no reason")
				}
				if c.status == checklist.Pass && len(r.Evidence) != 2 {
					t.Errorf("evidence %q", r.Evidence)
				}
			})
		}
	}
}

func otherItem(id string) string {
	if id == catalog.EnvKey {
		return catalog.CISecrets
	}
	return catalog.EnvKey
}

func TestGradeEnvKeyNeedsHistory(t *testing.T) {
	in := checklist.Input{
		Usage:      []string{"a.py:1: imports assemblyai"},
		Evidence:   map[string][]string{catalog.EnvKey: {"a.py:2: API key read from os.environ"}},
		HistoryGap: "the git history was not scanned (aaiguard history)",
	}
	r := byID(checklist.Grade(in), catalog.EnvKey)
	if r.Status != checklist.Unknown || !strings.Contains(r.Reason, "history was not scanned") {
		t.Errorf("%s %q", r.Status, r.Reason)
	}
	// A gap does not hide a failure.
	in.Findings = []finding.Finding{fnd("assemblyai-api-key", catalog.EnvKey, finding.High)}
	if r := byID(checklist.Grade(in), catalog.EnvKey); r.Status != checklist.Fail {
		t.Errorf("with a key: %s", r.Status)
	}
	// Other items do not care about history.
	in.Evidence[catalog.Retention] = []string{"a.py:9: transcript deleted"}
	if r := byID(checklist.Grade(in), catalog.Retention); r.Status != checklist.Pass {
		t.Errorf("retention %s", r.Status)
	}
}

func TestGradeUsage(t *testing.T) {
	// A repository without AssemblyAI: gitignore-env is judged anyway,
	// the others say why they are unknown.
	in := checklist.Input{
		Findings: []finding.Finding{fnd("gitignore-env-patterns", catalog.GitignoreEnv, finding.Medium)},
		Unknown:  map[string]string{catalog.CISecrets: "no CI configuration found"},
	}
	rs := checklist.Grade(in)
	if r := byID(rs, catalog.GitignoreEnv); r.Status != checklist.Warn {
		t.Errorf("gitignore-env %s", r.Status)
	}
	if r := byID(rs, catalog.PIIRedaction); r.Reason != "no AssemblyAI usage found (no SDK import, API host, key or key variable): nothing to judge" {
		t.Errorf("pii-redaction reason %q", r.Reason)
	}
	if r := byID(rs, catalog.CISecrets); r.Reason != "no CI configuration found" {
		t.Errorf("ci-secrets reason %q", r.Reason)
	}
	// Evidence of one item is usage for the others.
	in.Evidence = map[string][]string{catalog.CISecrets: {"ci.yml:3: ASSEMBLYAI_API_KEY from secrets"}}
	if r := byID(checklist.Grade(in), catalog.PIIRedaction); strings.Contains(r.Reason, "no AssemblyAI usage") {
		t.Errorf("pii-redaction reason %q", r.Reason)
	}
}

func TestEvidenceSortedCappedDeduplicated(t *testing.T) {
	var ev []string
	for i := 30; i >= 1; i-- {
		ev = append(ev, fmt.Sprintf("b.go:%d: x", i))
	}
	ev = append(ev, "a.go:10: y", "a.go:9: y", "a.go:9: y")
	r := byID(checklist.Grade(checklist.Input{Evidence: map[string][]string{catalog.Retention: ev}}), catalog.Retention)
	if len(r.Evidence) != checklist.MaxEvidence {
		t.Fatalf("%d lines", len(r.Evidence))
	}
	want := []string{"a.go:9: y", "a.go:10: y", "b.go:1: x", "b.go:2: x"}
	if !slices.Equal(r.Evidence[:4], want) {
		t.Errorf("order %q", r.Evidence[:4])
	}
	if last := r.Evidence[len(r.Evidence)-1]; last != "… and 13 more" {
		t.Errorf("last line %q", last)
	}
}

// TestDoubtMakesPassUnknown: an item whose evidence is there but which
// cannot be trusted (a file not read whole, a rule switched off) is
// unknown with the reason; failing items still fail.
func TestDoubtMakesPassUnknown(t *testing.T) {
	in := checklist.Input{
		Evidence: map[string][]string{
			catalog.EnvKey:       {"app.py:3: key read from os.environ"},
			catalog.PIIRedaction: {"app.py:9: redact_pii"},
		},
		Usage:    []string{"app.py:1: import assemblyai"},
		Findings: []finding.Finding{{Rule: "r", Checklist: catalog.CISecrets, Severity: finding.High}},
		Doubt:    map[string]string{catalog.EnvKey: "big.bin (12 MiB) was not read (larger than --max-file-size)", catalog.CISecrets: "x"},
	}
	got := map[string]checklist.Result{}
	for _, r := range checklist.Grade(in) {
		got[r.ID] = r
	}
	if r := got[catalog.EnvKey]; r.Status != checklist.Unknown || !strings.Contains(r.Reason, "cannot pass: big.bin") {
		t.Errorf("env-key: %+v", r)
	}
	if r := got[catalog.PIIRedaction]; r.Status != checklist.Pass {
		t.Errorf("pii-redaction: %+v", r)
	}
	if r := got[catalog.CISecrets]; r.Status != checklist.Fail {
		t.Errorf("ci-secrets: %+v", r)
	}
	in.DoubtAll = "the configuration .aaiguard.toml:2 allowlists every path"
	for _, r := range checklist.Grade(in) {
		if r.ID == catalog.PIIRedaction && (r.Status != checklist.Unknown || !strings.Contains(r.Reason, ".aaiguard.toml:2")) {
			t.Errorf("pii-redaction with DoubtAll: %+v", r)
		}
	}
}
