package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// scanFindings runs `aaiguard scan --format json` on dir.
func scanFindings(t *testing.T, dir string, extra ...string) []finding.Finding {
	t.Helper()
	code, out, errs := runCLI(t, append([]string{"scan", "-q", "--no-color", "--format", "json"}, append(extra, dir)...)...)
	if code == 2 {
		t.Fatalf("exit 2: %s", errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	return rep.Findings
}

func byRule(fs []finding.Finding, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestContentSafetyPolicyCLI: issue 13 saw a content-safety warning on
// every transcription call. Without a declaration in .aaiguard.toml there
// is one repository-level finding with the calls as related locations;
// with [audio] userGenerated = true, one per call.
func TestContentSafetyPolicyCLI(t *testing.T) {
	files := map[string]string{
		"a.py": "import assemblyai as aai\ncfg = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=[aai.PIIRedactionPolicy.person_name])\naai.Transcriber(config=cfg).transcribe('a.mp3')\naai.Transcriber(config=cfg).transcribe('b.mp3')\n",
		"b.ts": "import { AssemblyAI } from 'assemblyai';\nconst c = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nawait c.transcripts.transcribe({ audio: 'x', redact_pii: true, redact_pii_policies: ['person_name'] });\n",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	cs := byRule(scanFindings(t, dir), "aai-content-safety-missing")
	if len(cs) != 1 {
		t.Fatalf("undeclared audio: %d content-safety findings, want 1: %+v", len(cs), cs)
	}
	if f := cs[0]; f.File != "a.py" || f.Line != 3 || !slices.Equal(f.Also, []finding.Location{{File: "a.py", Line: 4}, {File: "b.ts", Line: 3}}) || !strings.Contains(f.Message, "userGenerated") {
		t.Errorf("repository finding %+v", f)
	}

	writeFiles(t, dir, map[string]string{".aaiguard.toml": "[audio]\nuserGenerated = true\n"})
	cs = byRule(scanFindings(t, dir), "aai-content-safety-missing")
	var at []string
	for _, f := range cs {
		at = append(at, f.File+":"+itoa(f.Line))
	}
	if !slices.Equal(at, []string{"a.py:3", "a.py:4", "b.ts:3"}) {
		t.Errorf("user-generated audio: findings at %v", at)
	}

	// A misspelt key is an error naming the file and line (exit 2).
	writeFiles(t, dir, map[string]string{".aaiguard.toml": "[audio]\nuserGenerate = true\n"})
	code, _, errs := runCLI(t, "scan", "-q", dir)
	if code != 2 || !strings.Contains(errs, ".aaiguard.toml:2: unknown key audio.userGenerate") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestPublicEnvOneFindingPerVariable: issue 13 saw four findings saying
// "would ship in the bundle" for a NEXT_PUBLIC_ key read only in API
// routes. One finding per variable, the other places as related locations,
// and a message that says what is true.
func TestPublicEnvOneFindingPerVariable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":                `{"dependencies": {"next": "14"}}`,
		"pages/api/token.ts":          "export default function h(req, res) {\n  const k = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY;\n  res.status(k ? 200 : 500).end();\n}\n",
		"pages/api/upload.ts":         "export default async function h(req, res) {\n  const r = await fetch('https://api.assemblyai.com/v2/upload', { method: 'POST', headers: { authorization: process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY } });\n  res.json(await r.json());\n}\n",
		"app/api/transcribe/route.ts": "import { AssemblyAI } from 'assemblyai';\nconst client = new AssemblyAI({ apiKey: process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY! });\nexport async function POST() {\n  return Response.json({ ok: true });\n}\n",
	})
	pe := byRule(scanFindings(t, dir), "aai-browser-public-env-key")
	if len(pe) != 1 {
		t.Fatalf("%d findings, want 1: %+v", len(pe), pe)
	}
	f := pe[0]
	if f.File != "app/api/transcribe/route.ts" || len(f.Also) != 2 || strings.Contains(f.Message, "would ship") || !strings.Contains(f.Message, "read only in server code") {
		t.Errorf("finding %s:%d also %+v: %s", f.File, f.Line, f.Also, f.Message)
	}
	// SARIF carries the other places as related locations.
	code, out, _ := runCLI(t, "scan", "-q", "--format", "sarif", dir)
	if code == 2 || strings.Count(out, `"relatedLocations"`) < 1 || !strings.Contains(out, filepath.ToSlash("pages/api/token.ts")) {
		t.Errorf("SARIF without related locations (exit %d)", code)
	}
}

// TestCrossFileNotes: an import cycle is not followed, and the scan says so
// in summary.notes, naming the file; the findings that do not depend on it
// are still reported.
func TestCrossFileNotes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"lib/a.ts":   "export { params } from './b';\n",
		"lib/b.ts":   "export { params } from './a';\n",
		"lib/aai.ts": "import { AssemblyAI } from 'assemblyai';\nexport const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nexport const base = { speech_model: 'best' };\n",
		"app/job.ts": "import { client, base } from '../lib/aai';\nimport { params } from '../lib/a';\nexport async function run(url: string) {\n  await client.transcripts.transcribe({ ...params, audio: url });\n  await client.transcripts.transcribe({ ...base, audio: url });\n}\n",
	})
	code, out, errs := runCLI(t, "scan", "-q", "--format", "json", dir)
	if code == 2 {
		t.Fatalf("exit 2: %s", errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Join(rep.Summary.Notes, "\n"); !strings.Contains(n, "code rules: app/job.ts: an import cycle") {
		t.Errorf("notes %q", n)
	}
	pii := byRule(rep.Findings, "aai-pii-redaction-missing")
	if len(pii) != 1 || pii[0].Line != 5 || len(pii[0].Also) != 1 || pii[0].Also[0].File != "lib/aai.ts" {
		t.Errorf("pii findings %+v", pii)
	}
}
