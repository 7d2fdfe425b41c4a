package coderules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

func TestContentSafetyPolicy(t *testing.T) {
	cs := func(rule, file string, line int) finding.Finding {
		return finding.Finding{Rule: rule, Checklist: catalog.ContentSafety, Severity: finding.Medium, File: file, Line: line, Column: 3}
	}
	other := finding.Finding{Rule: PIIMissing, Checklist: catalog.PIIRedaction, File: "b.py", Line: 9}
	fs := []finding.Finding{other, cs(ContentSafety, "b.py", 9), cs(ContentSafety, "a.ts", 4), cs("go-contentsafety", "svc/main.go", 12), cs(ContentSafety, "b.py", 9)}

	if got := ContentSafetyPolicy(slices.Clone(fs), true); !slices.EqualFunc(got, fs, func(a, b finding.Finding) bool { return a.Rule == b.Rule && a.File == b.File && a.Line == b.Line }) {
		t.Errorf("declared user-generated audio changed the findings: %+v", got)
	}
	got := ContentSafetyPolicy(slices.Clone(fs), false)
	if len(got) != 2 || got[0].Rule != PIIMissing {
		t.Fatalf("findings %+v", got)
	}
	g := got[1]
	if g.Rule != ContentSafety || g.File != "a.ts" || g.Line != 4 || g.Column != 3 || g.Severity != finding.Medium || g.Fingerprint == "" {
		t.Errorf("project finding %+v", g)
	}
	if want := []finding.Location{{File: "b.py", Line: 9}, {File: "svc/main.go", Line: 12}}; !slices.Equal(g.Also, want) {
		t.Errorf("also %+v, want %+v", g.Also, want)
	}
	if !strings.Contains(g.Message, "3 transcription request(s)") || !strings.Contains(g.Message, "[audio] userGenerated = true") {
		t.Errorf("message %q", g.Message)
	}
	// Stable: the same judgement has the same fingerprint when requests move.
	moved := ContentSafetyPolicy([]finding.Finding{cs(ContentSafety, "a.ts", 40)}, false)
	if moved[0].Fingerprint != g.Fingerprint {
		t.Error("fingerprint depends on the line")
	}
	if got := ContentSafetyPolicy([]finding.Finding{other}, false); len(got) != 1 || got[0].Rule != PIIMissing {
		t.Errorf("no content-safety findings: %+v", got)
	}
}

func TestMergePublicEnv(t *testing.T) {
	c := &Checker{}
	files := map[string]string{
		".env.local":           "NEXT_PUBLIC_ASSEMBLYAI_API_KEY=x\n",
		"pages/api/token.ts":   "export default function h(req, res) {\n  const k = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY;\n  res.json({ ok: k.length });\n}\n",
		"app/api/aai/route.ts": "import { NextResponse } from 'next/server';\nexport async function POST() {\n  const a = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY;\n  const b = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY;\n  return NextResponse.json({ a: !!a, b: !!b });\n}\n",
	}
	var results []*Result
	for _, p := range []string{".env.local", "app/api/aai/route.ts", "pages/api/token.ts"} {
		results = append(results, c.Check(p, []byte(files[p])))
	}
	// Each file alone: one finding per variable, the file's other lines as Also.
	if fs := results[1].Findings; len(fs) != 1 || fs[0].Line != 3 || !slices.Equal(fs[0].Also, []finding.Location{{File: "app/api/aai/route.ts", Line: 4}}) {
		t.Errorf("per file: %+v", fs)
	}
	got := Merge(results)
	if len(got) != 1 {
		t.Fatalf("merged: %d findings %+v", len(got), got)
	}
	f := got[0]
	if f.File != "app/api/aai/route.ts" || f.Line != 3 || len(f.Also) != 3 {
		t.Errorf("merged finding at %s:%d also %+v", f.File, f.Line, f.Also)
	}
	if strings.Contains(f.Message, "would ship") || !strings.Contains(f.Message, "read only in server code") || !strings.Contains(f.Message, "inlines") {
		t.Errorf("message %q", f.Message)
	}
	// A read in browser code wins the primary place, and says so.
	results = append(results, c.Check("components/Rec.tsx", []byte("'use client';\nconst k = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY;\n")))
	got = Merge(results)
	if len(got) != 1 || got[0].File != "components/Rec.tsx" || len(got[0].Also) != 4 || !strings.Contains(got[0].Message, "read in browser code") {
		t.Errorf("with a browser read: %+v", got)
	}
	// Only defined: said so.
	got = Merge(results[:1])
	if len(got) != 1 || !strings.Contains(got[0].Message, "not read by any code") {
		t.Errorf("definition only: %+v", got)
	}
}

// TestTokenExpiryAsWritten: issue 13 saw expires_in=3.6e+09 for
// 3_600_000_000. Numbers are printed as the code writes them.
func TestTokenExpiryAsWritten(t *testing.T) {
	c := &Checker{}
	for _, tc := range []struct{ file, src, want string }{
		{"t.py", "import assemblyai as aai\nc = aai.streaming.v3.StreamingClient(o)\nc.create_temporary_token(expires_in_seconds=3_600_000_000)\n", "expires_in_seconds=3_600_000_000:"},
		{"t.ts", "import { AssemblyAI } from 'assemblyai';\nconst c = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nc.streaming.createTemporaryToken({ expires_in_seconds: 3_600_000_000 });\n", "expires_in_seconds=3_600_000_000:"},
		{"d.ts", "import { AssemblyAI } from 'assemblyai';\nconst DAY = 60 * 60 * 24;\nconst c = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nc.streaming.createTemporaryToken({ expires_in_seconds: DAY });\n", "expires_in_seconds=60 * 60 * 24 (86400 s):"},
		{"h.js", "const c = new AssemblyAI({ apiKey: k });\nc.realtime.createTemporaryToken({ expires_in: 0xE10 });\n", "expires_in=0xE10:"},
	} {
		res := c.Check(tc.file, []byte(tc.src))
		var msgs []string
		for _, f := range res.Findings {
			if f.Rule == TokenLongExpiry {
				msgs = append(msgs, f.Message)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) || strings.Contains(msgs[0], "e+") {
			t.Errorf("%s: messages %q, want one with %q", tc.file, msgs, tc.want)
		}
	}
}

func TestFileRoute(t *testing.T) {
	for p, want := range map[string]string{
		"app/api/config/route.ts":                  "/api/config",
		"apps/web/src/app/(site)/api/key/route.js": "/api/key",
		"pages/api/config.ts":                      "/api/config",
		"pages/api/aai/index.js":                   "/api/aai",
		"src/routes/api/config/+server.ts":         "/api/config",
		"server/api/config.get.ts":                 "/api/config",
		"server/routes/token.ts":                   "/token",
		"pages/index.tsx":                          "",
		"app/page.tsx":                             "",
		"server.js":                                "",
	} {
		if got := fileRoute(p); got != want {
			t.Errorf("fileRoute(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestKeyFetch: browser code that fetches a route of the repository
// returning the raw key is reported at the fetch, naming the route;
// fetching the token route is not.
func TestKeyFetch(t *testing.T) {
	files := map[string]string{
		"package.json":         `{"dependencies": {"vite": "5", "express": "4"}}`,
		"server/index.js":      "const express = require('express');\nconst app = express();\napp.get('/api/config', (req, res) => res.json({ apiKey: process.env.ASSEMBLYAI_API_KEY }));\napp.get('/api/token', async (req, res) => res.json({ token: await mint() }));\n",
		"app/api/key/route.ts": "export async function GET() {\n  return Response.json({ key: process.env.ASSEMBLYAI_API_KEY });\n}\n",
		"src/live.ts":          "import { StreamingTranscriber } from 'assemblyai';\nconst cfg = await (await fetch('/api/config')).json();\nconst t = await fetch('/api/token');\nconst k = await fetch(`${import.meta.env.VITE_API}/api/key`);\n",
		"src/unrelated.ts":     "import { AssemblyAI } from 'assemblyai';\nfetch('/api/config');\n",
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	c := &Checker{Project: NewProject(paths, func(p string) ([]byte, error) { return []byte(files[p]), nil })}
	var results []*Result
	for _, p := range paths {
		results = append(results, c.Check(p, []byte(files[p])))
	}
	var got []string
	for _, f := range Merge(results) {
		if f.Rule == BrowserAPIKey {
			got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Also[0].File))
			if !strings.Contains(f.Message, "returns the raw AssemblyAI API key") {
				t.Errorf("message %q", f.Message)
			}
		}
	}
	want := []string{"src/live.ts:2 server/index.js", "src/live.ts:4 app/api/key/route.ts", "src/unrelated.ts:2 server/index.js"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
