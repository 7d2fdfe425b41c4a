package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/report"
)

const transcribePy = `import assemblyai as aai
config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=[aai.PIIRedactionPolicy.person_name], content_safety=True)
transcript = aai.Transcriber(config=config).transcribe("call.mp3")
`

// stagesFor prepares a run over dir and runs the code rules stages, so
// tests can look at evidence and usage, which reports do not carry.
func stagesFor(t *testing.T, dir string, before func(*runCtx)) *runCtx {
	t.Helper()
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, isTTY: func() bool { return false }}
	a.opts.maxFileSize = "10MiB"
	a.opts.format = "json"
	rc, err := a.prepare(context.Background(), "scan", []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := codeRulesStage(rc); err != nil {
		t.Fatal(err)
	}
	if before != nil {
		before(rc)
	}
	if err := retentionStage(rc); err != nil {
		t.Fatal(err)
	}
	return rc
}

func rulesOf(rc *runCtx) []string {
	var ids []string
	for _, f := range rc.rep.Findings {
		ids = append(ids, f.File+" "+f.Rule)
	}
	slices.Sort(ids)
	return ids
}

func TestCodeRulesStageRetention(t *testing.T) {
	t.Run("no deletion anywhere", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"app.py": transcribePy})
		rc := stagesFor(t, dir, nil)
		if got := rulesOf(rc); !slices.Equal(got, []string{"app.py aai-retention-no-deletion"}) {
			t.Errorf("findings %q", got)
		}
		f := rc.rep.Findings[0]
		if f.Line != 3 || f.Severity != "medium" || f.Checklist != catalog.Retention || !strings.Contains(f.Message, "older than N days") {
			t.Errorf("retention finding %+v", f)
		}
		if len(rc.Evidence[catalog.PIIRedaction]) != 1 || len(rc.Evidence[catalog.ContentSafety]) != 1 {
			t.Errorf("evidence %v", rc.Evidence)
		}
		if !slices.Contains(rc.Usage, "app.py:1: imports the assemblyai SDK") {
			t.Errorf("usage %v", rc.Usage)
		}
	})
	t.Run("deleted in another file", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"app.py": transcribePy, "jobs/cleanup.ts": "import { AssemblyAI } from 'assemblyai';\nexport const rm = (c: AssemblyAI, id: string) => c.transcripts.delete(id);\n"})
		rc := stagesFor(t, dir, nil)
		if got := rulesOf(rc); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
		if !slices.Equal(rc.Evidence[catalog.Retention], []string{"jobs/cleanup.ts:2: transcript deletion (c.transcripts.delete)"}) {
			t.Errorf("retention evidence %q", rc.Evidence[catalog.Retention])
		}
	})
	t.Run("deletion evidence from another stage", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"app.py": transcribePy})
		rc := stagesFor(t, dir, func(rc *runCtx) {
			rc.Evidence[catalog.Retention] = append(rc.Evidence[catalog.Retention], "main.go:40: Transcripts.Delete")
		})
		if got := rulesOf(rc); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
	})
	t.Run("no transcription at all", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"app.py": "import assemblyai as aai\nprint(aai)\n"})
		if got := rulesOf(stagesFor(t, dir, nil)); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
	})
}

func TestCodeRulesStageAllowlistAndNotes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".aaiguard.toml":       "[[allowlists]]\npaths = ['''^examples/''']\n",
		"examples/demo.py":     "import assemblyai as aai\naai.Transcriber().transcribe('a.mp3')\n",
		"broken.ipynb":         `{"cells": [ {"cell_type": "code", "source": ["import assemblyai"`,
		"half.ts":              "import { AssemblyAI } from 'assemblyai';\nconst c = new AssemblyAI({ apiKey: k });\nc.transcripts.transcribe({ audio: u, redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true });\nfunction ( {{{ ;\n",
		"node_modules/x/a.js":  "client.transcripts.transcribe({ audio: u });\n",
		"unrelated/big_app.ts": "export const add = (a: number, b: number) => a + b;\n",
	})
	rc := stagesFor(t, dir, nil)
	for _, f := range rc.rep.Findings {
		if f.File != "half.ts" {
			t.Errorf("finding outside half.ts: %+v", f)
		}
	}
	notes := strings.Join(rc.rep.Summary.Notes, "\n")
	if !strings.Contains(notes, "broken.ipynb could not be parsed") {
		t.Errorf("no note for the broken notebook:\n%s", notes)
	}
	if !strings.Contains(notes, "syntax errors the parser recovered from; the rest of each was checked: half.ts") {
		t.Errorf("no note for half.ts:\n%s", notes)
	}
	// the request before the syntax error was still judged
	if len(rc.Evidence[catalog.PIIRedaction]) != 1 {
		t.Errorf("evidence %v", rc.Evidence)
	}
}

func TestCodeRulesInReports(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"src/transcribe.ts": "import { AssemblyAI } from 'assemblyai';\nconst client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nexport const go = (audio: string) => client.transcripts.transcribe({ audio });\n",
	})
	code, out, errs := runCLI(t, "scan", dir, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule)
		if f.Source != "code" || f.File != "src/transcribe.ts" || f.Fingerprint == "" || !f.Secret.IsZero() {
			t.Errorf("finding %+v", f)
		}
	}
	slices.Sort(got)
	want := []string{"aai-content-safety-missing", "aai-pii-redaction-missing", "aai-retention-no-deletion"}
	if !slices.Equal(got, want) {
		t.Errorf("rules %q, want %q", got, want)
	}
	// aaiguard rules lists the code rules with their checklist item.
	_, out, _ = runCLI(t, "rules")
	for _, id := range []string{"aai-pii-redaction-missing", "aai-browser-public-env-key", "aai-retention-no-deletion"} {
		if !strings.Contains(out, id) {
			t.Errorf("rules output lacks %s", id)
		}
	}
}
