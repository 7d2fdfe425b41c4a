package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

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
