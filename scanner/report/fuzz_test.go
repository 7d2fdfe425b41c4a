package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
)

var severities = []finding.Severity{finding.Critical, finding.High, finding.Medium, finding.Low, "bogus"}

// fuzzReport builds a report whose every string comes from the fuzzer.
func fuzzReport(rule, msg, file, author, secret, note string, line, col int, sev uint8, withChecklist bool) *report.Report {
	r := baseReport()
	f := finding.Finding{Rule: rule, Checklist: catalog.EnvKey, Severity: severities[int(sev)%len(severities)], Message: msg,
		File: file, Line: line, Column: col, Commit: "0123456789abcdef0123456789abcdef01234567", Author: author,
		Email: author + "@example.com", Date: "2024-01-02T03:04:05Z", Source: finding.SourceHistory}
	f.SetEvidence(secret)
	g := f
	g.Rule, g.Checklist, g.File, g.Line = "assemblyai-api-key", "no-such-item", file+"/"+note, 0
	g.SetEvidence(secret + note)
	g.Also = []finding.Location{{File: note, Line: line, Commit: "abc", Date: note}}
	r.Findings = []finding.Finding{f, g}
	r.Summary.Notes = []string{note}
	r.Summary.Errors = []string{msg}
	r.Summary.SkippedLarge = []report.Skip{{Path: file, Size: 1 << 30, Reason: note}}
	r.Summary.RepoPath = note
	if withChecklist {
		r.Checklist = []checklist.Result{{ID: catalog.EnvKey, Title: "t", Status: checklist.Fail, Findings: 1, Errors: 1,
			Rules: []string{rule}, Reason: note, Evidence: []string{file + ":1: " + msg}, Remediation: msg}}
	}
	return r
}

// asJSON is what encoding/json makes of a string: each byte of invalid
// UTF-8 becomes U+FFFD.
func asJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzWriters: every format renders any report: JSON reads back as the
// same findings, SARIF is valid JSON with one result per finding pointing
// at a listed rule, JUnit is well-formed XML, text and Markdown carry no
// control characters; no raw secret appears unless ShowSecrets.
func FuzzWriters(f *testing.F) {
	f.Add("assemblyai-api-key", "hard-coded key", "src/app.py", "Dev", key1, "note", 3, 7, uint8(1), false, true)
	f.Add("r", "m\x1b[31m\nline", "a\nb\x1b]8;;http://x\x07c.py", "\x1b[2J\u202eevil", key2, "\r\u2028", 0, 0, uint8(2), true, false)
	f.Add("", "", "", "", "", "", -5, -1, uint8(4), false, false)
	f.Add("x]]>y", "<script>alert(1)</script> & @team", "../../etc/passwd", "]]><!--", "\xff\xfe", "|`*_[]()#!$~\\", 1<<30, 1<<30, uint8(0), true, true)
	f.Fuzz(func(t *testing.T, rule, msg, file, author, secret, note string, line, col int, sev uint8, show, withChecklist bool) {
		r := fuzzReport(rule, msg, file, author, secret, note, line, col, sev, withChecklist)
		opts := report.Options{ShowSecrets: show}
		out := map[string][]byte{}
		for _, format := range report.Formats {
			var buf bytes.Buffer
			if err := report.Write(&buf, format, r, opts); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out[format] = buf.Bytes()
		}

		// JSON: the same findings come back (secrets as displayed).
		back, err := report.ReadJSON(bytes.NewReader(out["json"]))
		if err != nil {
			t.Fatalf("ReadJSON of our own report: %v", err)
		}
		if len(back.Findings) != len(r.Findings) {
			t.Fatalf("%d findings back, %d written", len(back.Findings), len(r.Findings))
		}
		for i, w := range r.Findings {
			g := back.Findings[i]
			if g.Rule != asJSON(w.Rule) || g.Message != asJSON(w.Message) || g.File != asJSON(w.File) || g.Author != asJSON(w.Author) ||
				g.Email != asJSON(w.Email) || g.Severity != finding.Severity(asJSON(string(w.Severity))) || g.Checklist != w.Checklist ||
				g.Line != w.Line || g.Column != w.Column || g.Commit != w.Commit || g.Date != w.Date ||
				g.Fingerprint != w.Fingerprint || g.Source != w.Source || len(g.Also) != len(w.Also) {
				t.Fatalf("finding %d round trip:\n wrote %#v\n read  %#v", i, w, g)
			}
			if g.Secret.String() != asJSON(w.Secret.Display(show)) {
				t.Fatalf("finding %d: secret read back as %q, displayed as %q", i, g.Secret.String(), w.Secret.Display(show))
			}
		}
		if back.Summary == nil || !equalStrings(back.Summary.Notes, []string{asJSON(note)}) || !equalStrings(back.Summary.Errors, []string{asJSON(msg)}) {
			t.Fatalf("summary round trip: %+v", back.Summary)
		}

		// SARIF.
		if !json.Valid(out["sarif"]) {
			t.Fatalf("SARIF is not JSON:\n%s", out["sarif"])
		}
		var log sarifLog
		if err := json.Unmarshal(out["sarif"], &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("SARIF: %v", err)
		}
		run := log.Runs[0]
		if len(run.Results) != len(r.Findings) {
			t.Fatalf("%d SARIF results for %d findings", len(run.Results), len(r.Findings))
		}
		seenRule := map[string]bool{}
		for _, rule := range run.Tool.Driver.Rules {
			if seenRule[rule.ID] {
				t.Fatalf("rule %q listed twice", rule.ID)
			}
			seenRule[rule.ID] = true
		}
		for i, res := range run.Results {
			if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) ||
				run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
				t.Fatalf("result %d: ruleId %q, ruleIndex %v", i, res.RuleID, res.RuleIndex)
			}
			if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.Region == nil || res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
				t.Fatalf("result %d: locations %+v", i, res.Locations)
			}
		}
		if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful == nil || *inv[0].ExecutionSuccessful {
			t.Fatalf("a report with errors must say the execution did not succeed: %+v", inv)
		}

		// JUnit: well-formed XML (the decoder also refuses characters XML
		// cannot carry).
		dec := xml.NewDecoder(bytes.NewReader(out["junit"]))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("JUnit is not well-formed XML: %v\n%s", err, out["junit"])
			}
		}

		// Text and Markdown: nothing a terminal or a renderer would act on.
		for _, format := range []string{"text", "markdown"} {
			for _, c := range string(out[format]) {
				if c != '\n' && c != '\t' && (unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069') {
					t.Fatalf("%s output holds %U:\n%q", format, c, out[format])
				}
			}
		}
		if strings.Contains(msg, "<") && bytes.Contains(out["markdown"], []byte(msg)) {
			t.Fatalf("markdown carries %q verbatim", msg)
		}

		// No raw secret unless asked, where the fuzzer did not also put it
		// in a field that is printed as is.
		// (Redaction shows the first four characters.)
		if hidden := string([]rune(secret)[min(4, len([]rune(secret))):]); !show && len([]rune(secret)) > 8 && !strings.Contains(rule+msg+file+author+note, hidden) {
			for format, b := range out {
				if bytes.Contains(b, []byte(hidden)) {
					t.Fatalf("%s output holds the secret %q", format, secret)
				}
			}
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzReadJSON: ReadJSON (baselines, merge shards) accepts a report or
// fails with one line; it never panics.
func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, fuzzReport("r", "m", "f", "a", key1, "n", 1, 1, 1, true), report.Options{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"tool":{"name":"aaiguard"},"findings":null}`))
	f.Add([]byte(`{"tool":{"name":"aaiguard"},"findings":[{"line":"x"}]}`))
	f.Add([]byte(`{"version":"2.1.0","runs":[]}`))
	f.Add([]byte("{\"tool\":{\"name\":\"aaiguard\"},\"findings\":[]}\n{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := report.ReadJSON(bytes.NewReader(b))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of several lines: %q", err)
			}
			return
		}
		if r.Tool.Name != "aaiguard" || r.Findings == nil {
			t.Fatalf("accepted %+v", r)
		}
	})
}
