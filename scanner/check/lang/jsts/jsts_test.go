package jsts_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/jsts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

func summary(t *testing.T, lang treesitter.Lang, src string) []string {
	t.Helper()
	f, tr, err := jsts.Analyze([]byte(src), lang)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors != 0 {
		t.Fatalf("%d syntax errors in %s", tr.Errors, tr.Sexp(tr.Root))
	}
	return f.Summary()
}

// TestFacts checks what the front end extracts; each case lists facts that
// must be present (want) and fact prefixes that must not (not).
func TestFacts(t *testing.T) {
	tests := []struct {
		name string
		lang treesitter.Lang
		src  string
		want []string
		not  []string
	}{
		{"namespace import", treesitter.TypeScript,
			`import * as aai from "assemblyai";
const c = new aai.AssemblyAI({ apiKey: k });
c.transcripts.transcribe({ audio: u, redact_pii: true });`,
			[]string{`request 3: c.transcripts.transcribe {audio=?,redact_pii=true}`, `client 2: AssemblyAI client created with apiKey`, `import 1: imports the assemblyai SDK`}, nil},
		{"nested spreads and later declaration wins", treesitter.JavaScript,
			`const { AssemblyAI } = require("assemblyai");
const a = { redact_pii: false };
const b = { ...a, content_safety: true };
function f(client) {
  const a = { redact_pii: true };
  return client.transcripts.submit({ ...b, ...a });
}`,
			[]string{`request 6: client.transcripts.submit {redact_pii=true,content_safety=true}`}, nil},
		{"unresolved spread leaves the object open", treesitter.TypeScript,
			`import { AssemblyAI } from "assemblyai";
import { defaults } from "./defaults";
new AssemblyAI({ apiKey: k }).transcripts.transcribe({ ...defaults, audio: u });`,
			[]string{`request 3: new AssemblyAI().transcripts.transcribe {audio=?,...}`}, nil},
		{"parameter shadows outer declaration", treesitter.TypeScript,
			`import { AssemblyAI } from "assemblyai";
const params = { redact_pii: true };
export const f = (client: AssemblyAI, params: any) => client.transcripts.transcribe(params);`,
			[]string{`request 3: client.transcripts.transcribe ?`}, nil},
		{"transcripts.create elsewhere is not AssemblyAI", treesitter.JavaScript,
			`db.transcripts.create({ text: "hello" });`, nil, []string{"request"}},
		{"template literal URL with constant base", treesitter.JavaScript,
			"const BASE = 'https://api.assemblyai.com';\nconst V = `${BASE}/v2`;\nfetch(`${V}/transcript`, { method: 'post', body: JSON.stringify(p) });",
			[]string{`request 3: fetch POST /v2/transcript ?`, `host 1: uses api.assemblyai.com`}, nil},
		{"GET is not a request; DELETE is a deletion", treesitter.JavaScript,
			"fetch('https://api.assemblyai.com/v2/transcript');\naxios.delete(`https://api.assemblyai.com/v2/transcript/${id}`);",
			[]string{`delete 2: axios.delete DELETE /v2/transcript/{id}`}, []string{"request"}},
		{"got and ky options", treesitter.JavaScript,
			`import got from "got";
got.post("https://api.assemblyai.com/v2/transcript", { json: { audio_url: u, content_safety: true } });`,
			[]string{`request 2: got.post POST /v2/transcript {audio_url=?,content_safety=true}`}, nil},
		{"new URL", treesitter.JavaScript,
			`fetch(new URL("/v2/transcript", "https://api.assemblyai.com"), { method: "POST", body: JSON.stringify({ audio_url: u }) });`,
			[]string{`request 1: fetch POST /v2/transcript {audio_url=?}`}, nil},
		{"env reads", treesitter.TypeScript,
			`const a = process.env.ASSEMBLYAI_API_KEY;
const b = process.env["NEXT_PUBLIC_ASSEMBLYAI_API_KEY"];
const c = import.meta.env.VITE_AAI_KEY;
const d = process.env.DATABASE_URL;`,
			[]string{`keyread 1: API key read from process.env.ASSEMBLYAI_API_KEY`, `publicenv 2: NEXT_PUBLIC_ASSEMBLYAI_API_KEY`, `publicenv 3: VITE_AAI_KEY`}, []string{"keyread 4"}},
		{"temporary tokens", treesitter.TypeScript,
			`import { AssemblyAI } from "assemblyai";
const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
const SECONDS = 480;
client.realtime.createTemporaryToken({ expires_in: SECONDS });
client.streaming.createTemporaryToken({ expires_in_seconds: 60 });
axios.get("https://streaming.assemblyai.com/v3/token", { params: { expires_in_seconds: 900 } });`,
			[]string{`token 4: client.realtime.createTemporaryToken expires_in=480`, `token 5: client.streaming.createTemporaryToken expires_in_seconds=60`, `token 6: axios.get /v3/token expires_in_seconds=900`}, nil},
		{"use client directive", treesitter.TSX, "'use client'\nexport default function P() { return <div/> }", []string{"use-client"}, nil},
		{"key response through a variable", treesitter.JavaScript,
			`const key = process.env.ASSEMBLYAI_API_KEY;
app.get("/k", (req, res) => res.json({ key }));
app.get("/t", async (req, res) => res.json({ token: await mint(key) }));`,
			[]string{`keyresponse 2: response body carries process.env.ASSEMBLYAI_API_KEY`}, []string{"keyresponse 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(t, tt.lang, tt.src)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %q in\n  %s", w, strings.Join(got, "\n  "))
				}
			}
			for _, n := range tt.not {
				for _, g := range got {
					if strings.HasPrefix(g, n) {
						t.Errorf("unexpected %q", g)
					}
				}
			}
		})
	}
}

func TestLangFor(t *testing.T) {
	for name, want := range map[string]bool{"a.js": true, "a.jsx": true, "a.mjs": true, "a.cjs": true, "a.ts": true, "a.tsx": true, "a.mts": true, "a.d.ts": false, "a.py": false, "a.json": false} {
		if _, ok := jsts.LangFor(name); ok != want {
			t.Errorf("LangFor(%q) = %v", name, ok)
		}
	}
}
