package python_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/python"
)

func TestFacts(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
		not  []string
	}{
		{"from-import of the 1.0 module path with alias",
			`from assemblyai.prerecorded.v2 import Transcriber as T, TranscriptionConfig
t = T(config=TranscriptionConfig(redact_pii=True))
t.transcribe("a.mp3")`,
			[]string{`request 3: t.transcribe {redact_pii=true}`, `import 1: imports the assemblyai SDK`}, nil},
		{"call config overrides the transcriber's",
			`import assemblyai as aai
t = aai.Transcriber(config=aai.TranscriptionConfig(redact_pii=True))
t.transcribe("a.mp3", config=aai.TranscriptionConfig(content_safety=True))`,
			[]string{`request 3: t.transcribe {content_safety=true}`}, nil},
		{"set_redact_pii(False) drops policies",
			`import assemblyai as aai
c = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=["person_name"])
c.set_redact_pii(False)
aai.Transcriber().submit("a", config=c)`,
			[]string{`request 4: aai.Transcriber().submit {redact_pii=false}`}, nil},
		{"mutation after the use does not count",
			`import assemblyai as aai
c = aai.TranscriptionConfig()
aai.Transcriber().submit("a", config=c)
c.redact_pii = True`,
			[]string{`request 3: aai.Transcriber().submit {}`}, nil},
		{"a transcriber method of another library is not a request",
			`import whisper
model = whisper.load_model("base")
model.transcribe("a.mp3")`, nil, []string{"request"}},
		{"function parameter shadows module config",
			`import assemblyai as aai
config = aai.TranscriptionConfig(redact_pii=True)
def f(config):
    return aai.Transcriber().transcribe("a", config=config)`,
			[]string{`request 4: aai.Transcriber().transcribe ?`}, nil},
		{"httpx async client with base_url and a delete",
			`import httpx
async def go(id):
    async with httpx.AsyncClient(base_url="https://api.assemblyai.com") as c:
        pass
    client = httpx.AsyncClient(base_url="https://api.assemblyai.com")
    await client.delete(f"/v2/transcript/{id}")
    await client.post("/v2/transcript", json={"audio_url": "u"})`,
			[]string{`delete 6: client.delete DELETE /v2/transcript/{id}`, `request 7: client.post POST /v2/transcript {audio_url="u"}`}, nil},
		{"requests.request with the method first",
			`import requests
requests.request("POST", "https://api.assemblyai.com/v2/transcript", json={"audio_url": "u", "redact_pii": False})`,
			[]string{`request 2: requests.request POST /v2/transcript {audio_url="u",redact_pii=false}`}, nil},
		{"v3 token with params",
			`import requests
requests.get("https://streaming.assemblyai.com/v3/token", params={"expires_in_seconds": 3600})`,
			[]string{`token 2: requests.get /v3/token expires_in_seconds=3600`}, nil},
		{"env reads",
			`import os
from os import getenv
a = os.environ["ASSEMBLYAI_API_KEY"]
b = os.environ.get("AAI_API_KEY")
c = getenv("ASSEMBLY_AI_KEY", "")
d = os.getenv("HOME")`,
			[]string{`keyread 3: API key read from the environment (ASSEMBLYAI_API_KEY)`, `keyread 4: API key read from the environment (AAI_API_KEY)`, `keyread 5: API key read from the environment (ASSEMBLY_AI_KEY)`}, []string{"keyread 6"}},
		{"key in a FastAPI route, token in another",
			`import os
from fastapi import FastAPI
app = FastAPI()
KEY = os.environ["ASSEMBLYAI_API_KEY"]
@app.get("/key")
async def key():
    return {"key": KEY}
@app.get("/token")
async def token():
    return {"token": mint(KEY)}
def helper():
    return {"key": KEY}`,
			[]string{`keyresponse 7: route returns os.environ["ASSEMBLYAI_API_KEY"]`}, []string{"keyresponse 10", "keyresponse 12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, tr, err := python.Analyze([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Errors != 0 {
				t.Fatalf("%d syntax errors", tr.Errors)
			}
			got := f.Summary()
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

func TestDecodeNotebook(t *testing.T) {
	nb := map[string]any{
		"nbformat": 4,
		"metadata": map[string]any{"kernelspec": map[string]any{"language": "python", "name": "python3"}},
		"cells": []any{
			map[string]any{"cell_type": "markdown", "source": []string{"x = 1\n"}},
			map[string]any{"cell_type": "code", "source": []string{"%pip install assemblyai\n", "import assemblyai as aai\n", "  !ls\n", "y = 2"}},
			map[string]any{"cell_type": "code", "source": "z = 3\nw = 4\n"},
		},
	}
	b, _ := json.MarshalIndent(nb, "", " ")
	d, err := python.DecodeNotebook(b)
	if err != nil {
		t.Fatal(err)
	}
	want := "                       \nimport assemblyai as aai\n     \ny = 2\nz = 3\nw = 4\n"
	if string(d.Src) != want {
		t.Errorf("src = %q, want %q", d.Src, want)
	}
	if d.Language != "python" {
		t.Errorf("language %q", d.Language)
	}
	lines := strings.Split(string(b), "\n")
	if l := d.FileLine(2); !strings.Contains(lines[l-1], "import assemblyai as aai") {
		t.Errorf("line 2 maps to %d: %q", l, lines[l-1])
	}
	if l := d.FileLine(5); !strings.Contains(lines[l-1], "z = 3") {
		t.Errorf("line 5 maps to %d: %q", l, lines[l-1])
	}
	for _, bad := range []string{"", "{", `{"cells": 3}`, `[1,2]`, `{"nbformat": 4}`} {
		if _, err := python.DecodeNotebook([]byte(bad)); err == nil {
			t.Errorf("DecodeNotebook(%q): no error", bad)
		}
	}
}

func TestClassAttributeResolves(t *testing.T) {
	// The class attribute says another host, so this is not an AssemblyAI
	// request even in a file that mentions AssemblyAI; were BASE not
	// resolved, "«?»/transcript" would count as one.
	src := `import requests  # next to our assemblyai client
class S(requests.Session):
    BASE = "https://api.example.com/v2"
    def go(self):
        return self.post(self.BASE + "/transcript", json={"audio_url": "u"})
`
	f, _, err := python.Analyze([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Requests) != 0 {
		t.Errorf("requests %q", f.Summary())
	}
}
