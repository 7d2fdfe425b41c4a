package detect_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/detect"
)

// Fake keys: random, never issued by AssemblyAI.
const (
	key  = "02af4091e900a9d6cce9fe4826b0a6c8"
	key2 = "8ffc191c1e0c6d3df6c5d6d41f6a32c3"
)

func defaultEngine(t testing.TB) *detect.Engine {
	t.Helper()
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(cfg)
}

type tcase struct {
	name    string
	path    string
	content string
	line    int // expected line of the (single) finding; 0 = no finding
}

// {K} in content is replaced by the fake key.
var positives = []tcase{
	{"js sdk constructor", "src/client.js", "import { AssemblyAI } from 'assemblyai';\nconst client = new AssemblyAI({ apiKey: '{K}' });\n", 2},
	{"js sdk constructor multi-line", "src/client.ts", "import { AssemblyAI } from \"assemblyai\";\nconst client = new AssemblyAI({\n  apiKey: \"{K}\",\n});\n", 3},
	{"ts typed constant", "src/config.ts", "import { AssemblyAI } from \"assemblyai\";\nexport const API_KEY: string = \"{K}\";\n", 2},
	{"js AssemblyAI-named constant", "src/keys.js", "const ASSEMBLYAI_KEY = \"{K}\";\nmodule.exports = { ASSEMBLYAI_KEY };\n", 1},
	{"js env fallback", "server.js", "const key = process.env.ASSEMBLYAI_API_KEY || \"{K}\";\n", 1},
	{"js nullish fallback", "server.ts", "const key = process.env.ASSEMBLYAI_API_KEY ?? '{K}';\n", 1},
	{"js streaming transcriber", "app/page.tsx", "import { StreamingTranscriber } from 'assemblyai';\nconst t = new StreamingTranscriber({ apiKey: \"{K}\", sampleRate: 16000 });\n", 2},
	{"minified one-line js", "dist/app.min.js", strings.Repeat("var a=1;function f(x){return x*2}", 300) + "var c=new AssemblyAI({apiKey:\"{K}\"});" + strings.Repeat("f(1);", 500), 1},
	{"python settings", "transcribe.py", "import assemblyai as aai\n\naai.settings.api_key = \"{K}\"\n", 3},
	{"python headers dict", "rest.py", "import requests\nheaders = {\"authorization\": \"{K}\"}\nrequests.post(\"https://api.assemblyai.com/v2/transcript\", headers=headers)\n", 2},
	{"python default argument", "lib.py", "import assemblyai as aai\n\ndef transcribe(url, api_key=\"{K}\"):\n    aai.settings.api_key = api_key\n", 3},
	{"python typed default argument", "lib2.py", "import assemblyai as aai\ndef transcribe(api_key: str = \"{K}\"):\n    pass\n", 2},
	{"python key pasted as env name", "env.py", "import os\nimport assemblyai as aai\naai.settings.api_key = os.getenv(\"{K}\")\n", 3},
	{"python getenv default", "env2.py", "import os\nkey = os.getenv(\"ASSEMBLYAI_API_KEY\", \"{K}\")\n", 2},
	{"python or fallback", "env3.py", "key = os.environ.get(\"ASSEMBLYAI_API_KEY\") or \"{K}\"\n", 1},
	{"python transcriber api_key", "t.py", "import assemblyai as aai\ntranscriber = aai.Transcriber(api_key=\"{K}\")\n", 2},
	{"python nested dict", "cfg.py", "config[\"assemblyai\"][\"api_key\"] = \"{K}\"\n", 1},
	{"ruby key pasted as env name", "app.rb", "require 'assemblyai'\nclient = AssemblyAI::Client.new(api_key: ENV['{K}'])\n", 2},
	{"ruby sdk", "client.rb", "require 'assemblyai'\nclient = AssemblyAI::Client.new(api_key: '{K}')\n", 2},
	{"go NewClient aliased", "main.go", "package main\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nfunc main() { _ = aai.NewClient(\"{K}\") }\n", 5},
	{"go const", "keys.go", "package main\n\nimport \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nconst apiKey = \"{K}\"\n\nvar _ = assemblyai.NewClient(apiKey)\n", 5},
	{"go WithAPIKey", "opts.go", "c := assemblyai.NewClientWithOptions(assemblyai.WithAPIKey(\"{K}\"))\n", 1},
	{"go realtime client", "rt.go", "c := aai.NewRealTimeClient(\"{K}\", handler)\n", 1},
	{"go header", "rest.go", "req, _ := http.NewRequest(\"POST\", \"https://api.assemblyai.com/v2/transcript\", body)\nreq.Header.Set(\"Authorization\", \"{K}\")\n", 2},
	{"go var with type", "v.go", "import \"github.com/AssemblyAI/assemblyai-go-sdk\"\nvar apiKey string = \"{K}\"\n", 2},
	{"yaml nested", "config.yaml", "assemblyai:\n  api_key: {K}\n", 2},
	{"yaml deeper nesting", "config/app.yml", "services:\n  assemblyai:\n    credentials:\n      key: \"{K}\"\n", 4},
	{"json flat", "settings.json", "{\"assemblyAiKey\": \"{K}\"}\n", 1},
	{"json nested pretty", "appsettings.json", "{\n  \"AssemblyAI\": {\n    \"ApiKey\": \"{K}\"\n  }\n}\n", 3},
	{"toml section", "config.toml", "[assemblyai]\napi_key = \"{K}\"\n", 2},
	{"ini section", "settings.ini", "[AssemblyAI]\nkey={K}\n", 2},
	{"properties", "application.properties", "server.port=8080\nassemblyai.api.key={K}\n", 2},
	{"dotenv", ".env", "PORT=3000\nASSEMBLYAI_API_KEY={K}\n", 2},
	{"dotenv export quoted", ".env.production", "export ASSEMBLYAI_API_KEY=\"{K}\"\n", 1},
	{"dotenv AAI name", ".env.local", "AAI_API_KEY={K}\n", 1},
	{"dotenv SvelteKit public token name", ".env", "PUBLIC_ASSEMBLY_API_TOKEN={K}\n", 1},
	{"camelCase key name without the file naming AssemblyAI", "src/config.js", "export const assemblyAiApiKey = '{K}';\n", 1},
	{"shell curl header", "scripts/transcribe.sh", "curl -X POST https://api.assemblyai.com/v2/transcript \\\n  -H \"authorization: {K}\" \\\n  -d '{\"audio_url\": \"https://example.com/a.mp3\"}'\n", 2},
	{"shell bearer", "run.sh", "curl https://api.assemblyai.com/v2/transcript -H 'Authorization: Bearer {K}'\n", 1},
	{"shell export", "setup.sh", "#!/bin/sh\nexport ASSEMBLYAI_API_KEY={K}\n", 2},
	{"markdown code block", "README.md", "## Setup\n\n```bash\nexport ASSEMBLYAI_API_KEY={K}\n```\n", 4},
	{"php define", "config.php", "<?php\ndefine('ASSEMBLYAI_API_KEY', '{K}');\n", 2},
	{"php array", "services.php", "<?php\n// AssemblyAI\nreturn ['assemblyai' => ['api_key' => '{K}']];\n", 3},
	{"csharp client", "Program.cs", "var client = new AssemblyAIClient(\"{K}\");\n", 1},
	{"csharp const", "Keys.cs", "using AssemblyAI;\nprivate const string ApiKey = \"{K}\";\n", 2},
	{"java builder", "App.java", "AssemblyAI client = AssemblyAI.builder().apiKey(\"{K}\").build();\n", 1},
	{"terraform tfvars", "prod.tfvars", "region = \"us-east-1\"\nassemblyai_api_key = \"{K}\"\n", 2},
	{"docker-compose list", "docker-compose.yml", "services:\n  web:\n    environment:\n      - ASSEMBLYAI_API_KEY={K}\n", 4},
	{"docker-compose map", "compose.yaml", "services:\n  web:\n    environment:\n      ASSEMBLYAI_API_KEY: {K}\n", 4},
	{"dotnet launchSettings", "Properties/launchSettings.json", "{\n  \"profiles\": {\n    \"app\": {\n      \"environmentVariables\": {\n        \"ASSEMBLYAI_API_KEY\": \"{K}\"\n      }\n    }\n  }\n}\n", 5},
	{"serverless", "serverless.yml", "provider:\n  name: aws\n  environment:\n    ASSEMBLYAI_API_KEY: {K}\n", 4},
	{"lambda cloudformation", "template.yaml", "Resources:\n  Fn:\n    Properties:\n      Environment:\n        Variables:\n          AAI_API_KEY: {K}\n", 6},
	{"dockerfile env", "Dockerfile", "FROM node:20\nENV ASSEMBLYAI_API_KEY={K}\n", 2},
	{"github actions env", ".github/workflows/ci.yml", "jobs:\n  test:\n    env:\n      ASSEMBLYAI_API_KEY: {K}\n", 4},
	{"crlf line endings", ".env", "PORT=1\r\nASSEMBLYAI_API_KEY={K}\r\n", 2},
	{"invalid utf-8 around", "bad.txt", "\xff\xfe ASSEMBLYAI_API_KEY={K} \xff\n", 1},
	{"provider-keyed map", "keys.yaml", "api_keys:\n  assemblyai: {K}\n  other: 1\n", 2},
	{"commented-out key is still in the repository", "old.py", "import assemblyai as aai\n# aai.settings.api_key = \"{K}\"\n", 2},
	// issue 11: keys in prose.
	{"prose key", "README.md", "# Demo\n\nUse key {K} for the AssemblyAI demo.\n", 3},
	{"prose key in backticks", "docs/setup.md", "1. Sign up at AssemblyAI.\n2. Enter API Key: `{K}`\n", 2},
	{"prose token in a code comment", "demo.js", "// AssemblyAI demo token is {K}\nrun();\n", 1},
	// a generic name in a file that names AssemblyAI only in a value
	{"provider named in the section", "config.yaml", "transcription:\n  provider: assemblyai\n  api_key: {K}\n", 3},
}

var negatives = []tcase{
	{"js env lookup", "src/a.js", "import { AssemblyAI } from 'assemblyai';\nconst client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });\n", 0},
	{"python env lookup", "a.py", "import assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n", 0},
	{"go env lookup", "a.go", "client := aai.NewClient(os.Getenv(\"ASSEMBLYAI_API_KEY\"))\n", 0},
	{"placeholder words", ".env.example", "ASSEMBLYAI_API_KEY=your-api-key-here\n", 0},
	{"placeholder name", ".env.example", "ASSEMBLYAI_API_KEY=YOUR_ASSEMBLYAI_API_KEY\n", 0},
	{"placeholder angle", "README.md", "export ASSEMBLYAI_API_KEY=<your key>\n", 0},
	{"all zeros", ".env.example", "ASSEMBLYAI_API_KEY=00000000000000000000000000000000\n", 0},
	{"all same letter", ".env.example", "ASSEMBLYAI_API_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0},
	{"ascending run", ".env.example", "ASSEMBLYAI_API_KEY=0123456789abcdef0123456789abcdef\n", 0},
	{"descending run", ".env.example", "ASSEMBLYAI_API_KEY=fedcba9876543210fedcba9876543210\n", 0},
	{"repeated period", ".env.example", "ASSEMBLYAI_API_KEY=deadbeefdeadbeefdeadbeefdeadbeef\n", 0},
	{"repeated period 2", ".env.example", "ASSEMBLYAI_API_KEY=1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a\n", 0},
	{"xxxx", ".env.example", "ASSEMBLYAI_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", 0},
	{"md5 label", "release.yaml", "# assemblyai sdk release\nmd5: {K}\n", 0},
	{"md5sum json", "meta.json", "{\"package\": \"assemblyai\", \"md5sum\": \"{K}\"}\n", 0},
	{"s3 etag", "s3.json", "{\"Key\": \"assemblyai/audio.mp3\", \"ETag\": \"\\\"{K}\\\"\"}\n", 0},
	{"sha1 40 hex", "a.txt", "assemblyai_commit = \"" + key + "0123abcd\"\n", 0},
	{"sha256 64 hex", "a.txt", "ASSEMBLYAI_API_KEY=" + key + key + "\n", 0},
	{"transcript id", "t.py", "import assemblyai as aai\ntranscript_id = \"{K}\"\n", 0},
	{"camel id", "t.ts", "import { AssemblyAI } from 'assemblyai';\nconst transcriptId = '{K}';\n", 0},
	{"request id", "log.json", "{\"service\": \"assemblyai\", \"request_id\": \"{K}\"}\n", 0},
	{"uuid label", "a.yaml", "assemblyai:\n  uuid: {K}\n", 0},
	{"asset manifest", "manifest.json", "{\"assemblyai-widget.js\": \"{K}\", \"main.css\": \"" + key2 + "\"}\n", 0},
	{"checksum list", "SHA256SUMS", "{K}  assemblyai-go-sdk-1.10.0.tar.gz\n", 0},
	{"integrity hash", "lock.json", "{\"name\": \"assemblyai\", \"integrity\": \"{K}\"}\n", 0},
	{"other vendor in assemblyai file", "settings.py", "import assemblyai as aai\nDATADOG_API_KEY = \"{K}\"\n", 0},
	// issue 11: a structured value is judged by its own path.
	{"cache key beside an assemblyai section", "config.yaml", "assemblyai:\n  api_key: ${AAI_KEY}\ncache:\n  key: {K}\n", 0},
	{"another section's key beside an assemblyai section", "config.yml", "assemblyai:\n  region: us\nredis:\n  password: {K}\n", 0},
	{"ini section of another service", "settings.ini", "[assemblyai]\nregion = eu\n\n[mailer]\napi_key = {K}\n", 0},
	{"pretty JSON of another service", "appsettings.json", "{\n  \"AssemblyAI\": { \"Region\": \"eu\" },\n  \"Storage\": {\n    \"ApiKey\": \"{K}\"\n  }\n}\n", 0},
	// issue 11: speech, podcast and AI APIs next to AssemblyAI.
	{"listen notes name", "podcast.py", "import assemblyai as aai\nAPI_KEY_LISTENNOTES = \"{K}\"\n", 0},
	{"listen notes in the comment above", "podcast2.py", "import assemblyai as aai\n\n# Listen Notes API\nAPI_KEY = \"{K}\"\n", 0},
	{"pinecone", "rag.py", "import assemblyai as aai\npinecone_api_key = \"{K}\"\n", 0},
	{"elevenlabs header", "tts.js", "import { AssemblyAI } from 'assemblyai';\nconst headers = { 'xi-api-key': '{K}' }; // ElevenLabs\n", 0},
	{"openai client", "llm.py", "import assemblyai as aai\nfrom openai import OpenAI\nclient = OpenAI(api_key=\"{K}\")\n", 0},
	{"deepgram", "stt.ts", "import { AssemblyAI } from 'assemblyai';\nconst deepgramKey = '{K}';\n", 0},
	// prose that is not a key
	{"prose digest", "CHANGELOG.md", "AssemblyAI SDK 4.2: the md5 key {K} of the release.\n", 0},
	{"prose id", "NOTES.md", "The AssemblyAI transcript {K} failed.\n", 0},
	{"prose other vendor", "README.md", "Use the Deepgram key {K} for the demo; AssemblyAI is configured below.\n", 0},
	{"prose without AssemblyAI", "README.md", "Use key {K} for the demo.\n", 0},
	{"other vendor camel", "keys.ts", "import { AssemblyAI } from 'assemblyai';\nconst stripeApiKey = '{K}';\n", 0},
	{"generic name without assemblyai context", "settings.py", "API_KEY = \"{K}\"\n", 0},
	{"inline allow", ".env", "ASSEMBLYAI_API_KEY={K} # aaiguard:allow\n", 0},
	{"in a url path", "a.md", "AssemblyAI upload: https://cdn.assemblyai.com/upload/{K}\n", 0},
	{"0x literal", "a.go", "const aaiKey = 0x{K}\n", 0},
	{"glued to letters", ".env", "ASSEMBLYAI_API_KEY={K}zz\n", 0},
	{"webhook secret is not an api key", ".env", "ASSEMBLYAI_WEBHOOK_SECRET={K}\n", 0},
	{"bare value in prose", "NOTES.md", "The AssemblyAI docs show {K} as an example.\n", 0},
	{"empty-string md5 stopword", ".env", "ASSEMBLYAI_API_KEY=d41d8cd98f00b204e9800998ecf8427e\n", 0},
	{"lockfile allowlisted", "package-lock.json", "{\"assemblyai\": {\"apiKey\": \"{K}\"}}\n", 0},
	{"version label", "versions.yaml", "assemblyai:\n  version: {K}\n", 0},
	// Shapes seen in AssemblyAI's own cookbook: gist links and audio URLs.
	{"gist link in a notebook cell", "guide.md", "AssemblyAI streaming: [full code](https://gist.github.com/m-ods/{K})\n", 0},
	{"hex in an audio url", "lemur.py", "import assemblyai as aai\naudio_url = (\n    \"https://www.listennotes.com/e/p/{K}/\"\n)\n", 0},
}

func expand(s string) string { return strings.ReplaceAll(s, "{K}", key) }

func TestPositives(t *testing.T) {
	e := defaultEngine(t)
	for _, tc := range positives {
		t.Run(tc.name, func(t *testing.T) {
			fs := e.Scan(detect.Item{Path: tc.path, Content: []byte(expand(tc.content))})
			if len(fs) != 1 {
				t.Fatalf("want 1 finding, got %d: %v\n%s", len(fs), fs, expand(tc.content))
			}
			f := fs[0]
			if f.Line != tc.line {
				t.Errorf("line %d, want %d", f.Line, tc.line)
			}
			if f.Secret.Reveal() != key {
				t.Errorf("secret %q", f.Secret.Reveal())
			}
			if f.Rule != "assemblyai-api-key" || f.Checklist != catalog.EnvKey || f.File != tc.path {
				t.Errorf("finding %+v", f)
			}
			// The column points at the key.
			lines := strings.Split(expand(tc.content), "\n")
			if got := []rune(lines[f.Line-1]); f.Column < 1 || f.Column+31 > len(got) || string(got[f.Column-1:f.Column+31]) != key {
				t.Errorf("column %d does not point at the key", f.Column)
			}
			// Without a path (a history blob) the result is the same, apart
			// from path-based allowlists.
			if nf := e.Scan(detect.Item{Content: []byte(expand(tc.content))}); len(nf) != 1 {
				t.Errorf("pathless scan: %d findings", len(nf))
			}
		})
	}
}

func TestNegatives(t *testing.T) {
	e := defaultEngine(t)
	for _, tc := range negatives {
		t.Run(tc.name, func(t *testing.T) {
			fs := e.Scan(detect.Item{Path: tc.path, Content: []byte(expand(tc.content))})
			if len(fs) != 0 {
				t.Fatalf("want no finding, got %v\n%s", fs, expand(tc.content))
			}
		})
	}
}

func TestSeveralKeysInOneFile(t *testing.T) {
	e := defaultEngine(t)
	content := "ASSEMBLYAI_API_KEY=" + key + "\nmd5: " + key2 + "\nAAI_KEY=" + key2 + "\n"
	fs := e.Scan(detect.Item{Path: ".env", Content: []byte(content)})
	if len(fs) != 2 || fs[0].Line != 1 || fs[1].Line != 3 {
		t.Fatalf("got %v", fs)
	}
	if fs[0].Fingerprint == fs[1].Fingerprint {
		t.Error("different secrets share a fingerprint")
	}
}

func TestFingerprintIsContentBased(t *testing.T) {
	e := defaultEngine(t)
	a := e.Scan(detect.Item{Path: ".env", Content: []byte("ASSEMBLYAI_API_KEY=" + key + "\n")})
	b := e.Scan(detect.Item{Path: ".env", Content: []byte("# moved down\n\n\nASSEMBLYAI_API_KEY=" + key + "\n")})
	c := e.Scan(detect.Item{Path: ".env", Content: []byte("ASSEMBLYAI_API_KEY=" + key2 + "\n")})
	if len(a) != 1 || len(b) != 1 || len(c) != 1 {
		t.Fatal(a, b, c)
	}
	if a[0].Fingerprint != b[0].Fingerprint {
		t.Error("a line shift changed the fingerprint")
	}
	if a[0].Fingerprint == c[0].Fingerprint {
		t.Error("a different secret on the same line kept the fingerprint")
	}
}

func TestNotebook(t *testing.T) {
	e := defaultEngine(t)
	nb := `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Transcribe with AssemblyAI\n"]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import assemblyai as aai\n",
    "aai.settings.api_key = \"` + key + `\"\n",
    "transcriber = aai.Transcriber()"
   ]
  }
 ],
 "metadata": {"kernelspec": {"name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`
	fs := e.Scan(detect.Item{Path: "demo.ipynb", Content: []byte(nb)})
	if len(fs) != 1 {
		t.Fatalf("got %v", fs)
	}
	if fs[0].Line != 15 {
		t.Errorf("line %d, want 15 (the line of the JSON string in the file)", fs[0].Line)
	}
	// Pathless (history): recognised by content.
	if fs := e.Scan(detect.Item{Content: []byte(nb)}); len(fs) != 1 || fs[0].Line != 15 {
		t.Errorf("pathless notebook: %v", fs)
	}
	// A notebook with the key only in an env lookup has no finding.
	clean := strings.Replace(nb, `\"`+key+`\"`, `os.environ[\"ASSEMBLYAI_API_KEY\"]`, 1)
	if fs := e.Scan(detect.Item{Path: "demo.ipynb", Content: []byte(clean)}); len(fs) != 0 {
		t.Errorf("clean notebook: %v", fs)
	}
	// Broken JSON falls back to scanning the text.
	broken := nb[:len(nb)-10]
	if fs := e.Scan(detect.Item{Path: "demo.ipynb", Content: []byte(broken)}); len(fs) != 1 {
		t.Errorf("broken notebook: %v", fs)
	}
}

func TestConfigAllowlistsAndRules(t *testing.T) {
	cfg, err := rules.Load(".aaiguard.toml", []byte(`
[extend]
disabledRules = []

[[allowlists]]
paths = ['''^fixtures/''']

[[rules]]
id = "internal-token"
description = "Internal token"
checklist = "env-key"
severity = "medium"
keywords = ["itok_"]
regex = '''itok_[a-z0-9]{20}'''
entropy = 2.5

[[rules.allowlists]]
stopwords = ["itok_test"]
`))
	if err != nil {
		t.Fatal(err)
	}
	e := detect.New(cfg)
	env := []byte("ASSEMBLYAI_API_KEY=" + key + "\ntoken = itok_a8f3k2m9x7q1w5e6r4t0\nother = itok_testq1w5e6r4t0a8f3k2\n")
	fs := e.Scan(detect.Item{Path: "app/.env", Content: env})
	if len(fs) != 2 || fs[0].Rule != "assemblyai-api-key" || fs[1].Rule != "internal-token" || fs[1].Severity != "medium" {
		t.Fatalf("got %v", fs)
	}
	if fs := e.Scan(detect.Item{Path: "fixtures/.env", Content: env}); len(fs) != 0 {
		t.Errorf("allowlisted path reported: %v", fs)
	}
	if !e.PathAllowed("fixtures/x") || e.PathAllowed("app/x") {
		t.Error("PathAllowed")
	}
	// FilterPath applies path allowlists after a pathless scan.
	fs = e.Scan(detect.Item{Content: env})
	for i := range fs {
		fs[i].File = "fixtures/.env"
	}
	if got := e.FilterPath(fs); len(got) != 0 {
		t.Errorf("FilterPath kept %v", got)
	}
}

func TestBinaryDetection(t *testing.T) {
	if !detect.IsBinary([]byte("abc\x00def")) || detect.IsBinary([]byte("plain text\n")) {
		t.Fatal("IsBinary")
	}
}

// Thousands of keys in one INI section: each finds the section through
// its sibling's parents (linear time), however far below the header.
func TestManySiblingKeys(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[assemblyai]\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&sb, "key%d = %016x%016x\n", i, uint64(i+1)*0x9e3779b97f4a7c15, uint64(i+7)*0xbf58476d1ce4e5b9)
	}
	fs := defaultEngine(t).Scan(detect.Item{Path: "keys.ini", Content: []byte(sb.String())})
	if len(fs) < 2900 { // a few values fail the entropy or placeholder filters
		t.Fatalf("%d findings, want ~3000", len(fs))
	}
	if last := fs[len(fs)-1]; last.Line < 2990 {
		t.Errorf("last finding at line %d", last.Line)
	}
}
