package nopolicies

import (
	"context"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// With -redactpii.require-policies=false, redaction without policies passes.
func transcribe(ctx context.Context, client *aai.Client) {
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true)})
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", &aai.TranscriptOptionalParams{}) // want `without RedactPII`
}
