package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

const transcribePy = `import assemblyai as aai
config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=[aai.PIIRedactionPolicy.person_name], content_safety=True)
transcript = aai.Transcriber(config=config).transcribe("call.mp3")
`

// stagesFor prepares a run over dir and runs the code rules stages, so
// tests can look at evidence and usage, which reports do not carry.
func stagesFor(t *testing.T, dir string, before func(*Run)) *Run {
	t.Helper()
	rc, err := Options{Root: dir, MaxFileSize: 10 << 20}.newRun(context.Background(), CommandScan)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []func(*Run) error{scanWorkTree, addCodeRules} {
		if err := s(rc); err != nil {
			t.Fatal(err)
		}
	}
	if before != nil {
		before(rc)
	}
	if err := judgeRetention(rc); err != nil {
		t.Fatal(err)
	}
	return rc
}

func rulesOf(rc *Run) []string {
	var ids []string
	for _, f := range rc.rep.Findings {
		ids = append(ids, f.File+" "+f.Rule)
	}
	slices.Sort(ids)
	return ids
}

func TestCodeRulesRetention(t *testing.T) {
	t.Run("no deletion anywhere", func(t *testing.T) {
		dir := t.TempDir()
		gitfixture.Write(t, dir, map[string]string{"app.py": transcribePy})
		rc := stagesFor(t, dir, nil)
		if got := rulesOf(rc); !slices.Equal(got, []string{"app.py aai-retention-no-deletion"}) {
			t.Errorf("findings %q", got)
		}
		f := rc.rep.Findings[0]
		if f.Line != 3 || f.Severity != "medium" || f.Checklist != catalog.Retention || !strings.Contains(f.Message, "older than N days") {
			t.Errorf("retention finding %+v", f)
		}
		if len(rc.evidence[catalog.PIIRedaction]) != 1 || len(rc.evidence[catalog.ContentSafety]) != 1 {
			t.Errorf("evidence %v", rc.evidence)
		}
		if !slices.Contains(rc.usage, "app.py:1: imports the assemblyai SDK") {
			t.Errorf("usage %v", rc.usage)
		}
	})
	t.Run("deleted in another file", func(t *testing.T) {
		dir := t.TempDir()
		gitfixture.Write(t, dir, map[string]string{"app.py": transcribePy, "jobs/cleanup.ts": "import { AssemblyAI } from 'assemblyai';\nexport const rm = (c: AssemblyAI, id: string) => c.transcripts.delete(id);\n"})
		rc := stagesFor(t, dir, nil)
		if got := rulesOf(rc); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
		if !slices.Equal(rc.evidence[catalog.Retention], []string{"jobs/cleanup.ts:2: transcript deletion (c.transcripts.delete)"}) {
			t.Errorf("retention evidence %q", rc.evidence[catalog.Retention])
		}
	})
	t.Run("deletion evidence from another stage", func(t *testing.T) {
		dir := t.TempDir()
		gitfixture.Write(t, dir, map[string]string{"app.py": transcribePy})
		rc := stagesFor(t, dir, func(rc *Run) {
			rc.evidence[catalog.Retention] = append(rc.evidence[catalog.Retention], "main.go:40: Transcripts.Delete")
		})
		if got := rulesOf(rc); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
	})
	t.Run("no transcription at all", func(t *testing.T) {
		dir := t.TempDir()
		gitfixture.Write(t, dir, map[string]string{"app.py": "import assemblyai as aai\nprint(aai)\n"})
		if got := rulesOf(stagesFor(t, dir, nil)); len(got) != 0 {
			t.Errorf("findings %q", got)
		}
	})
}

func TestCodeRulesAllowlistAndNotes(t *testing.T) {
	dir := t.TempDir()
	gitfixture.Write(t, dir, map[string]string{
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
	if len(rc.evidence[catalog.PIIRedaction]) != 1 {
		t.Errorf("evidence %v", rc.evidence)
	}
}

// A build without cgo cannot parse: the code rules did not run, which is
// one error naming the files, and the items they judge cannot pass, even
// with evidence from the Go analyzers.
func TestCodeRulesUnavailable(t *testing.T) {
	dir := t.TempDir()
	gitfixture.Write(t, dir, map[string]string{"app.py": transcribePy, "web.js": "import { AssemblyAI } from 'assemblyai'\n", "util.py": "x = 1\n"})
	rc, err := Options{Root: dir, MaxFileSize: 10 << 20}.newRun(context.Background(), CommandScan)
	if err != nil {
		t.Fatal(err)
	}
	if err := scanWorkTree(rc); err != nil {
		t.Fatal(err)
	}
	// What a build without cgo returns for the files it would parse (those
	// that mention AssemblyAI).
	for _, p := range []string{"app.py", "web.js"} {
		rc.files.code[p] = &coderules.Result{Unparsed: coderules.ErrUnavailable}
	}
	rc.evidence[catalog.PIIRedaction] = []string{"main.go:3: RedactPII set"}
	if err := addCodeRules(rc); err != nil {
		t.Fatal(err)
	}
	errs := rc.rep.Summary.Errors
	if len(errs) != 1 || !strings.Contains(errs[0], "the code rules did not run") || !strings.Contains(errs[0], "built without cgo") ||
		!strings.Contains(errs[0], "2 JavaScript/TypeScript/Python file(s)") || !strings.Contains(errs[0], "app.py, web.js") {
		t.Fatalf("errors %q", errs)
	}
	if err := gradeChecklist(rc); err != nil {
		t.Fatal(err)
	}
	judged := map[string]bool{}
	for _, r := range coderules.Rules() {
		judged[r.Checklist] = true
	}
	for _, c := range rc.rep.Checklist {
		if !judged[c.ID] {
			continue
		}
		if c.Status != "unknown" || !strings.Contains(c.Reason, "the code rules did not run") {
			t.Errorf("%s: %s (%s), want unknown because the code rules did not run", c.ID, c.Status, c.Reason)
		}
	}
}
