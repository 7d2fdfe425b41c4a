package report_test

import (
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// Fake keys: random hex, never issued. The tests assert that the raw values
// appear in no output unless ShowSecrets is set.
const (
	key1 = "c5c5285779dea9a4833e676b2d04f46b"
	key2 = "2ef763e91f8e01127132d43d8c3acb66"
	key3 = "9d4c1b0e7a3f5e2d8c6b4a1f0e9d8c7b"
	key4 = "0b1a2c3d4e5f60718293a4b5c6d7e8f9"
)

// rawSecrets are the values that must never be printed by default.
var rawSecrets = []string{key1, key2, key3, key4}

// catalogue is what the CLI passes in Report.Rules: the default TOML
// catalogue and a few code rules, like ruleInfos in cmd/aaiguard.
func catalogue() []catalog.Rule {
	cfg, err := rules.Default()
	if err != nil {
		panic(err)
	}
	var out []catalog.Rule
	for _, r := range cfg.Rules {
		out = append(out, r.Info())
	}
	return append(out,
		catalog.Rule{ID: "go-redactpii", Description: "transcription request without PII redaction", Checklist: catalog.PIIRedaction, Severity: finding.High, Source: catalog.Go},
		catalog.Rule{ID: "go-keyexposure", Description: "API key sent to a browser", Checklist: catalog.BrowserTokens, Severity: finding.High, Source: catalog.Go},
		catalog.Rule{ID: "hygiene-env-tracked", Description: "an env file is tracked by git", Checklist: catalog.GitignoreEnv, Severity: finding.High, Source: catalog.Hygiene},
		catalog.Rule{ID: "hygiene-gitignore", Description: ".gitignore does not ignore .env files", Checklist: catalog.GitignoreEnv, Severity: finding.Medium, Source: catalog.Hygiene},
		// A duplicate id (a user rule named like a code rule): one entry.
		catalog.Rule{ID: "go-redactpii", Description: "duplicate entry that must not be listed", Checklist: catalog.PIIRedaction, Severity: finding.Low, Source: catalog.Go},
	)
}

func secretFinding(rule, file string, line, col int, raw string, sev finding.Severity, msg string) finding.Finding {
	f := finding.Finding{Rule: rule, Checklist: catalog.EnvKey, Severity: sev, Message: msg,
		File: file, Line: line, Column: col, EndLine: line, EndColumn: col + len(raw), Source: finding.SourceWorktree}
	f.SetEvidence(raw)
	return f
}

func baseReport() *report.Report {
	return &report.Report{
		Tool:     report.Tool{Name: "aaiguard", Version: "v1.2.3"},
		Findings: []finding.Finding{},
		Summary:  &report.Summary{Command: "scan", FilesScanned: 12, BytesScanned: 40960, DurationMS: 1234},
		Rules:    catalogue(),
	}
}

// fixtures are the reports every format is rendered from; each exercises
// one part of the model.
func fixtures() map[string]*report.Report {
	out := map[string]*report.Report{}

	// No findings at all.
	out["empty"] = baseReport()

	// Work-tree findings in two files, given out of order (writers that
	// group by file sort), with a rule that is not in Rules (a custom rule
	// from a merged shard: it still needs a SARIF rule entry), and the same
	// key twice in one file (one content fingerprint).
	wt := baseReport()
	wt.Findings = []finding.Finding{
		secretFinding("assemblyai-api-key", "src/config.py", 12, 15, key1, finding.High, "AssemblyAI API key hard-coded (assigned to aai.settings.api_key)"),
		secretFinding("assemblyai-api-key", "deploy/values.yaml", 4, 14, key2, finding.High, "AssemblyAI API key hard-coded (assigned to assemblyai.apiKey)"),
		secretFinding("assemblyai-api-key", "src/config.py", 40, 9, key1, finding.High, "AssemblyAI API key hard-coded (assigned to API_KEY)"),
		secretFinding("internal-token", "src/config.py", 3, 1, key3, finding.Medium, "Internal service token"),
	}
	out["worktree"] = wt

	// History: commit, author, date, another place the key was seen, and a
	// key verified live (critical).
	hist := baseReport()
	hist.Summary.Command = "history"
	hist.Summary.Commits, hist.Summary.Blobs = 214, 1830
	h1 := secretFinding("assemblyai-api-key", "old/settings.py", 7, 11, key2, finding.Critical, "AssemblyAI API key hard-coded (assigned to ASSEMBLYAI_API_KEY)")
	h1.Source = finding.SourceHistory
	h1.Commit, h1.Author, h1.Email, h1.Date = "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39", "Dana Developer", "dana@example.com", "2024-03-05T14:22:01Z"
	h1.Verification = "live"
	// Advice worded for where the key is, as scanner/pipeline words it.
	h1.Remediation = "Rotate this key in the AssemblyAI dashboard now: it is in the git history (commit 4f2a9c1d8e7b), which every clone keeps even after the line is deleted; then read it from the ASSEMBLYAI_API_KEY environment variable or your platform's secrets manager."
	h1.Also = []finding.Location{{File: "old/settings.py", Line: 9, Commit: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", Date: "2024-04-01T09:00:00Z"}}
	h2 := secretFinding("assemblyai-api-key", "notebooks/demo.ipynb", 31, 20, key4, finding.High, "AssemblyAI API key hard-coded (assigned to aai.settings.api_key)")
	h2.Source = finding.SourceHistory
	h2.Commit, h2.Author, h2.Email, h2.Date = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d", "Sam Scientist", "sam@example.com", "2023-11-20T08:15:42+01:00"
	h2.Remediation = "Rotate this key in the AssemblyAI dashboard now: it is in the git history (commit 0c1d2e3f4a5b), which every clone keeps even after the line is deleted; then read it from the ASSEMBLYAI_API_KEY environment variable or your platform's secrets manager."
	hist.Findings = []finding.Finding{h1, h2}
	out["history"] = hist

	// Go and code findings: no secret, a region over several lines, a
	// related location.
	code := baseReport()
	c1 := finding.Finding{Rule: "go-redactpii", Checklist: catalog.PIIRedaction, Severity: finding.High,
		Message: "transcription request without redact_pii: customers' audio is transcribed with PII",
		File:    "internal/transcribe/client.go", Line: 42, Column: 9, EndLine: 47, EndColumn: 3, Source: finding.SourceGo}
	c1.SetEvidence("client.Transcripts.TranscribeFromURL(ctx,audioURL,&aai.TranscriptOptionalParams{SpeakerLabels:aai.Bool(true)})")
	// A place that decides the finding, with a note: a related location.
	c1.Also = []finding.Location{{File: "internal/transcribe/jobs.go", Line: 12, Note: "call site: the options come from here"}}
	c2 := finding.Finding{Rule: "go-keyexposure", Checklist: catalog.BrowserTokens, Severity: finding.High,
		Message: "the AssemblyAI API key is written to an HTTP response", File: "cmd/web/handlers.go", Line: 88, Column: 2, Source: finding.SourceGo}
	c2.SetEvidence("w.Write([]byte(os.Getenv(\"ASSEMBLYAI_API_KEY\")))")
	code.Findings = []finding.Finding{c1, c2}
	out["code"] = code

	// Whole-file findings (line 0) and one about the repository itself.
	whole := baseReport()
	w1 := finding.Finding{Rule: "hygiene-env-tracked", Checklist: catalog.GitignoreEnv, Severity: finding.High,
		Message: ".env is tracked by git: every clone gets its secrets", File: ".env", Source: finding.SourceHygiene}
	w1.SetEvidence(".env")
	w2 := finding.Finding{Rule: "hygiene-gitignore", Checklist: catalog.GitignoreEnv, Severity: finding.Medium,
		Message: "no .gitignore: .env files would be committed", Source: finding.SourceHygiene}
	w2.SetEvidence("no-gitignore")
	whole.Findings = []finding.Finding{w1, w2}
	out["wholefile"] = whole

	// The checklist: every status, evidence, reasons, a finding.
	ck := baseReport()
	ck.Summary.Command = "check"
	ck.Findings = []finding.Finding{secretFinding("assemblyai-api-key", "app.py", 2, 25, key1, finding.High, "AssemblyAI API key hard-coded (assigned to aai.settings.api_key)")}
	ck.Findings[0].Remediation = "Rotate this key in the AssemblyAI dashboard now: it is committed (app.py at HEAD), so every clone has it even after the line is deleted; then read it from the ASSEMBLYAI_API_KEY environment variable or your platform's secrets manager."
	for _, item := range catalog.Items() {
		res := checklist.Result{ID: item.ID, Title: item.Title, Status: checklist.Unknown, Reason: "no code that this item applies to was found"}
		switch item.ID {
		case catalog.EnvKey:
			res.Status, res.Findings, res.Reason = checklist.Fail, 1, "1 hard-coded key"
		case catalog.GitignoreEnv:
			res.Status, res.Reason = checklist.Pass, ".env is ignored"
			res.Evidence = []string{".gitignore:3: .env", ".gitignore:4: .env.*.local"}
		case catalog.PIIRedaction:
			res.Status, res.Reason = checklist.Warn, "1 transcription request without redact_pii_policies"
		case catalog.WebhookAuth:
			res.Status, res.Reason = checklist.Pass, "every webhook_url has webhook_auth_header_name"
			res.Evidence = []string{"src/jobs.ts:30: webhook_auth_header_name"}
		}
		ck.Checklist = append(ck.Checklist, res)
	}
	out["checklist"] = ck

	// The summary: skipped files, notes, errors (an incomplete scan),
	// baselined findings, a shallow clone.
	sum := baseReport()
	sum.Summary = &report.Summary{
		Command: "check", FilesScanned: 3021, BytesScanned: 48 << 20, SkippedBinary: 17,
		SkippedLarge: []report.Skip{{Path: "data/dump.sql", Size: 24 << 20, Reason: "larger than --max-file-size (10 MiB)"}},
		Commits:      90, Blobs: 400, Shallow: true,
		Notes:     []string{"shallow clone: history before 2024-01-01 was not scanned", "the Go toolchain (go) is not on PATH: the Go analyzers did not run on 1 module(s) (.)"},
		Errors:    []string{"read secrets/locked.txt: permission denied", "history: object 1a2b3c missing"},
		Baselined: 2, DurationMS: 98765, RepoPath: "services/api",
	}
	sum.Findings = []finding.Finding{secretFinding("assemblyai-api-key", "app.py", 2, 25, key1, finding.High, "AssemblyAI API key hard-coded")}
	out["summary"] = sum

	// Hostile strings everywhere a scanned repository or its git history
	// controls text: ANSI escapes, newlines, carriage returns, table pipes,
	// HTML, ampersands, quotes, backticks, Markdown emphasis, mentions,
	// bidirectional overrides, invalid UTF-8, and CDATA's terminator.
	hostile := baseReport()
	evil := "a\x1b[31mred\x1b[0m|b<script>alert(1)</script>&amp;\"q\" `tick` *em* @org/team \u202eevil\u202c \xff ]]> $x$\r\nInjected: line"
	hf := secretFinding("assemblyai-api-key", "dir with space/|pipe|/<b>x</b>&\"q\"\n.env\x1b[2J", 3, 1, key1, finding.High, "key in "+evil)
	hf.Source = finding.SourceHistory
	hf.Commit, hf.Author, hf.Email, hf.Date = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", "Mallory\x1b]0;pwned\x07 @admins ]]><x>", "m@x\n.example", "2024-01-01T00:00:00Z"
	hf.Also = []finding.Location{{File: "a:b/#frag?q=1%20", Line: 1}}
	h2f := finding.Finding{Rule: "custom|rule<x>", Checklist: "not-a-checklist-item", Severity: finding.Low,
		Message: "- 1. *list* | ![img](http://x) [link](javascript:alert(1)) <img src=x onerror=alert(1)>", File: "1. weird:name.md", Line: 0, Source: finding.SourceCode}
	h2f.SetEvidence("evidence")
	hostile.Findings = []finding.Finding{hf, h2f}
	hostile.Checklist = []checklist.Result{{ID: catalog.EnvKey, Title: "API key stored in environment variable, never in code", Status: checklist.Fail, Findings: 1,
		Reason: "reason with\nnewline | pipe <i>html</i>", Evidence: []string{"x\x1b[1m.py:1: evidence"}}}
	hostile.Summary.Notes = []string{"note\x1b[31m with ansi\nand newline | <b>"}
	hostile.Summary.Errors = []string{"error in \u202efdp.exe\u202c & <script>"}
	hostile.Summary.SkippedLarge = []report.Skip{{Path: "big|<file>\n", Size: 11 << 20, Reason: "too \"large\""}}
	out["hostile"] = hostile
	return out
}
