package coderules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzCheck feeds arbitrary content to every front end: no input may panic
// or report a finding outside the file.
func FuzzCheck(f *testing.F) {
	for _, p := range []string{"pii/sdk_esm.ts", "pii/sdk.py", "pii/notebook.ipynb", "browser/public/index.html", "webhook/webhook.ts", "pii/rest.py"} {
		data, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Ext(p), data)
	}
	f.Add(".js", []byte("client.transcripts.transcribe({...a, ...a, [k]: `${`${x}`}`})"))
	f.Add(".py", []byte("x = x\nx.set_redact_pii = x\naai.Transcriber(config=x).transcribe(x, config=x)"))
	f.Add(".ts", []byte("export { a } from './f';\nexport * from './m';\nimport { a } from './f';\nimport * as m from './m';\nm.client.transcripts.transcribe({...a});\n"))
	f.Add(".py", []byte("from .f import x\nfrom m import y as x\nimport m\nm.t.transcribe(u, config=x)\ndef f(p):\n    return f(p)\nf(f(1))\n"))
	for _, p := range []string{"ruby/sdk.rb", "java/Sdk.java", "csharp/Sdk.cs", "php/curl.php", "golang/sdk.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Ext(p), data)
	}
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		switch ext {
		case ".js", ".ts", ".tsx", ".py", ".ipynb", ".html", ".svelte", ".rb", ".java", ".cs", ".php", ".go":
		default:
			ext = ".js"
		}
		// The input is also every module it can import (./f, ./m, m,
		// .f): the cross-file table reads it again, cycles included.
		paths := []string{"f" + ext, "m.ts", "m.js", "m.py", "f.py", "tsconfig.json", "index.ts", "__init__.py"}
		c := &Checker{NoPrefilter: true, SyntacticGo: true, Project: NewProject(paths, func(string) ([]byte, error) { return data, nil })}
		res := c.Check("f"+ext, data)
		if res.Unparsed != nil && strings.Contains(res.Unparsed.Error(), "internal error") {
			t.Fatalf("front end panicked: %v", res.Unparsed)
		}
		lines := 1
		for _, b := range data {
			if b == '\n' {
				lines++
			}
		}
		for _, fd := range res.Findings {
			if fd.File != "f"+ext || fd.Line < 0 || fd.Line > lines {
				t.Fatalf("finding out of the file: %+v (%d lines)", fd, lines)
			}
		}
	})
}

// TestCyclicDefinitionsAreLinear: mutually recursive definitions must
// finish quickly (a placeholder in the memo cuts the cycle at once).
func TestCyclicDefinitionsAreLinear(t *testing.T) {
	c := &Checker{}
	for _, tc := range []struct{ name, src string }{
		{"f.py", "import assemblyai as aai\nx = y + y\ny = x + x\nz = x + y\naai.Transcriber().transcribe(u, config=z + z)\nrequests.post(x + y, json=z)\n"},
		{"f.js", "const x = y + y;\nconst y = x + x;\nfetch(x + y + '/v2/transcript', {method: 'POST', body: x});\nclient.transcripts.transcribe({...x, ...y});\n"},
	} {
		done := make(chan struct{})
		go func() {
			c.Check(tc.name, []byte(tc.src))
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: evaluation did not finish", tc.name)
		}
	}
}
