package coderules_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

// TestBadInputNewLanguages: broken, binary-ish, non-UTF-8 and oversized
// files of the Ruby, Java, C#, PHP and Go front ends end with findings from
// what parsed, or a reason the file was not parsed: never a panic.
func TestBadInputNewLanguages(t *testing.T) {
	c := &coderules.Checker{SyntacticGo: true}
	call := map[string]string{
		"a.rb":   "require 'assemblyai'\nclient.transcripts.transcribe(audio_url: u)\n",
		"A.java": "import com.assemblyai.api.AssemblyAI;\nclass A { void f() { client.transcripts().transcribe(\"https://example.com/a.mp3\"); } }\n",
		"A.cs":   "using AssemblyAI;\nawait client.Transcripts.TranscribeAsync(new Uri(u));\n",
		"a.php":  "<?php\n$c = curl_init('https://api.assemblyai.com/v2/transcript');\ncurl_setopt($c, CURLOPT_POSTFIELDS, json_encode(['audio_url' => 'u']));\ncurl_exec($c);\n",
		"a.go":   "package p\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\nfunc f() { client.Transcripts.SubmitFromURL(ctx, u, nil) }\n",
	}
	for name, good := range call {
		t.Run(name, func(t *testing.T) {
			// A valid request after a broken line is still judged.
			broken := "))) {{{ <<< ]]\n" + good
			if res := c.Check(name, []byte(broken)); res.Unparsed == nil && !hasRule(res, coderules.PIIMissing) {
				t.Errorf("broken file: no finding and no reason (syntax errors %d)", res.SyntaxErrors)
			}
			// Mostly garbage: a reason, whatever else.
			garbage := strings.Repeat("\x00\xff\xfe))]]}}", 400) + good
			if res := c.Check(name, []byte(garbage)); res.Unparsed == nil && res.SyntaxErrors == 0 {
				t.Errorf("garbage parsed without an error")
			}
			// Latin-1 bytes in a string and a comment.
			latin := bytes.Replace([]byte(good), []byte("u"), []byte("\xe9t\xe9"), 1)
			c.Check(name, latin)
			// Over the parse limit: noted, not parsed.
			huge := []byte(good + strings.Repeat("// assemblyai\n", coderules.MaxParseSize/14+1))
			if res := c.Check(name, huge); res.Unparsed == nil || res.Parsed && len(res.Findings) > 0 {
				t.Errorf("huge file: unparsed %v, %d findings", res.Unparsed, len(res.Findings))
			}
			// Deep nesting.
			deep := good + strings.Repeat("(", 20000) + strings.Repeat(")", 20000)
			c.Check(name, []byte(deep))
		})
	}
}

func hasRule(res *coderules.Result, rule string) bool {
	for _, f := range res.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
