package coderules_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

// Test files (internal/testpath) are skipped unless Tests: the same
// request is judged in production code and ignored in a test, in every
// language, as the Go analyzers skip _test.go.
func TestTestFilesSkippedUnlessTests(t *testing.T) {
	py := []byte("import assemblyai as aai\n\naai.Transcriber().transcribe(\"https://example.com/a.mp3\")\n")
	ts := []byte("import { AssemblyAI } from 'assemblyai'\nconst client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY })\nawait client.transcripts.transcribe({ audio: 'https://example.com/a.mp3' })\n")
	cases := []struct {
		path string
		src  []byte
		test bool
	}{
		{"worker/transcribe.py", py, false},
		{"worker/test_transcribe.py", py, true},
		{"worker/transcribe_test.py", py, true},
		{"tests/transcribe.py", py, true},
		{"worker/tests/unit/transcribe.py", py, true},
		{"src/transcribe.ts", ts, false},
		{"src/transcribe.test.ts", ts, true},
		{"src/transcribe.spec.ts", ts, true},
		{"src/__tests__/transcribe.ts", ts, true},
		{"spec/transcribe.ts", ts, true},
		{"test/transcribe.ts", ts, true},
		{"src/latest.ts", ts, false},
	}
	for _, c := range cases {
		paths := []string{c.path}
		read := func(string) ([]byte, error) { return c.src, nil }
		def := (&coderules.Checker{Project: coderules.NewProject(paths, read)}).Check(c.path, c.src)
		with := (&coderules.Checker{Project: coderules.NewProject(paths, read), Tests: true}).Check(c.path, c.src)
		if len(with.Findings) == 0 || len(with.Usage) == 0 {
			t.Errorf("%s with Tests: findings %d, usage %q: the case proves nothing", c.path, len(with.Findings), with.Usage)
		}
		if got := len(def.Findings) == 0 && len(def.Usage) == 0; got != c.test {
			t.Errorf("%s: skipped by default = %v, want %v (%d findings)", c.path, got, c.test, len(def.Findings))
		}
	}
}
