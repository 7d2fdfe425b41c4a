package pipeline

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/report"
)

const (
	stagedKey1 = "5d0e8c1d0b7a4f3e9a6b2c4d8e1f0a3b"
	stagedKey2 = "7c9a1e3f5b2d4c6e8a0b1d3f5e7c9a2b"
)

// git runs git in dir with a clean configuration.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func scanStagedIn(t *testing.T, root string) *report.Report {
	t.Helper()
	rep, err := Scan(context.Background(), CommandStaged, Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Summary.Errors {
		t.Errorf("error: %s", e)
	}
	return rep
}

func stagedFound(rep *report.Report) string {
	var out []string
	for _, f := range rep.Findings {
		what := f.Rule // findings without a secret (a staged env file)
		if s := f.Secret.Reveal(); s != "" {
			what = s[:4]
		}
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, what, f.Source))
	}
	return strings.Join(out, "|")
}

// An env file staged for commit is a gitignore-env finding, even when
// .gitignore ignores it (git add -f), with or without a key in it, before
// the first commit or after; a template passes while its values are
// placeholders. Files only in the work tree are not staged, not reported.
func TestStagedEnvFiles(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		".gitignore": ".env\n.env.*\n!.env.example\n!.env.sample\n",
		"README.md":  "hi\n",
	}, ".gitignore", "README.md")
	gitfixture.Write(t, dir, map[string]string{
		".env":            "ASSEMBLYAI_API_KEY=" + stagedKey1 + "\n",
		".env.production": "DATABASE_URL=postgres://localhost/app\n",
		"web/.env.local":  "PORT=3000\n",
		".env.example":    "ASSEMBLYAI_API_KEY=your-assemblyai-key-here\nDATABASE_URL=\n",
		".envrc":          "dotenv\n",
		".env.staging":    "PORT=1\n", // on disk, never staged
	})
	if got := stagedFound(scanStagedIn(t, dir)); got != "" {
		t.Errorf("nothing staged yet: %s", got)
	}
	git(t, dir, "add", "-f", ".env", ".env.production", "web/.env.local", ".env.example", ".envrc")
	rep := scanStagedIn(t, dir)
	if got, want := stagedFound(rep), ".env:0 env-file-tracked staged|.env:1 5d0e staged|.env.production:0 env-file-tracked staged|web/.env.local:0 env-file-tracked staged"; got != want {
		t.Errorf("staged env files\n got %s\nwant %s", got, want)
	}
	for _, f := range rep.Findings {
		if f.Rule == "env-file-tracked" && (f.Checklist != "gitignore-env" || f.Severity != "high" || f.Fingerprint == "" ||
			!strings.Contains(f.Message, "staged for commit") || !strings.Contains(f.Message, "git rm --cached "+f.File)) {
			t.Errorf("env file finding %+v", f)
		}
	}

	// A template holding a real key fails like an env file (and the key is
	// a finding of its own); with placeholders it passes.
	gitfixture.Write(t, dir, map[string]string{".env.sample": "ASSEMBLYAI_API_KEY=" + stagedKey2 + "\n"})
	git(t, dir, "add", ".env.sample")
	var tmpl []string
	for _, f := range scanStagedIn(t, dir).Findings {
		if f.File == ".env.sample" {
			tmpl = append(tmpl, fmt.Sprintf("%s:%d", f.Rule, f.Line))
			if f.Rule == "env-file-tracked" && !strings.Contains(f.Message, "template") {
				t.Errorf("template finding %q", f.Message)
			}
		}
	}
	if strings.Join(tmpl, " ") != "env-file-tracked:1 assemblyai-api-key:1" {
		t.Errorf(".env.sample with a key: %v", tmpl)
	}

	// Committed, then changed and staged again: still a finding (each
	// commit of it keeps its values), worded as such.
	git(t, dir, "commit", "-q", "-m", "env files")
	if got := stagedFound(scanStagedIn(t, dir)); got != "" {
		t.Errorf("after the commit: %s", got)
	}
	gitfixture.Write(t, dir, map[string]string{".env.production": "DATABASE_URL=postgres://db.internal/app\n"})
	git(t, dir, "add", ".env.production")
	rep = scanStagedIn(t, dir)
	if got := stagedFound(rep); got != ".env.production:0 env-file-tracked staged" {
		t.Errorf("staged again: %s", got)
	} else if !strings.Contains(rep.Findings[0].Message, "committed already") {
		t.Errorf("message %q", rep.Findings[0].Message)
	}
}

// Before the first commit too, and under a scanned subdirectory (paths
// relative to it).
func TestStagedEnvFileWithoutHeadAndPrefix(t *testing.T) {
	gitfixture.Isolate(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	gitfixture.Write(t, dir, map[string]string{"svc/.env.development": "PORT=1\n", "svc/main.go": "package main\n", "other/.env": "PORT=2\n"})
	git(t, dir, "add", "svc/.env.development", "svc/main.go", "other/.env")
	if got := stagedFound(scanStagedIn(t, filepath.Join(dir, "svc"))); got != ".env.development:0 env-file-tracked staged" {
		t.Errorf("got %s", got)
	}
}

// The pre-commit hook runs the code rules on each staged code file as
// staged (not as in the work tree), with cross-file facts from the staged
// tree, and reports what scan reports for the same file.
func TestStagedCodeRules(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		"src/client.ts": "import axios from 'axios';\nexport const http = axios.create({ baseURL: 'https://api.assemblyai.com', headers: { authorization: process.env.ASSEMBLYAI_API_KEY } });\n",
		"README.md":     "hi\n",
	}, "src/client.ts", "README.md")
	staging := "import { http } from './client';\nexport const go = (audio_url: string) => http.post('/v2/transcript', { audio_url });\n"
	gitfixture.Write(t, dir, map[string]string{"src/job.ts": staging})
	git(t, dir, "add", "src/job.ts")
	// The work tree now redacts; the index still does not: the hook judges
	// what would be committed.
	gitfixture.Write(t, dir, map[string]string{"src/job.ts": "import { http } from './client';\nexport const go = (audio_url: string) => http.post('/v2/transcript', { audio_url, redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true });\n"})
	// The imported module exists only in the index: the client's facts
	// come from the staged tree.
	if err := os.Remove(filepath.Join(dir, "src", "client.ts")); err != nil {
		t.Fatal(err)
	}
	rep := scanStagedIn(t, dir)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
	}
	if want := "src/job.ts:2 aai-pii-redaction-missing"; !strings.Contains(strings.Join(got, "|"), want) {
		t.Errorf("staged findings %q, want %s among them", got, want)
	}
	// scan of the same content reports the same rule at the same line.
	git(t, dir, "checkout", "--", "src/client.ts")
	gitfixture.Write(t, dir, map[string]string{"src/job.ts": staging})
	scanned, err := Scan(context.Background(), CommandScan, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	var fromScan []string
	for _, f := range scanned.Findings {
		if f.File == "src/job.ts" && f.Rule != "aai-retention-no-deletion" {
			fromScan = append(fromScan, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
		}
	}
	if strings.Join(fromScan, "|") != strings.Join(got, "|") {
		t.Errorf("staged %q, scan %q", got, fromScan)
	}
	// Unstaged and committed files are not judged again.
	git(t, dir, "commit", "-q", "-m", "job")
	if rep := scanStagedIn(t, dir); len(rep.Findings) != 0 {
		t.Errorf("nothing staged: %+v", rep.Findings)
	}
}

// TestStagedGoCodeRules: the hook cannot run the typed Go analyzers (the
// go command takes seconds), so a staged .go file gets the syntactic Go
// rules: a transcription request without redaction is reported at its
// call, a redacting one is not, and a test file is skipped unless --tests.
// (Tried first on a clone of AssemblyAI/assemblyai-go-sdk, where such a
// staged file passed the hook silently.)
func TestStagedGoCodeRules(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"go.mod": "module example.com/svc\n\ngo 1.26\n", "README.md": "hi\n"}, "go.mod", "README.md")
	call := func(opts string) string {
		return "package svc\n\nimport (\n\t\"context\"\n\n\taai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n)\n\nfunc submit(c *aai.Client) {\n\tc.Transcripts.SubmitFromURL(context.Background(), \"https://example.com/a.mp3\", " + opts + ")\n}\n"
	}
	gitfixture.Write(t, dir, map[string]string{
		"submit.go":      call("nil"),
		"redacted.go":    call("&aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: []aai.PIIPolicy{\"person_name\"}, ContentSafety: aai.Bool(true)}"),
		"submit_test.go": call("nil"),
	})
	git(t, dir, "add", "submit.go", "redacted.go", "submit_test.go")
	rep := scanStagedIn(t, dir)
	var pii []string
	for _, f := range rep.Findings {
		if f.Checklist == "pii-redaction" {
			pii = append(pii, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
		}
	}
	if want := []string{"submit.go:10 aai-pii-redaction-missing"}; !slices.Equal(pii, want) {
		t.Errorf("staged pii-redaction findings %q, want %q", pii, want)
	}
}
