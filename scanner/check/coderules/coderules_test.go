package coderules_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

// want matches the expectations written in the fixtures: a comment
// `want "rule-id" ...` on a line expects exactly those findings there.
var (
	wantRe = regexp.MustCompile(`want((?:\s+\\?"[a-z0-9-]+\\?")+)`)
	idRe   = regexp.MustCompile(`[a-z0-9]+(?:-[a-z0-9]+)+`)
)

func expectations(src []byte) []string {
	var out []string
	for i, line := range strings.Split(string(src), "\n") {
		m := wantRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, id := range idRe.FindAllString(m[1], -1) {
			out = append(out, fmt.Sprintf("%d %s", i+1, id))
		}
	}
	sort.Strings(out)
	return out
}

func fixtures(t *testing.T) (paths []string, root string) {
	t.Helper()
	root = "testdata"
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			paths = append(paths, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths, root
}

// TestFixtures checks every fixture file: the findings on each line must be
// exactly the ones its `want` comments list.
func TestFixtures(t *testing.T) {
	paths, root := fixtures(t)
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, p)) }
	c := &coderules.Checker{Project: coderules.NewProject(paths, read), SyntacticGo: true}
	checked := 0
	for _, p := range paths {
		if !coderules.Relevant(p) && !coderules.IsGoFile(p) {
			continue
		}
		t.Run(p, func(t *testing.T) {
			src, err := read(p)
			if err != nil {
				t.Fatal(err)
			}
			res := c.Check(p, src)
			if res.Unparsed != nil {
				t.Fatalf("not parsed: %v", res.Unparsed)
			}
			if res.SyntaxErrors != 0 {
				t.Errorf("%d syntax errors in a fixture", res.SyntaxErrors)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
				if f.File != p || f.Source != "code" || f.Fingerprint == "" {
					t.Errorf("bad finding fields: %+v", f)
				}
				if r := coderules.RuleByID(f.Rule); r.Checklist != f.Checklist || r.Severity != f.Severity {
					t.Errorf("%s: checklist/severity %s/%s, want %s/%s", f.Rule, f.Checklist, f.Severity, r.Checklist, r.Severity)
				}
			}
			sort.Strings(got)
			want := expectations(src)
			if !slices.Equal(got, want) {
				t.Errorf("findings differ\n got: %q\nwant: %q", got, want)
				for _, f := range res.Findings {
					t.Logf("  %d:%d %s %s", f.Line, f.Column, f.Rule, f.Message)
				}
			}
		})
		checked++
	}
	if checked < 25 {
		t.Fatalf("only %d fixtures checked", checked)
	}
}

// TestEvidence checks the positive evidence recorded for the checklist.
func TestEvidence(t *testing.T) {
	paths, root := fixtures(t)
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, p)) }
	c := &coderules.Checker{Project: coderules.NewProject(paths, read)}
	ev := map[string][]string{}
	var usage []string
	for _, p := range paths {
		src, _ := read(p)
		res := c.Check(p, src)
		for k, v := range res.Evidence {
			ev[k] = append(ev[k], v...)
		}
		usage = append(usage, res.Usage...)
	}
	wants := map[string][]string{
		catalog.PIIRedaction: {
			"pii/sdk_esm.ts:25: transcription request with redact_pii and policies (client.transcripts.submit)",
			"pii/sdk_esm.ts:45: transcription request with redact_pii and policies (client.transcripts.transcribe)",
			"pii/sdk.py:17: transcription request with redact_pii and policies (aai.Transcriber().transcribe)",
			"pii/rest.py:20: transcription request with redact_pii and policies (requests.post POST /v2/transcript)",
			"pii/notebook.ipynb:48: transcription request with redact_pii and policies (aai.Transcriber().transcribe)",
		},
		catalog.ContentSafety: {"content-safety/cs.ts:8: transcription request with content_safety (client.transcripts.transcribe)"},
		catalog.WebhookAuth: {
			"webhook/webhook.ts:21: webhook with auth header (client.transcripts.submit)",
			"webhook/webhook.py:20: webhook with auth header (aai.Transcriber().submit)",
		},
		catalog.BrowserTokens: {
			"browser/vite-app/server/token.ts:7: temporary token minted server-side (client.streaming.createTemporaryToken)",
			"browser/vite-app/src/Recorder.tsx:11: new StreamingTranscriber with a temporary token",
			"browser/next-app/app/page.tsx:13: client.streaming.transcriber with a temporary token",
			"browser/flask_app.py:19: temporary token minted server-side (client.create_temporary_token)",
		},
		catalog.EnvKey: {
			"pii/sdk_esm.ts:5: API key read from process.env.ASSEMBLYAI_API_KEY",
			"pii/sdk_cjs.js:5: API key read from process.env.AAI_KEY",
			"pii/sdk.py:6: API key read from the environment (ASSEMBLYAI_API_KEY)",
			"browser/sveltekit/src/routes/api/token/+server.ts:3: API key read from $env/static/private.ASSEMBLYAI_API_KEY",
		},
		catalog.Retention: {"pii/notebook.ipynb:49: transcript deletion (aai.Transcript.delete_by_id)"},
	}
	for id, lines := range wants {
		for _, w := range lines {
			if !slices.Contains(ev[id], w) {
				t.Errorf("evidence[%s] lacks %q; have:\n  %s", id, w, strings.Join(ev[id], "\n  "))
			}
		}
	}
	// Nothing judged from unknown parameters.
	for _, e := range ev[catalog.PIIRedaction] {
		if strings.Contains(e, "sdk_esm.ts:54") || strings.Contains(e, "sdk.py:63") {
			t.Errorf("evidence from unknown parameters: %s", e)
		}
	}
	for _, w := range []string{"pii/sdk_esm.ts:3: imports the assemblyai SDK", "pii/sdk_cjs.js:2: requires the assemblyai SDK", "pii/sdk.py:2: imports the assemblyai SDK", "pii/rest.ts:4: uses api.assemblyai.com"} {
		if !slices.Contains(usage, w) {
			t.Errorf("usage lacks %q", w)
		}
	}
}
