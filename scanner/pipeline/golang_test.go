package pipeline

import (
	"context"
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gofixture"
)

// serviceGo uses the SDK: a hard-coded key, a request without redaction, a
// deletion and a request with redaction.
const serviceGo = `package main

import (
	"context"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClient("staging-key-do-not-commit")

func main() {
	ctx := context.Background()
	t, _ := client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", nil)
	client.Transcripts.Delete(ctx, aai.ToString(t.ID))
	_ = aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/b.mp3", &aai.TranscriptOptionalParams{
		RedactPII:         aai.Bool(true),
		RedactPIIPolicies: []aai.PIIPolicy{"person_name"},
	})
}
`

// The stage records positive evidence and usage for the checklist.
func TestGoStageEvidence(t *testing.T) {
	dir := t.TempDir()
	gofixture.WriteModule(t, dir, map[string]string{"main.go": serviceGo})
	rc, err := Options{Root: dir}.newRun(context.Background(), CommandCheck)
	if err != nil {
		t.Fatal(err)
	}
	if err := runGoAnalyzers(rc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"env-key":       `main.go:16: API key read from the environment (os.Getenv("ASSEMBLYAI_API_KEY"))`,
		"pii-redaction": "main.go:17: transcription request (TranscribeFromURL) with PII redaction and policies",
		"retention":     "main.go:15: transcript deleted after use (Transcripts.Delete)",
	}
	for id, line := range want {
		if !slices.Contains(rc.evidence[id], line) {
			t.Errorf("Evidence[%s] = %q, want it to hold %q", id, rc.evidence[id], line)
		}
	}
	if !slices.Contains(rc.usage, "main.go:7: imports github.com/AssemblyAI/assemblyai-go-sdk") {
		t.Errorf("Usage = %q", rc.usage)
	}
}
