package pipeline

import (
	"context"
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gofixture"
)

// serviceGo is the shared SDK-using fixture.
const serviceGo = gofixture.ServiceGo

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
